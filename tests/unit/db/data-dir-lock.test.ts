import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseInUseError, openDatabase } from '../../../src/db/client.js';

describe('embedded database directory lock', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'reelmate-lock-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a second opener while the first is open, and frees the directory on close', async () => {
    const dir = path.join(root, 'a', 'pglite');
    const first = await openDatabase({ dataDir: dir, migrate: false });
    await expect(openDatabase({ dataDir: dir, migrate: false })).rejects.toBeInstanceOf(DatabaseInUseError);
    await first.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    const again = await openDatabase({ dataDir: dir, migrate: false });
    await again.close();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = path.join(root, 'b', 'pglite');
    const first = await openDatabase({ dataDir: dir, migrate: false });
    await first.close();
    // pid 2^22 + 1 is above Linux's pid_max default, so no such process exists
    writeFileSync(`${dir}.lock`, String(4_194_305));
    const db = await openDatabase({ dataDir: dir, migrate: false });
    await db.close();
  });
});
