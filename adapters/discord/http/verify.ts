/**
 * Discord signs every request to an Interactions Endpoint with Ed25519: the signature (hex,
 * X-Signature-Ed25519) covers the timestamp header followed by the raw body, under the
 * application's public key (hex, the Developer Portal's "Public Key"). node:crypto verifies
 * Ed25519 natively, so no package is needed. Discord itself probes the endpoint with bad
 * signatures and refuses to save the URL unless they get a 401.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const HEX = /^[0-9a-f]+$/i;

/** The application's public key as node:crypto wants it; throws on a malformed key (a config error). */
export function discordPublicKey(hex: string): KeyObject {
  if (hex.length !== 64 || !HEX.test(hex)) throw new Error('DISCORD_PUBLIC_KEY must be 64 hexadecimal characters');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** Does `signature` (hex) sign timestamp + body under `key`? False for anything malformed. */
export function verifyDiscordSignature(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  body: string,
): boolean {
  if (!signature || !timestamp || signature.length !== 128 || !HEX.test(signature)) return false;
  try {
    return verify(null, Buffer.from(timestamp + body, 'utf8'), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}
