/**
 * The card-action payload codec. Every button the core hands out carries a compact,
 * versioned string such as `v1:r:2571:4.5:Xy3_k9Qa` (kind, arguments, MAC). Adapters pass it
 * back unchanged; the core checks the MAC before trusting a byte of it, so a hand-edited
 * custom_id or action value ("rate movie 1 for someone else", "vote twice") is rejected.
 *
 * The MAC binds the payload only, not a user: anyone in a channel may rate a card for
 * themselves, and the clicker always comes from the platform event, never from the payload.
 *
 * This is the wire machinery only: which kinds exist, their codes and arguments, is declared
 * by the features' buttons (src/features/<name>/), and the registry builds the codec from them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { err, ok, type Result } from '../util/result.js';

export const ACTION_VERSION = 'v1';
/** Discord caps custom_id at 100 characters; Slack action values are larger. */
export const MAX_PAYLOAD_LENGTH = 100;
/** 8 base64url characters = 48 bits: plenty against guessing, short enough for custom_id. */
const MAC_LENGTH = 8;

/* Argument schemas the buttons share. They coerce: on the wire every argument is text. */
export const movieIdArg = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
export const partyIdArg = movieIdArg;
export const starsArg = z.coerce.number().refine((v) => v >= 0.5 && v <= 5 && Math.round(v * 2) === v * 2, 'off the half-star scale');
/** A short token naming a command or operation (lower-case, digits, dash, underscore, dot). */
export const tokenArg = z.string().regex(/^[a-z0-9_.-]{1,20}$/);
export const smallIntArg = z.coerce.number().int().min(0).max(100_000);

/** Any decoded payload, as the core sees it; the registry narrows it (ActionPayload). */
export interface WirePayload {
  kind: string;
  [arg: string]: string | number | undefined;
}

/** How one button kind travels: a short code (custom_id is short) and its arguments in wire order. */
export interface ButtonWire<K extends string = string, S extends z.ZodRawShape = z.ZodRawShape> {
  kind: K;
  code: string;
  /** Named argument schemas, in wire order; optional ones last (they are left off when absent). */
  args: S;
}

/** The decoded arguments of a wire's shape (none: an empty object, not zod's `Record<string, never>`). */
export type ArgsOf<S extends z.ZodRawShape> = keyof S extends never ? object : z.infer<z.ZodObject<S>>;

/** The decoded payload of one wire: `{ kind, ...args }`. */
export type PayloadOf<W> = W extends ButtonWire<infer K, infer S> ? { kind: K } & ArgsOf<S> : never;

/** What a feature or the core needs to put a payload on a button. */
export interface PayloadEncoder {
  encode(action: WirePayload): string;
}

interface CompiledWire {
  kind: string;
  code: string;
  names: readonly string[];
  schema: z.ZodType<WirePayload>;
}

/** Signs and verifies payloads with one secret (REELMATE_SECRET or the stored one). */
export class WireCodec<P extends WirePayload = WirePayload> implements PayloadEncoder {
  private readonly key: Buffer;
  private readonly byKind = new Map<string, CompiledWire>();
  private readonly byCode = new Map<string, CompiledWire>();

  constructor(secret: string | Uint8Array, wires: readonly ButtonWire[]) {
    this.key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (this.key.length < 16) throw new Error('action secret must be at least 16 bytes');
    for (const w of wires) {
      if (this.byKind.has(w.kind) || this.byCode.has(w.code)) throw new Error(`button ${w.kind} (${w.code}) is declared twice`);
      const compiled: CompiledWire = {
        kind: w.kind,
        code: w.code,
        names: Object.keys(w.args),
        schema: z.object({ kind: z.literal(w.kind), ...w.args }) as unknown as z.ZodType<WirePayload>,
      };
      this.byKind.set(w.kind, compiled);
      this.byCode.set(w.code, compiled);
    }
  }

  /** The kinds this codec knows, in declaration order. */
  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  encode(action: P): string {
    const wire = this.byKind.get(action.kind);
    if (!wire) throw new Error(`unknown action kind ${action.kind}`);
    // Validate on the way out too: a bug that builds a bad payload should fail loudly here.
    const checked = wire.schema.parse(action);
    const values = wire.names.map((name) => checked[name]);
    // Optional trailing arguments are simply left off.
    while (values.length > 0 && values[values.length - 1] === undefined) values.pop();
    const body = [ACTION_VERSION, wire.code, ...values.map((v) => (v === undefined ? '' : String(v)))].join(':');
    const payload = `${body}:${this.mac(body)}`;
    if (payload.length > MAX_PAYLOAD_LENGTH) throw new Error(`action payload too long: ${payload}`);
    return payload;
  }

  /** Any malformed, tampered, stale-version or unknown payload is `bad_action`. */
  decode(payload: string): Result<P> {
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
    const wire = code === undefined ? undefined : this.byCode.get(code);
    if (!wire) return err('bad_action', 'That button is not valid any more.', `unknown code ${code}`);
    if (values.length > wire.names.length) return err('bad_action', 'That button is not valid any more.', 'extra args');
    const raw: Record<string, unknown> = { kind: wire.kind };
    wire.names.forEach((name, i) => {
      const v = values[i];
      if (v !== undefined && v !== '') raw[name] = v;
    });
    const parsed = wire.schema.safeParse(raw);
    if (!parsed.success) return err('bad_action', 'That button is not valid any more.', parsed.error.message);
    return ok(parsed.data as P);
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, MAC_LENGTH);
  }
}
