import { sql } from 'drizzle-orm';
import type { Repositories } from '../../src/db/repositories/index.js';
import type { TestDatabase } from './db.js';

/**
 * A small catalogue with two tastes: sci-fi (1-6) and comedy (11-16), plus two sequels of
 * one franchise. Sci-fi fans love sci-fi and dislike comedy, comedy fans the reverse.
 */
export const SCIFI = [1, 2, 3, 4, 5, 6];
export const COMEDY = [11, 12, 13, 14, 15, 16];

export async function seedTwoTastes(database: TestDatabase, repos: Repositories): Promise<{ fan: number; newbie: number }> {
  await database.db.execute(sql`
    INSERT INTO movies (id, title, display_title, year, genres, runtime, original_language, directors, cast_names)
    VALUES
      (1, 'Alien (1979)', 'Alien', 1979, ARRAY['Horror','Sci-Fi'], 117, 'en', ARRAY['Ridley Scott'], ARRAY['Sigourney Weaver']),
      (2, 'Aliens (1986)', 'Aliens', 1986, ARRAY['Action','Sci-Fi'], 137, 'en', ARRAY['James Cameron'], ARRAY['Sigourney Weaver']),
      (3, 'Blade Runner (1982)', 'Blade Runner', 1982, ARRAY['Sci-Fi','Thriller'], 117, 'en', ARRAY['Ridley Scott'], ARRAY['Harrison Ford']),
      (4, 'Matrix, The (1999)', 'The Matrix', 1999, ARRAY['Action','Sci-Fi'], 136, 'en', ARRAY['Lana Wachowski'], ARRAY['Keanu Reeves']),
      (5, 'Solaris (1972)', 'Solaris', 1972, ARRAY['Drama','Sci-Fi'], 167, 'ru', ARRAY['Andrei Tarkovsky'], ARRAY['Donatas Banionis']),
      (6, 'Gattaca (1997)', 'Gattaca', 1997, ARRAY['Drama','Sci-Fi'], 106, 'en', ARRAY['Andrew Niccol'], ARRAY['Ethan Hawke']),
      (11, 'Airplane! (1980)', 'Airplane!', 1980, ARRAY['Comedy'], 88, 'en', ARRAY['Jim Abrahams'], ARRAY['Leslie Nielsen']),
      (12, 'Naked Gun, The (1988)', 'The Naked Gun', 1988, ARRAY['Comedy'], 85, 'en', ARRAY['David Zucker'], ARRAY['Leslie Nielsen']),
      (13, 'Groundhog Day (1993)', 'Groundhog Day', 1993, ARRAY['Comedy','Romance'], 101, 'en', ARRAY['Harold Ramis'], ARRAY['Bill Murray']),
      (14, 'Big Lebowski, The (1998)', 'The Big Lebowski', 1998, ARRAY['Comedy'], 117, 'en', ARRAY['Joel Coen'], ARRAY['Jeff Bridges']),
      (15, 'Amelie (2001)', 'Amelie', 2001, ARRAY['Comedy','Romance'], 122, 'fr', ARRAY['Jean-Pierre Jeunet'], ARRAY['Audrey Tautou']),
      (16, 'Hot Shots! (1991)', 'Hot Shots!', 1991, ARRAY['Comedy'], 84, 'en', ARRAY['Jim Abrahams'], ARRAY['Charlie Sheen']),
      (20, 'Obscure Short (2010)', 'Obscure Short', 2010, ARRAY['Documentary'], 40, 'en', NULL, NULL)`);
  const rate = async (userId: number, movieId: number, rating: number) => {
    await repos.ratings.rate({ userId, movieId, rating, source: 'test' });
  };
  for (let k = 0; k < 8; k++) {
    const scifiFan = (await repos.users.ensure({ platform: 'movielens', externalId: `s${k}` })).id;
    const comedyFan = (await repos.users.ensure({ platform: 'movielens', externalId: `c${k}` })).id;
    // each fan rates all but one of their side (rotating), plus two of the other side low
    for (const [i, m] of SCIFI.entries()) if (i !== k % 6) await rate(scifiFan, m, 4.5 + (i % 2) * 0.5);
    for (const [i, m] of COMEDY.entries()) if (i !== k % 6) await rate(comedyFan, m, 4 + (i % 2));
    await rate(scifiFan, COMEDY[k % 6]!, 2);
    await rate(comedyFan, SCIFI[k % 6]!, 2);
  }
  const fan = (await repos.users.ensure({ platform: 'discord', externalId: 'fan' })).id;
  await rate(fan, 1, 5);
  await rate(fan, 2, 5);
  const newbie = (await repos.users.ensure({ platform: 'discord', externalId: 'newbie' })).id;
  return { fan, newbie };
}
