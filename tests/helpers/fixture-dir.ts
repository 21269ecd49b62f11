/**
 * MovieLens-format fixtures are stored as `<name>.fixture.csv`, so nothing in the repository
 * looks like a copy of the real dataset files. Tests get a temporary directory where each one
 * carries its MovieLens name (`movies.csv`, `ratings.csv`, ...), as the importer expects.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const made = new Map<string, string>();

/** A MovieLens directory built from tests/fixtures/<relative>, once per test process. */
export function fixtureDir(relative: string): string {
  const known = made.get(relative);
  if (known) return known;
  const source = fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reelmate-fixture-'));
  for (const name of readdirSync(source)) {
    copyFileSync(path.join(source, name), path.join(dir, name.replace(/\.fixture\.csv$/, '.csv')));
  }
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  made.set(relative, dir);
  return dir;
}
