/**
 * What the serving process knows of each user: ratings (checked against users.ratings_version,
 * which every write bumps in any process) and marks (seen, not interested), kept for the users
 * asked about most recently and handed to the scoring workers as typed arrays.
 */
import { LRUCache } from 'lru-cache';
import type { Repositories } from '../../db/repositories/index.js';
import type { UserVersions } from '../../db/repositories/user-versions.js';
import type { UserInput } from './scorer.js';

export interface UserState {
  userId: number;
  ratingsVersion: number;
  ratings: Map<number, number>;
  marks: Set<number>;
  marksAt: number;
  /** Moves with every change to ratings or marks: cached answers carry the stamp they were computed at. */
  stamp: number;
  /** Unique per ratings read: the workers key their cached history and scores by it. */
  stateKey: number;
  movieIds: Int32Array;
  stars: Float32Array;
}

/** Users whose ratings and marks stay cached in memory; older entries are re-read on demand. */
const MAX_CACHED_USERS = 20_000;

let stateKeys = 0;

export class UserStates {
  // Any user id can be asked about (the API): the least recently used states go first.
  private readonly users = new LRUCache<number, UserState>({ max: MAX_CACHED_USERS });

  constructor(
    private readonly repos: Pick<Repositories, 'ratings' | 'marks'>,
    private readonly versions: Pick<UserVersions, 'get'>,
    /** Marks written by other processes are read again after this long, ms. */
    private readonly marksTtl: number,
  ) {}

  async get(userId: number): Promise<UserState> {
    const known = await this.versions.get(userId);
    const user = known !== undefined;
    const version = known ?? 0;
    let state = this.users.get(userId);
    if (!state || state.ratingsVersion !== version) {
      const rows = user ? await this.repos.ratings.forUser(userId) : [];
      state = {
        userId,
        ratingsVersion: version,
        ratings: new Map(rows.map((r) => [r.movieId, r.rating])),
        // the version also moves when marks change (in any process): read them again
        marks: state?.marks ?? new Set(),
        marksAt: 0,
        stamp: 0,
        stateKey: ++stateKeys,
        movieIds: Int32Array.from(rows, (r) => r.movieId),
        stars: Float32Array.from(rows, (r) => r.rating),
      };
      this.users.set(userId, state);
    }
    if (state.marksAt === 0 || Date.now() - state.marksAt > this.marksTtl) {
      state.marks = user ? new Set((await this.repos.marks.forUser(userId)).map((m) => m.movieId)) : new Set();
      state.marksAt = Date.now();
      state.stamp++;
    }
    return state;
  }

  /**
   * Read the user's ratings again on the next request (one indexed query) rather than patch
   * the cached state: a notice can arrive after other changes the state did or did not see
   * (another process, a late notice), and a patched state would vouch for ratings it may lack.
   */
  ratingsChanged(userId: number): void {
    this.users.delete(userId);
  }

  marksChanged(userId: number): void {
    const state = this.users.get(userId);
    if (state) state.marksAt = 0;
  }
}

/** What a worker needs of a user: ratings and everything not to show, as typed arrays. */
export function userInput(state: UserState, extra?: Iterable<number>): UserInput {
  const excluded = extra ? [...state.marks, ...extra] : [...state.marks];
  return {
    userId: state.userId,
    stateKey: state.stateKey,
    movieIds: state.movieIds,
    ratings: state.stars,
    excluded: Int32Array.from(excluded),
  };
}
