/**
 * Conversation state per (platform, user, channel): what "more" continues and which
 * confirmation is pending. Stored as JSON in the database (it survives a restart) and
 * validated with zod on the way back in, so an old or damaged row is simply ignored.
 */
import { z } from 'zod';
import type { ConversationsRepository } from '../db/repositories/conversations.js';
import { preferencesSchema } from '../nlp/preferences-schema.js';

/** A card of the page shown: what references ("the alien one") and relative wishes ("shorter") need. */
export const listCardSchema = z.object({
  movieId: z.number().int(),
  /** The display title ("The Matrix"). */
  title: z.string().max(300),
  year: z.number().int().nullable(),
  runtime: z.number().int().nullable(),
});

export const lastListSchema = z.object({
  command: z.enum(['recommend', 'search', 'similar', 'watchlist', 'onboard']),
  /** The request text (search; recommend rows written before `request` existed). */
  text: z.string().max(500).default(''),
  /** The movie a "similar" list is about. */
  movieId: z.number().int().optional(),
  /** Movies already shown, left out of the next page. */
  shown: z.array(z.number().int()).max(1000).default([]),
  page: z.number().int().min(0).default(0),
  /** The effective request behind a recommendation list, which follow-ups refine. */
  request: preferencesSchema.optional(),
  /** The movie cards of the page on screen, in order. */
  cards: z.array(listCardSchema).max(50).optional(),
});

export const pendingSchema = z.object({
  op: z.enum(['forget']),
  /** Epoch ms; a confirmation older than PENDING_TTL_MS is void. */
  at: z.number(),
});

export const conversationStateSchema = z.object({
  last: lastListSchema.optional(),
  pending: pendingSchema.optional(),
  /** The film the last message was about (explained, rated, marked): what "it" and "that one" mean. */
  focus: z.number().int().optional(),
});

export type LastList = z.infer<typeof lastListSchema>;
export type ListCard = z.infer<typeof listCardSchema>;
export type ConversationState = z.infer<typeof conversationStateSchema>;

export const DEFAULT_CONVERSATION_TTL_MS = 2 * 60 * 60_000;
export const PENDING_TTL_MS = 5 * 60_000;

/** Tails of the per-conversation queues: the last piece of work each conversation is waiting on. */
const queues = new Map<string, Promise<unknown>>();

/**
 * The longest a message waits for the one before it in its conversation. A handler that
 * hangs (a database that stopped answering) must not hold every later message of that
 * conversation forever; the platforms gave up on it long before this.
 */
export const QUEUE_WAIT_MS = 15_000;

function waitAtMost(p: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A handle on one conversation, loaded lazily and saved explicitly. */
export class Conversation {
  private cached: ConversationState | undefined;

  constructor(
    private readonly repo: ConversationsRepository,
    private readonly key: { platform: string; userKey: string; channelKey: string },
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  async load(): Promise<ConversationState> {
    if (this.cached) return this.cached;
    const raw = await this.repo.get(this.key, this.now());
    const parsed = conversationStateSchema.safeParse(raw ?? {});
    this.cached = parsed.success ? parsed.data : {};
    return this.cached;
  }

  /**
   * Run a read-modify-write of this conversation after any other one in this process has
   * finished, on freshly loaded state: two quick "More" clicks then show two pages, not the
   * same page twice. The bot wraps every message and click in it; work inside must not call
   * it again for the same conversation (it would wait on itself). (Within one process; bots
   * behind a load balancer that splits one user's clicks across processes would need a row
   * lock instead.)
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const id = `${this.key.platform}\u0000${this.key.userKey}\u0000${this.key.channelKey}`;
    const before = waitAtMost(queues.get(id) ?? Promise.resolve(), QUEUE_WAIT_MS);
    const run = before.then(() => {
      this.cached = undefined;
      return work();
    });
    const tail = run.catch(() => undefined);
    queues.set(id, tail);
    try {
      return await run;
    } finally {
      // the last one out leaves nothing behind
      if (queues.get(id) === tail) queues.delete(id);
    }
  }

  async update(change: (state: ConversationState) => ConversationState): Promise<void> {
    const next = change(await this.load());
    this.cached = next;
    await this.repo.set(this.key, next as Record<string, unknown>, this.ttlMs, this.now());
  }
}

/** A new list on screen: it replaces the last one, and "it" no longer means the film before it. */
export function showList(state: ConversationState, last: LastList): ConversationState {
  const { focus: _focus, ...rest } = state;
  return { ...rest, last };
}

/** The conversation is now about this film. */
export function focusOn(state: ConversationState, movieId: number): ConversationState {
  return { ...state, focus: movieId };
}

/** Cards as the state keeps them, from movie rows. */
export function listCards(
  movies: readonly { id: number; displayTitle: string; year: number | null; runtime: number | null }[],
): ListCard[] {
  return movies.map((m) => ({ movieId: m.id, title: m.displayTitle.slice(0, 300), year: m.year, runtime: m.runtime }));
}
