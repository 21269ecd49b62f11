import { describe, expect, it } from 'vitest';
import { discordPublicKey, verifyDiscordSignature } from '../../../adapters/discord/http/verify.js';
import { ConfigError, loadConfig } from '../../../src/config.js';
import { roleProblem } from '../../../src/roles/role.js';
import { ed25519KeyPair } from '../../helpers/fake-discord/http-interactions.js';
import { sign } from 'node:crypto';

describe('process roles', () => {
  it('`serve` and `worker` need a PostgreSQL server and say so; `all` runs anywhere', () => {
    expect(roleProblem('all', { DATABASE_URL: undefined })).toBeUndefined();
    expect(roleProblem('serve', { DATABASE_URL: 'postgres://x@h/db' })).toBeUndefined();
    expect(roleProblem('worker', { DATABASE_URL: undefined })).toMatch(/`reelmate worker`.*set DATABASE_URL/s);
    expect(roleProblem('serve', { DATABASE_URL: undefined })).toMatch(/npm start/);
  });

  it('scale-out settings are validated with readable messages', () => {
    expect(loadConfig({ REELMATE_PARTY_CHECK_SECONDS: '5', REELMATE_TRAIN_TIMEOUT_MINUTES: '30' })).toMatchObject({
      REELMATE_PARTY_CHECK_SECONDS: 5,
      REELMATE_TRAIN_TIMEOUT_MINUTES: 30,
    });
    expect(loadConfig({})).toMatchObject({ REELMATE_PARTY_CHECK_SECONDS: 30, REELMATE_TRAIN_TIMEOUT_MINUTES: 120 });
    expect(loadConfig({ DISCORD_PUBLIC_KEY: '' }).DISCORD_PUBLIC_KEY).toBeUndefined();
    expect(() => loadConfig({ REELMATE_PARTY_CHECK_SECONDS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ DISCORD_PUBLIC_KEY: 'not-a-key' })).toThrow(
      /DISCORD_PUBLIC_KEY: must be the 64 hexadecimal characters of the Public Key/,
    );
    expect(loadConfig({ DISCORD_PUBLIC_KEY: ` ${'ab'.repeat(32)} ` }).DISCORD_PUBLIC_KEY).toBe('ab'.repeat(32));
  });
});

describe('Discord request signatures', () => {
  it('accepts what the key signed and nothing else', () => {
    const { privateKey, publicKeyHex } = ed25519KeyPair();
    const key = discordPublicKey(publicKeyHex);
    const sig = sign(null, Buffer.from('123{"type":1}'), privateKey).toString('hex');
    expect(verifyDiscordSignature(key, sig, '123', '{"type":1}')).toBe(true);
    expect(verifyDiscordSignature(key, sig, '124', '{"type":1}')).toBe(false);
    expect(verifyDiscordSignature(key, sig, '123', '{"type":2}')).toBe(false);
    expect(verifyDiscordSignature(key, sig.slice(2), '123', '{"type":1}')).toBe(false);
    expect(verifyDiscordSignature(key, 'zz'.repeat(64), '123', '{"type":1}')).toBe(false);
    expect(verifyDiscordSignature(key, undefined, '123', '{"type":1}')).toBe(false);
    expect(verifyDiscordSignature(key, sig, undefined, '{"type":1}')).toBe(false);
    expect(() => discordPublicKey('abc')).toThrow(/64 hexadecimal/);
  });
});
