/**
 * The card-action payload codec. Every button the core hands out carries a compact,
 * versioned string such as `v1:r:2571:4.5:Xy3_k9Qa` (kind, arguments, MAC). Adapters pass it
 * back unchanged; the core checks the MAC before trusting a byte of it, so a hand-edited
 * custom_id or action value ("rate movie 1 for someone else", "vote twice") is rejected.
 *
 * The MAC binds the payload only, not a user: anyone in a channel may rate a card for
 * themselves, and the clicker always comes from the platform event, never from the payload.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { err, ok, type Result } from '../util/result.js';

export const ACTION_VERSION = 'v1';
/** Discord caps custom_id at 100 characters; Slack action values are larger. */
export const MAX_PAYLOAD_LENGTH = 100;
/** 8 base64url characters = 48 bits: plenty against guessing, short enough for custom_id. */
const MAC_LENGTH = 8;

const movieId = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
const partyId = movieId;
const stars = z.coerce.number().refine((v) => v >= 0.5 && v <= 5 && Math.round(v * 2) === v * 2, 'off the half-star scale');
/** A short token naming a command or operation (lower-case, digits, dash, underscore, dot). */
const token = z.string().regex(/^[a-z0-9_.-]{1,20}$/);
const smallInt = z.coerce.number().int().min(0).max(100_000);

/** Every decoded action, discriminated by `kind`. */
export const actionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rate'), movieId, stars }),
  /** A removed reaction on Discord: retract the rating (only if it still is `stars`, when given). */
  z.object({ kind: z.literal('unrate'), movieId, stars: stars.optional() }),
  z.object({ kind: z.literal('seen'), movieId }),
  z.object({ kind: z.literal('dismiss'), movieId }),
  z.object({ kind: z.literal('watchlist'), movieId }),
  z.object({ kind: z.literal('unwatchlist'), movieId }),
  z.object({ kind: z.literal('more_like'), movieId }),
  z.object({ kind: z.literal('why'), movieId }),
  /** "More": the next page of the clicker's last list in this channel. */
  z.object({ kind: z.literal('next_page') }),
  /** One of several ambiguous titles: run `command` on it (stars for rate). */
  z.object({ kind: z.literal('choose'), command: token, movieId, stars: stars.optional() }),
  z.object({ kind: z.literal('confirm'), op: token }),
  z.object({ kind: z.literal('cancel'), op: token }),
  z.object({ kind: z.literal('party_join'), partyId }),
  z.object({ kind: z.literal('party_leave'), partyId }),
  /** The host asks for the group list (movieId unused today; kept optional for a direct pick). */
  z.object({ kind: z.literal('party_pick'), partyId, movieId: movieId.optional() }),
  z.object({ kind: z.literal('party_vote'), partyId, movieId, rank: smallInt.optional() }),
  /** Take back the clicker's vote for movieId, or all their votes when it is left off. */
  z.object({ kind: z.literal('party_unvote'), partyId, movieId: movieId.optional() }),
  z.object({ kind: z.literal('party_close'), partyId }),
  /** The host brings the people with them (InboundAction.invitees) into the party. */
  z.object({ kind: z.literal('party_invite'), partyId }),
]);

export type ActionPayload = z.infer<typeof actionSchema>;
export type ActionPayloadKind = ActionPayload['kind'];

/** Wire code and argument order per kind. Codes are short because custom_id is. */
const layout: Record<ActionPayloadKind, { code: string; args: readonly string[] }> = {
  rate: { code: 'r', args: ['movieId', 'stars'] },
  unrate: { code: 'u', args: ['movieId', 'stars'] },
  seen: { code: 's', args: ['movieId'] },
  dismiss: { code: 'd', args: ['movieId'] },
  watchlist: { code: 'w', args: ['movieId'] },
  unwatchlist: { code: 'W', args: ['movieId'] },
  more_like: { code: 'm', args: ['movieId'] },
  why: { code: 'y', args: ['movieId'] },
  next_page: { code: 'n', args: [] },
  choose: { code: 'c', args: ['command', 'movieId', 'stars'] },
  confirm: { code: 'k', args: ['op'] },
  cancel: { code: 'x', args: ['op'] },
  party_join: { code: 'pj', args: ['partyId'] },
  party_leave: { code: 'pl', args: ['partyId'] },
  party_pick: { code: 'pp', args: ['partyId', 'movieId'] },
  party_vote: { code: 'pv', args: ['partyId', 'movieId', 'rank'] },
  party_unvote: { code: 'pu', args: ['partyId', 'movieId'] },
  party_close: { code: 'pc', args: ['partyId'] },
  party_invite: { code: 'pi', args: ['partyId'] },
};

const kindByCode = new Map(Object.entries(layout).map(([kind, l]) => [l.code, kind as ActionPayloadKind]));

/** Signs and verifies payloads with one secret (REELMATE_SECRET or the stored one). */
export class ActionCodec {
  private readonly key: Buffer;

  constructor(secret: string | Uint8Array) {
    this.key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (this.key.length < 16) throw new Error('action secret must be at least 16 bytes');
  }

  encode(action: ActionPayload): string {
    // Validate on the way out too: a bug that builds a bad payload should fail loudly here.
    const checked = actionSchema.parse(action);
    const { code, args } = layout[checked.kind];
    const values = args.map((name) => (checked as Record<string, unknown>)[name]);
    // Optional trailing arguments are simply left off.
    while (values.length > 0 && values[values.length - 1] === undefined) values.pop();
    const body = [ACTION_VERSION, code, ...values.map((v) => (v === undefined ? '' : String(v)))].join(':');
    const payload = `${body}:${this.mac(body)}`;
    if (payload.length > MAX_PAYLOAD_LENGTH) throw new Error(`action payload too long: ${payload}`);
    return payload;
  }

  /** Any malformed, tampered, stale-version or unknown payload is `bad_action`. */
  decode(payload: string): Result<ActionPayload> {
    if (typeof payload !== 'string' || payload.length === 0 || payload.length > MAX_PAYLOAD_LENGTH) {
      return err('bad_action', 'That button is not valid any more.', 'payload length');
    }
    const cut = payload.lastIndexOf(':');
    if (cut <= 0) return err('bad_action', 'That button is not valid any more.', 'no mac');
    const body = payload.slice(0, cut);
    const given = Buffer.from(payload.slice(cut + 1), 'utf8');
    const expected = Buffer.from(this.mac(body), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return err('bad_action', 'That button is not valid any more.', 'mac mismatch');
    }
    const [version, code, ...values] = body.split(':');
    if (version !== ACTION_VERSION) return err('bad_action', 'That button is from an older version; ask again.', 'version');
    const kind = code === undefined ? undefined : kindByCode.get(code);
    if (!kind) return err('bad_action', 'That button is not valid any more.', `unknown code ${code}`);
    const names = layout[kind].args;
    if (values.length > names.length) return err('bad_action', 'That button is not valid any more.', 'extra args');
    const raw: Record<string, unknown> = { kind };
    names.forEach((name, i) => {
      const v = values[i];
      if (v !== undefined && v !== '') raw[name] = v;
    });
    const parsed = actionSchema.safeParse(raw);
    if (!parsed.success) return err('bad_action', 'That button is not valid any more.', parsed.error.message);
    return ok(parsed.data);
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, MAC_LENGTH);
  }
}
