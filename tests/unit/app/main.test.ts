import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configSchema } from '../../../src/config.js';
import { createRepositories } from '../../../src/db/repositories/index.js';
import { enrichmentCandidate, ensureCatalog, movieLensCandidates, NO_DATA_MESSAGE } from '../../../app/main.js';
import { silentLogger } from '../../../src/util/logger.js';
import { openTestDatabase, type TestDatabase } from '../../helpers/db.js';

describe('npm start: finding the data', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'reelmate-main-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('looks in MOVIELENS_DIR, the data dir, ./data and beside the checkout, in that order', () => {
    const root = path.join(tmp, 'checkout');
    const config = configSchema.parse({ MOVIELENS_DIR: path.join(tmp, 'ml'), REELMATE_DATA_DIR: path.join(tmp, 'var') });
    expect(movieLensCandidates(config, root)).toEqual([
      path.join(tmp, 'ml'),
      path.join(tmp, 'var', 'ml-latest-small'),
      path.join(root, 'data', 'ml-latest-small'),
      path.join(tmp, 'shared', 'datasets', 'ml-latest-small'),
    ]);
    expect(movieLensCandidates(configSchema.parse({}), root)).toHaveLength(3);
  });

  it('uses the shared enrichment beside the checkout when present', () => {
    const root = path.join(tmp, 'checkout');
    expect(enrichmentCandidate(configSchema.parse({}), root)).toBeUndefined();
    const file = path.join(tmp, 'shared', 'datasets', 'tmdb-enrichment', 'movies_enriched.jsonl');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
    expect(enrichmentCandidate(configSchema.parse({}), root)).toBe(file);
    expect(enrichmentCandidate(configSchema.parse({ REELMATE_ENRICH_FILE: '/x.jsonl' }), root)).toBe('/x.jsonl');
  });

  describe('on an empty database', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase('pglite');
    });
    afterAll(async () => {
      vi.unstubAllEnvs();
      await database?.dispose();
    });

    it('imports a MovieLens folder it finds', async () => {
      const dir = path.join(tmp, 'var', 'ml-latest-small');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        path.join(dir, 'movies.csv'),
        'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n6,Heat (1995),Action|Crime\n',
      );
      writeFileSync(path.join(dir, 'ratings.csv'), 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,6,5.0,964982224\n');
      const config = configSchema.parse({ REELMATE_DATA_DIR: path.join(tmp, 'var') });
      expect(await ensureCatalog(database, config, silentLogger, path.join(tmp, 'nowhere'))).toBe(true);
      expect(await createRepositories(database.db).movies.count()).toBe(2);
      // A second start finds movies and imports nothing.
      rmSync(dir, { recursive: true });
      expect(await ensureCatalog(database, config, silentLogger, path.join(tmp, 'nowhere'))).toBe(true);
    });

    it('says how to provide the data when it can neither find nor download it', async () => {
      const empty = await openTestDatabase('pglite');
      const errors: string[] = [];
      const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
      // The download goes to a local port where nothing listens.
      vi.stubEnv('REELMATE_MOVIELENS_URL', 'http://127.0.0.1:9/ml-latest-small.zip');
      try {
        const config = configSchema.parse({ REELMATE_DATA_DIR: path.join(tmp, 'empty') });
        expect(await ensureCatalog(empty, config, silentLogger, path.join(tmp, 'nowhere'))).toBe(false);
        expect(errors.join('\n')).toContain(NO_DATA_MESSAGE);
        expect(errors.join('\n')).toContain('MOVIELENS_DIR');
      } finally {
        spy.mockRestore();
        await empty.dispose();
      }
    });
  });
});
