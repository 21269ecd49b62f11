/**
 * A synthetic catalogue for serving benchmarks at a size no shipped dataset has (87,585 films,
 * ml-32m's count): titles, years, one to three genres, and directors, cast, keywords and
 * overview words drawn with a popularity skew, so the content model and the request filters have real work to do.
 * Seeded, so two runs measure the same catalogue.
 */
import { rng } from '../src/recommender/loaders/splits.js';
import type { ItemMeta } from '../src/recommender/types.js';

const GENRES = [
  'Drama',
  'Comedy',
  'Thriller',
  'Romance',
  'Action',
  'Crime',
  'Horror',
  'Documentary',
  'Adventure',
  'Sci-Fi',
  'Mystery',
  'Fantasy',
  'Children',
  'Animation',
  'War',
  'Musical',
  'Western',
  'Film-Noir',
];

export function syntheticCatalogue(movieIds: ArrayLike<number>, seed = 11): ItemMeta[] {
  const rand = rng(seed);
  // skewed draw from 0..n-1: low indices (well-known names, common words) come up far more
  // often; at this skew the commonest of 20,000 words is in about 4% of the overviews and the
  // busiest of 150,000 actors in about 130 films, as in real catalogues
  const skewed = (n: number, power = 1.5) => Math.min(n - 1, Math.floor(n * rand() ** power));
  const draw = (prefix: string, pool: number, count: number) => Array.from({ length: count }, () => `${prefix} ${skewed(pool)}`);
  // overview words: letters only (the tokenizer drops digits)
  const word = (k: number) => {
    let w = 'q';
    for (let x = k + 26 * 26; x > 0; x = Math.floor(x / 26)) w += String.fromCharCode(97 + (x % 26));
    return w;
  };
  const overview = () => Array.from({ length: 15 + Math.floor(rand() * 30) }, () => word(skewed(20_000))).join(' ');
  return Array.from(movieIds, (movieId): ItemMeta => {
    const year = 1920 + Math.floor(100 * Math.sqrt(rand()));
    const genres = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => GENRES[skewed(GENRES.length, 2)]!))];
    return {
      movieId,
      title: `Film ${movieId} (${year})`,
      year,
      genres,
      tags: [],
      keywords: draw('keyword', 20_000, 1 + Math.floor(rand() * 6)),
      directors: draw('director', 30_000, 1),
      cast: draw('actor', 150_000, 2 + Math.floor(rand() * 5)),
      overview: overview(),
      runtime: 80 + Math.floor(rand() * 70),
      language: 'en',
    };
  });
}
