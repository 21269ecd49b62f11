/**
 * A small served model for pipeline tests: 40 films in 4 sagas of 10 ("Saga A 1" .. "Saga D
 * 10", film m from 1980 + m), people who each watch some sagas, ratings 3-5 in a fixed
 * pattern, and a hybrid with baseline stars fitted on them.
 */
import { buildTrainingData } from '../../src/recommender/data.js';
import { Hybrid } from '../../src/recommender/hybrid.js';
import { servingModel } from '../../src/recommender/pipeline.js';
import type { ItemMeta } from '../../src/recommender/types.js';

export const SAGAS = 'ABCD';

export interface SagaModelOptions {
  users: number;
  /** Does user u (1-based) watch saga s (0-3)? */
  watches: (u: number, saga: number) => boolean;
  /** Catalogue facts of film m (1-40) beyond its title and year. */
  meta: (m: number, saga: string) => Partial<ItemMeta>;
}

export async function sagaModel(opts: SagaModelOptions) {
  const rows: [number, number, number][] = [];
  for (let u = 1; u <= opts.users; u++)
    for (let m = 1; m <= 40; m++) if (opts.watches(u, Math.floor((m - 1) / 10))) rows.push([u, m, 3 + ((u + m) % 3)]);
  const meta = new Map<number, ItemMeta>();
  for (let m = 1; m <= 40; m++) {
    const saga = SAGAS[Math.floor((m - 1) / 10)]!;
    meta.set(m, {
      movieId: m,
      title: `Saga ${saga} ${((m - 1) % 10) + 1} (${1980 + m})`,
      year: 1980 + m,
      genres: [],
      tags: [],
      keywords: [],
      directors: [],
      cast: [],
      overview: null,
      runtime: null,
      language: 'en',
      ...opts.meta(m, saga),
    });
  }
  const data = buildTrainingData(
    {
      userIds: Int32Array.from(rows, (r) => r[0]),
      movieIds: Int32Array.from(rows, (r) => r[1]),
      ratings: Float32Array.from(rows, (r) => r[2]),
    },
    { meta },
  );
  const h = new Hybrid({ stars: 'baseline' });
  await h.fit(data);
  return { m: servingModel(h, data.items!), data };
}
