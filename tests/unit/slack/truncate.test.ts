import { describe, expect, it } from 'vitest';
import { entitySafeCut, escapeMrkdwn, SLACK_LIMITS as L, truncateMrkdwn } from '../../../adapters/slack/limits.js';
import { REACT_TO_JOIN, renderCard, textSections } from '../../../adapters/slack/render.js';
import type { Card } from '../../../src/core/types.js';

describe('Slack text truncation', () => {
  it('never cuts escaped mrkdwn inside an entity', () => {
    // "a" * 6 then "&" escapes to "aaaaaa&amp;": every cut inside the entity backs off before it.
    const escaped = escapeMrkdwn('aaaaaa&b');
    expect(escaped).toBe('aaaaaa&amp;b');
    for (const max of [8, 9, 10, 11]) expect(truncateMrkdwn(escaped, max)).toBe('aaaaaa…');
    expect(truncateMrkdwn(escaped, 12)).toBe('aaaaaa&amp;b');
    expect(truncateMrkdwn(escapeMrkdwn('a<b>c'), 6)).toBe('a&lt;…');
    expect(truncateMrkdwn(escapeMrkdwn('a<b>c'), 8)).toBe('a&lt;b…');
    expect(entitySafeCut('x&gt;y', 3)).toBe(1);
    expect(entitySafeCut('x&gt;y', 5)).toBe(5);
  });

  it('a long card field full of ampersands shows no broken entity', () => {
    const card: Card = { kind: 'info', title: 'Tom & Jerry', fields: [{ label: 'Cast', value: 'Tom & Jerry '.repeat(400) }] };
    const fields = renderCard(card, 0).find((b) => b.type === 'section' && 'fields' in b && b.fields) as { fields: { text: string }[] };
    const text = fields.fields[0]!.text;
    expect(Array.from(text).length).toBeLessThanOrEqual(L.fieldText);
    expect(text.endsWith('…')).toBe(true);
    expect(text).not.toMatch(/&(?![a-z]+;)/);
  });

  it('long text split into sections cuts between entities too', () => {
    const sections = textSections(`${'x'.repeat(L.sectionText - 3)}&&&& and more`, 5) as { text: { text: string } }[];
    expect(sections.length).toBe(2);
    for (const s of sections) expect(s.text.text).not.toMatch(/&(?![a-z]+;)/);
    expect(sections.map((s) => s.text.text).join('')).toBe(escapeMrkdwn(`${'x'.repeat(L.sectionText - 3)}&&&& and more`));
  });
});

describe('the Slack party card', () => {
  const party = (status: 'open' | 'closed'): Card => ({
    kind: 'party',
    title: '🎬 Watch party',
    actions: [{ id: 'v1:pj:7:abcdefgh', kind: 'party_join', label: 'Join', group: 'main' }],
    party: { partyId: 7, status, host: 'Ana', members: ['Ana'], constraints: '' },
  });

  it('says that reacting joins while the party is live, and not after', () => {
    expect(JSON.stringify(renderCard(party('open'), 0))).toContain(JSON.stringify(REACT_TO_JOIN).slice(1, -1));
    expect(JSON.stringify(renderCard(party('closed'), 0))).not.toContain('react to this message');
  });
});
