/**
 * Key ownership: a key that is not `admin` reaches the users of its own platform namespace
 * (e.g. "api:my-site") or the users it names; `admin` reaches every platform. The catalogue
 * (movies, the model) is open to every key with `read`.
 */
import { LRUCache } from 'lru-cache';
import type { ApiKeyInfo } from '../../src/db/repositories/api-keys.js';
import type { ApiDeps } from './deps.js';
import { ProblemError } from './problems.js';

export function isAdmin(key: ApiKeyInfo | null): boolean {
  return key?.scopes.includes('admin') === true;
}

/** What the key reaches, in words, for refusals and the CLI. */
export function describeReach(key: Pick<ApiKeyInfo, 'scopes' | 'platform' | 'userIds'>): string {
  if (key.scopes.includes('admin')) return 'every user on every platform';
  const parts = [
    ...(key.platform ? [`users of platform "${key.platform}"`] : []),
    ...(key.userIds.length ? [`user${key.userIds.length > 1 ? 's' : ''} ${key.userIds.join(', ')}`] : []),
  ];
  return parts.length ? parts.join(' and ') : 'the catalogue only (no users)';
}

/** May this key create or look up users of `platform`? */
export function mayUsePlatform(key: ApiKeyInfo | null, platform: string): boolean {
  return key === null || isAdmin(key) || key.platform === platform;
}

export function forbidPlatform(key: ApiKeyInfo, platform: string): ProblemError {
  return new ProblemError('forbidden', `This key reaches ${describeReach(key)}; users of platform "${platform}" need an admin key.`);
}

/** A user's platform never changes, and ids are never reused: remembered once read. */
const platforms = new WeakMap<object, LRUCache<number, string>>();
const MAX_REMEMBERED = 100_000;

async function platformOf(deps: ApiDeps, userId: number): Promise<string | undefined> {
  let known = platforms.get(deps.repos);
  if (!known) platforms.set(deps.repos, (known = new LRUCache({ max: MAX_REMEMBERED })));
  const hit = known.get(userId);
  if (hit !== undefined) return hit;
  const user = await deps.repos.users.byId(userId);
  if (!user) return undefined;
  known.set(userId, user.platform);
  return user.platform;
}

/** 404 for an unknown user, 403 for one the key does not reach; admin keys skip the lookup. */
export async function requireReach(deps: ApiDeps, key: ApiKeyInfo | null, userId: number): Promise<void> {
  if (key === null || isAdmin(key) || key.userIds.includes(userId)) return;
  const platform = await platformOf(deps, userId);
  if (platform === undefined) throw new ProblemError('not_found', `No user with id ${userId}.`);
  if (key.platform !== null && platform === key.platform) return;
  throw new ProblemError(
    'forbidden',
    `This key reaches ${describeReach(key)}; user ${userId} is not among them (an admin key reaches everyone).`,
  );
}
