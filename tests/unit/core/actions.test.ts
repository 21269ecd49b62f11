import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_LENGTH } from '../../../src/core/actions.js';
import { ActionCodec, type ActionPayload } from '../../../src/features/index.js';

const codec = new ActionCodec('test-secret-0123456789abcdef');

describe('action payload codec', () => {
  const samples: ActionPayload[] = [
    { kind: 'rate', movieId: 2571, stars: 4.5 },
    { kind: 'rate', movieId: 1, stars: 1 },
    { kind: 'unrate', movieId: 193609 },
    { kind: 'unrate', movieId: 193609, stars: 3 },
    { kind: 'seen', movieId: 6 },
    { kind: 'dismiss', movieId: 6 },
    { kind: 'watchlist', movieId: 6 },
    { kind: 'unwatchlist', movieId: 6 },
    { kind: 'more_like', movieId: 6 },
    { kind: 'why', movieId: 6 },
    { kind: 'next_page' },
    { kind: 'choose', command: 'rate', movieId: 6, stars: 3.5 },
    { kind: 'choose', command: 'watchlist.remove', movieId: 6 },
    { kind: 'confirm', op: 'forget' },
    { kind: 'cancel', op: 'forget' },
    { kind: 'party_join', partyId: 12 },
    { kind: 'party_vote', partyId: 12, movieId: 2571, rank: 2 },
    { kind: 'party_close', partyId: 12 },
  ];

  it.each(samples)('round-trips %o compactly', (action) => {
    const payload = codec.encode(action);
    expect(payload.length).toBeLessThan(MAX_PAYLOAD_LENGTH);
    expect(payload.startsWith('v1:')).toBe(true);
    expect(codec.decode(payload)).toEqual({ ok: true, value: action });
  });

  it('uses the documented compact shape for ratings', () => {
    expect(codec.encode({ kind: 'rate', movieId: 2571, stars: 4 })).toMatch(/^v1:r:2571:4:[A-Za-z0-9_-]{8}$/);
  });

  it('detects tampering with any part of the payload', () => {
    const good = codec.encode({ kind: 'rate', movieId: 2571, stars: 4 });
    const mac = good.slice(good.lastIndexOf(':') + 1);
    const bad = [
      `v1:r:2571:5:${mac}`, // changed stars
      `v1:r:2572:4:${mac}`, // changed movie
      `v2:r:2571:4:${mac}`, // changed version
      good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A'), // changed mac
      'v1:r:2571:4', // no mac
      '',
      'x'.repeat(200),
    ];
    for (const payload of bad) {
      const r = codec.decode(payload);
      expect(r.ok, payload).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('bad_action');
    }
  });

  it('rejects payloads signed with another secret', () => {
    const other = new ActionCodec('another-secret-0123456789');
    expect(codec.decode(other.encode({ kind: 'seen', movieId: 1 })).ok).toBe(false);
  });

  it('rejects well-signed but invalid values', () => {
    // A payload signed by us but with values the schema refuses (e.g. an old bug) is still bad_action.
    const forge = (body: string) => {
      const mac = (codec as unknown as { mac(b: string): string }).mac(body);
      return `${body}:${mac}`;
    };
    expect(codec.decode(forge('v1:r:2571:4.3')).ok).toBe(false);
    expect(codec.decode(forge('v1:r:2571:7')).ok).toBe(false);
    expect(codec.decode(forge('v1:r:-1:4')).ok).toBe(false);
    expect(codec.decode(forge('v1:zz:1')).ok).toBe(false);
    expect(codec.decode(forge('v1:s:1:2')).ok).toBe(false);
    expect(codec.decode(forge('v1:r:2571:4')).ok).toBe(true);
  });

  it('refuses to encode invalid actions (a bug, so it throws)', () => {
    expect(() => codec.encode({ kind: 'rate', movieId: 1, stars: 4.2 })).toThrow();
    expect(() => new ActionCodec('short')).toThrow();
  });
});
