/**
 * .env.example lists exactly the variables src/config.ts reads (less those the surroundings
 * set), and every value in it passes the schema: a new variable cannot be forgotten there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AMBIENT_VARIABLES, configSchema, loadConfig } from '../../src/config.js';

const root = new URL('../../', import.meta.url);

function exampleEntries(): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of readFileSync(new URL('.env.example', root), 'utf8').split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) entries.set(m[1]!, m[2]!);
  }
  return entries;
}

describe('.env.example', () => {
  const entries = exampleEntries();
  const schemaKeys = Object.keys(configSchema.shape).filter((k) => !(AMBIENT_VARIABLES as readonly string[]).includes(k));

  it('names every variable of the schema once, and nothing else', () => {
    expect([...entries.keys()].sort()).toEqual([...schemaKeys].sort());
  });

  it('holds values the schema accepts', () => {
    const config = loadConfig(Object.fromEntries(entries));
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REELMATE_PARTY_TTL_MINUTES).toBeUndefined();
  });

  it('is the only place the README table has to agree with: each variable appears there', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    for (const key of schemaKeys) expect(readme, key).toContain(`\`${key}\``);
  });
});

describe('sources', () => {
  it('read the environment only in src/config.ts', async () => {
    const { readdirSync, statSync } = await import('node:fs');
    const offenders: string[] = [];
    const walk = (dir: URL, rel: string): void => {
      for (const name of readdirSync(dir)) {
        const child = new URL(`${name}${statSync(new URL(name, dir)).isDirectory() ? '/' : ''}`, dir);
        const path = `${rel}${name}`;
        if (child.pathname.endsWith('/')) walk(child, `${path}/`);
        else if (/\.(ts|mts|mjs)$/.test(name) && path !== 'src/config.ts' && /process\.env\b/.test(readFileSync(child, 'utf8'))) {
          offenders.push(path);
        }
      }
    };
    for (const top of ['src/', 'adapters/', 'app/']) walk(new URL(top, root), top);
    expect(offenders).toEqual([]);
  });
});
