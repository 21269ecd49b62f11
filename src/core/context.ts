/**
 * What every command and action handler gets: the services (repositories, engine, catalogue,
 * language tools, payload codec) and who is talking where.
 */
import type { Database } from '../db/client.js';
import type { ConversationsRepository } from '../db/repositories/conversations.js';
import type { Repositories } from '../db/repositories/index.js';
import type { User } from '../db/repositories/users.js';
import type { PreferenceCatalog } from '../nlp/types.js';
import type { Logger } from '../util/logger.js';
import type { InsightsRecorder } from '../insights/recorder.js';
import type { PayloadEncoder } from './actions.js';
import type { MovieActions } from './card.js';
import type { Conversation } from './conversation.js';
import type { FeedbackService } from './feedback.js';
import type { LanguageTools, RecommendationEngine } from './ports.js';
import type { Actor } from './types.js';

export interface CoreServices {
  database: Database;
  repos: Repositories & { conversations: ConversationsRepository };
  engine: RecommendationEngine;
  /** Every write of a person's feedback (ratings, marks, watchlist, forget-me) goes through it. */
  feedback: FeedbackService;
  /** Title and people lookup (the in-memory catalogue). */
  catalog: PreferenceCatalog;
  language: LanguageTools;
  /** Signs button payloads (the kinds are the features'). */
  codec: PayloadEncoder;
  /** The buttons of a movie card, from the features. */
  movieActions: MovieActions;
  logger: Logger;
  now(): Date;
  /** Cards per page for lists. */
  pageSize: number;
  /** Online evaluation (impressions, card actions); absent = not recorded. */
  insights?: InsightsRecorder | undefined;
}

export interface RequestContext {
  services: CoreServices;
  actor: Actor;
  /** The database user behind the actor (created on first contact). */
  user: User;
  channelId: string;
  requestId?: string | undefined;
  /** A DM or a message only the actor sees: replies and cards are for them alone. */
  direct?: boolean | undefined;
  conversation: Conversation;
  /** Who the clicker brings along (InboundAction.invitees); only group actions read it. */
  invitees?: readonly Actor[] | undefined;
}

/** "Ana" when the platform gave a name, else "Someone". */
export function actorName(ctx: Pick<RequestContext, 'actor' | 'user'>): string {
  return ctx.actor.displayName ?? ctx.user.displayName ?? 'Someone';
}
