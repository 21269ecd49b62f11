/**
 * The Bot: the one BotHandler every adapter drives. It validates what comes in, applies the
 * per-user rate limit, finds the command or action, and turns every failure into a short
 * friendly Reply, so an adapter never has to catch anything.
 */
import { z } from 'zod';
import { configValue } from '../config.js';
import type { Database } from '../db/client.js';
import { isConnectionError } from '../db/faults.js';
import { ConversationsRepository } from '../db/repositories/conversations.js';
import { createRepositories } from '../db/repositories/index.js';
import { SecretsRepository } from '../db/repositories/secrets.js';
import type { PreferenceCatalog } from '../nlp/types.js';
import { silentLogger, type Logger } from '../util/logger.js';
import type { InsightsRecorder } from '../insights/recorder.js';
import { withInsightScope } from '../insights/scope.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from '../util/rate-limit.js';
import { sanitizeDeep } from '../util/text.js';
import { ActionCodec, commands, movieActionsFor, type CommandDefinition } from '../features/index.js';
import { helpText } from '../features/help/command.js';
import type { CoreServices, RequestContext } from '../core/context.js';
import { Conversation, DEFAULT_CONVERSATION_TTL_MS } from '../core/conversation.js';
import { FeedbackService } from '../core/feedback.js';
import { FRIENDLY, errorReply, fail } from '../core/reply.js';
import type { LanguageTools, RecommendationEngine } from '../core/ports.js';
import { handleAction } from './actions.js';
import { commandSentence, routeInConversation, routeMessage, type Route } from './route.js';
import {
  MAX_INVITEES,
  type ActionOutcome,
  type Actor,
  type AutocompleteChoice,
  type BotHandler,
  type InboundAction,
  type InboundMessage,
  type Reply,
} from '../core/types.js';

export const MAX_MESSAGE_LENGTH = 500;
/** Past this a chat request is answered "try again" rather than left hanging (a database restart). */
export const DEFAULT_DEADLINE_MS = 10_000;
const MAX_AUTOCOMPLETE = 25;

export interface BotDeps {
  database: Database;
  engine: RecommendationEngine;
  catalog: PreferenceCatalog;
  language: LanguageTools;
  /** Signs button payloads; see resolveActionSecret. At least 16 characters. */
  secret: string;
  logger?: Logger | undefined;
  now?: (() => Date) | undefined;
  /** Cards per list page (default 5). */
  pageSize?: number | undefined;
  conversationTtlMs?: number | undefined;
  /** A request still waiting after this long is answered plainly (default 10 s). */
  deadlineMs?: number | undefined;
  /** Per-user token bucket; false turns it off (tests, the HTTP API with its own limits). */
  rateLimit?: RateLimitOptions | false | undefined;
  /** Online evaluation: impressions and card actions are recorded here (src/insights). */
  insights?: InsightsRecorder | undefined;
}

const actorSchema = z.object({
  platform: z.enum(['discord', 'slack', 'playground', 'api']),
  externalId: z.string().trim().min(1).max(200),
  displayName: z.string().trim().max(100).optional(),
});
const idSchema = z.string().trim().min(1).max(200);
const messageSchema = z.object({
  actor: actorSchema,
  channelId: idSchema,
  text: z.string(),
  command: z
    .object({
      name: z.string().min(1).max(32),
      args: z.record(z.string(), z.union([z.string().max(MAX_MESSAGE_LENGTH), z.number(), z.undefined()])),
    })
    .optional(),
  requestId: z.string().max(200).optional(),
  direct: z.boolean().optional(),
});
const actionSchema = z.object({
  actor: actorSchema,
  channelId: idSchema,
  payload: z.string().max(200),
  value: z.string().max(200).optional(),
  requestId: z.string().max(200).optional(),
  direct: z.boolean().optional(),
  invitees: z.array(actorSchema).max(MAX_INVITEES).optional(),
});

/** REELMATE_SECRET when set, else a secret generated once and kept in the settings table. */
export async function resolveActionSecret(
  database: Database,
  envSecret: string | undefined = configValue('REELMATE_SECRET'),
): Promise<string> {
  const fromEnv = z.string().trim().min(16).safeParse(envSecret);
  if (fromEnv.success) return fromEnv.data;
  if (envSecret && envSecret.trim() !== '') throw new Error('REELMATE_SECRET must be at least 16 characters');
  return new SecretsRepository(database.db).getOrCreate('actions');
}

export class Bot implements BotHandler {
  /** The payload codec, for adapters that build payloads themselves (Discord's removed reactions: `unrate`). */
  readonly codec: ActionCodec;
  readonly services: CoreServices;
  private readonly limiter: RateLimiter | undefined;
  private readonly ttlMs: number;
  private readonly deadlineMs: number;

  constructor(deps: BotDeps) {
    this.codec = new ActionCodec(deps.secret);
    const now = deps.now ?? (() => new Date());
    const repos = { ...createRepositories(deps.database.db), conversations: new ConversationsRepository(deps.database.db) };
    this.services = {
      database: deps.database,
      repos,
      engine: deps.engine,
      feedback: new FeedbackService({ repos, engine: deps.engine }),
      catalog: deps.catalog,
      language: deps.language,
      codec: this.codec,
      movieActions: movieActionsFor(this.codec),
      logger: deps.logger ?? silentLogger,
      now,
      pageSize: deps.pageSize ?? 5,
      insights: deps.insights,
    };
    this.ttlMs = deps.conversationTtlMs ?? DEFAULT_CONVERSATION_TTL_MS;
    this.deadlineMs = deps.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.limiter = deps.rateLimit === false ? undefined : new RateLimiter(deps.rateLimit ?? DEFAULT_RATE_LIMIT, () => now().getTime());
  }

  async onMessage(input: InboundMessage): Promise<Reply> {
    // NUL, control characters and broken Unicode never reach storage or the logs.
    const parsed = messageSchema.safeParse(sanitizeDeep(input));
    if (!parsed.success) return fail('bad_input', 'I could not read that message.');
    const message = parsed.data as InboundMessage;
    if (message.text.length > MAX_MESSAGE_LENGTH) {
      return fail('bad_input', `That is a long message! Please keep it under ${MAX_MESSAGE_LENGTH} characters.`);
    }
    if (!this.allow(message.actor)) return fail('rate_limited', FRIENDLY.rate_limited);
    // insights: what this request shows is recorded as impressions on this surface
    return withInsightScope(message.actor.platform, this.services.insights, () =>
      this.guard('message', async () => {
        const route = routeMessage(message, (t) => this.services.language.detectIntent(t));
        if (!route.command) {
          return fail('unknown_command', 'I did not catch that. Ask me for a movie ("something funny from the 90s") or say `help`.');
        }
        const ctx = await this.context(message.actor, message.channelId, message.requestId, message.direct);
        // One request at a time per conversation: "recommend" and a quick "more" must not both
        // read the same state and save over each other.
        const reply = await ctx.conversation.exclusive(() => this.converse(ctx, message, route));
        this.services.logger.debug({ command: reply.turn?.intent, status: reply.status }, 'message handled');
        return reply;
      }),
    );
  }

  async onAction(input: InboundAction): Promise<ActionOutcome> {
    const parsed = actionSchema.safeParse(sanitizeDeep(input));
    if (!parsed.success) return { reply: fail('bad_action', 'That button is not valid any more.') };
    const action = parsed.data as InboundAction;
    const decoded = this.codec.decode(action.payload);
    if (!decoded.ok) {
      this.services.logger.warn({ detail: decoded.error.detail, actor: action.actor.externalId }, 'rejected action payload');
      return { reply: errorReply(decoded.error) };
    }
    if (!this.allow(action.actor)) return { reply: fail('rate_limited', FRIENDLY.rate_limited) };
    let outcome: ActionOutcome | undefined;
    const reply = await withInsightScope(action.actor.platform, this.services.insights, () =>
      this.guard('action', async () => {
        const ctx = await this.context(action.actor, action.channelId, action.requestId, action.direct);
        outcome = await ctx.conversation.exclusive(() =>
          handleAction(action.invitees ? { ...ctx, invitees: action.invitees } : ctx, decoded.value),
        );
        return outcome.reply ?? { status: 'ok' };
      }),
    );
    return outcome ?? { reply };
  }

  async autocomplete(query: string, limit: number): Promise<AutocompleteChoice[]> {
    const q = typeof query === 'string' ? query.trim().slice(0, 100) : '';
    if (q === '') return [];
    const n = Math.max(1, Math.min(MAX_AUTOCOMPLETE, Math.floor(limit) || MAX_AUTOCOMPLETE));
    // The value is the catalogue title ("Matrix, The (1999)"), which resolves to exactly one movie.
    return this.services.catalog.findTitles(q, n).map((h) => ({ label: h.title.slice(0, 100), value: h.title.slice(0, 100) }));
  }

  help(): Reply {
    return { text: helpText(commands), ephemeral: true, status: 'help' };
  }

  /** A message is read in its conversation ("why the second one?" points at the list shown). */
  private async converse(ctx: RequestContext, message: InboundMessage, route: Route & { command: CommandDefinition }): Promise<Reply> {
    const detect = (t: string) => this.services.language.detectIntent(t);
    const sentence = commandSentence(message);
    const final = sentence === undefined ? route : routeInConversation(route, sentence, await ctx.conversation.load(), detect);
    if (!final.command) return fail('unknown_command', 'I did not catch that.');
    const reply = await final.command.run(ctx, final.args);
    return reply.turn ? reply : { ...reply, turn: { intent: final.command.name } };
  }

  private allow(actor: Actor): boolean {
    return this.limiter ? this.limiter.take(`${actor.platform}:${actor.externalId}`) : true;
  }

  private async context(
    actor: Actor,
    channelId: string,
    requestId: string | undefined,
    direct: boolean | undefined,
  ): Promise<RequestContext> {
    const user = await this.services.repos.users.ensure({
      platform: actor.platform,
      externalId: actor.externalId,
      displayName: actor.displayName,
    });
    // Shared cards count the people of a channel; a DM has nobody else to count.
    if (!direct && actor.platform !== 'api')
      await this.services.repos.channelPeople.touch({ platform: actor.platform, channelKey: channelId }, user.id, this.services.now());
    const conversation = new Conversation(
      this.services.repos.conversations,
      { platform: actor.platform, userKey: String(user.id), channelKey: channelId },
      this.ttlMs,
      this.services.now,
    );
    return { services: this.services, actor, user, channelId, requestId, direct, conversation };
  }

  /**
   * Run a handler; an exception becomes db_unavailable (when the database does not answer) or
   * internal. A handler still waiting on the database after `deadlineMs` (a server restarting
   * under it) gets a plain answer instead of a long silence; it may still finish afterwards.
   */
  private async guard(what: string, run: () => Promise<Reply>): Promise<Reply> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Reply>((resolve) => {
      timer = setTimeout(() => {
        this.services.logger.warn({ what, afterMs: this.deadlineMs }, 'handler past its deadline; answered plainly');
        resolve(fail('db_unavailable', FRIENDLY.slow));
      }, this.deadlineMs);
      timer.unref();
    });
    try {
      return await Promise.race([run(), late]);
    } catch (e) {
      // A connection cut by a restart is the database's fault even when it answers again by now.
      const up = !isConnectionError(e) && (await this.databaseAnswers());
      this.services.logger.error({ err: e, what, databaseUp: up }, 'handler failed');
      return up ? fail('internal', FRIENDLY.internal) : fail('db_unavailable', FRIENDLY.db_unavailable);
    } finally {
      clearTimeout(timer);
    }
  }

  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), 2000);
    });
    try {
      return await Promise.race([this.services.repos.users.byId(0).then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

export function createBot(deps: BotDeps): Bot {
  return new Bot(deps);
}
