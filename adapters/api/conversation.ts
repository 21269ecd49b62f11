/**
 * `conversation=` on GET /v1/users/{id}/recommendations: the chat's follow-ups over HTTP. The
 * API keeps, per user and conversation id, the effective request and the films of its first
 * page (as the chat does per user and channel), so `q=shorter&conversation=c1` refines the last
 * request of c1, measured against the films it returned. Pages (`cursor`) and a request without
 * `q` reuse the stored request unchanged.
 */
import { planRequest, type RequestPlan } from '../../src/features/recommend/command.js';
import { Conversation, DEFAULT_CONVERSATION_TTL_MS, listCards, showList, type LastList } from '../../src/core/conversation.js';
import { ConversationsRepository } from '../../src/db/repositories/conversations.js';
import { describePreferences } from '../../src/nlp/describe.js';
import { emptyPreferences, type Preferences } from '../../src/nlp/types.js';
import type { ApiDeps } from './deps.js';

/** Conversations of API clients are kept apart from the chat platforms'. */
export const API_CONVERSATION_PLATFORM = 'api';

export function apiConversation(deps: ApiDeps, userId: number, id: string): Conversation {
  return new Conversation(
    new ConversationsRepository(deps.database.db),
    { platform: API_CONVERSATION_PLATFORM, userKey: String(userId), channelKey: id },
    DEFAULT_CONVERSATION_TTL_MS,
    () => new Date(),
  );
}

/**
 * The request this call makes in its conversation: `q` read as a follow-up of the stored one
 * (new, refined or restarted), or the stored one when there is no `q` or this is a later page.
 */
export function planInConversation(deps: ApiDeps, last: LastList | undefined, q: string | undefined, paging: boolean): RequestPlan {
  const stored = last?.request ?? emptyPreferences();
  if (paging || !q || !deps.understand) {
    const described = describePreferences(stored);
    return { kind: 'refine', request: structuredClone(stored), echo: described ? [described] : [], exclude: [] };
  }
  const understand = deps.understand;
  return planRequest(q, last, (t) => understand(t).preferences, describePreferences);
}

/** Keep the request and the films of its first page for the next call. */
export async function remember(
  deps: ApiDeps,
  conversation: Conversation,
  preferences: Preferences,
  movieIds: readonly number[],
  exclude: readonly number[],
): Promise<void> {
  const rows = await deps.repos.movies.byIds(movieIds);
  const movies = movieIds.map((id) => rows.get(id)).filter((m) => m !== undefined);
  await conversation.update((s) =>
    showList(s, {
      command: 'recommend',
      text: '',
      request: preferences,
      shown: [...exclude, ...movieIds].slice(-1000),
      page: 0,
      cards: listCards(movies),
    }),
  );
}

/** After a relative follow-up the engine may pad with films that break it: keep the ones that do not, if any. */
export async function keepInsisted<T extends { movieId: number }>(
  deps: ApiDeps,
  plan: RequestPlan,
  items: T[],
  relaxed: readonly string[],
): Promise<T[]> {
  if (!plan.insist || relaxed.length === 0) return items;
  const rows = await deps.repos.movies.byIds(items.map((i) => i.movieId));
  const kept = items.filter((i) => {
    const m = rows.get(i.movieId);
    return m !== undefined && plan.insist!.test(m);
  });
  return kept.length > 0 ? kept : items;
}
