/**
 * The App Home tab: taste profile, top picks with the usual buttons, watchlist. Built from the
 * same core commands a person could type, so Home never knows more than the bot does.
 * Published on app_home_opened; after a click in Home the clicked card is updated at once and
 * the whole tab is rebuilt shortly after, once per burst of clicks (each rebuild asks the core
 * three questions, which count against the person's rate limit).
 */
import type { BotHandler, Card, InboundMessage, Reply } from '../../src/core/types.js';
import type { CommandName } from '../../src/features/index.js';
import type { WebClient } from './deliver.js';
import { SLACK_LIMITS as L } from './limits.js';
import { slackActor, slackChannelId } from './parse.js';
import { cardRefOf, replaceCard, type Block } from './render.js';
import { renderHome } from './views.js';

/** Home has no channel; its conversation state (e.g. "more" for picks) lives under this one. */
export const HOME_CHANNEL = 'home';

async function ask(
  bot: BotHandler,
  base: Omit<InboundMessage, 'text' | 'command'>,
  name: CommandName,
  args: Record<string, string | number | undefined> = {},
): Promise<Reply> {
  try {
    return await bot.onMessage({ ...base, text: '', command: { name, args } });
  } catch {
    // One failing section must not blank the whole tab.
    return { text: 'Not available right now.' };
  }
}

export async function publishHome(
  bot: BotHandler,
  client: WebClient,
  teamId: string,
  userId: string,
  revision = Date.now().toString(36),
): Promise<void> {
  const base = { actor: slackActor(teamId, userId), channelId: slackChannelId(teamId, HOME_CHANNEL) };
  // Sequential on purpose: the embedded database is single-threaded, and picks depend on the profile's user row.
  const profile = await ask(bot, base, 'profile');
  const picks = await ask(bot, base, 'recommend');
  const watchlist = await ask(bot, base, 'watchlist', { action: 'list' });
  await client.views.publish({ user_id: userId, view: renderHome({ profile, picks, watchlist }, revision) });
}

export interface HomeRefresherOptions {
  /** Wait this long after the last click before rebuilding the tab (default 2 s). */
  delayMs?: number;
  onError?: (e: unknown) => void;
}

/** Debounced rebuilds of people's Home tabs, one timer per person. */
export class HomeRefresher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly delayMs: number;

  constructor(
    private readonly bot: BotHandler,
    private readonly options: HomeRefresherOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 2000;
  }

  /** Show the clicked card's new state right away, within the tab as it is. */
  async updateCard(
    client: WebClient,
    userId: string,
    view: { blocks?: unknown; hash?: string | undefined },
    blockId: string | undefined,
    card: Card,
  ): Promise<boolean> {
    const ref = cardRefOf(blockId);
    if (!ref || !Array.isArray(view.blocks)) return false;
    const blocks = replaceCard(view.blocks as Block[], ref.index, card, Date.now().toString(36), {
      prefix: ref.prefix,
      maxBlocks: L.blocksPerView,
    });
    if (!blocks) return false;
    await client.views.publish({ user_id: userId, view: { type: 'home', blocks }, ...(view.hash ? { hash: view.hash } : {}) });
    return true;
  }

  /** Rebuild the whole tab once the clicks stop. */
  refreshSoon(client: WebClient, teamId: string, userId: string): void {
    const key = `${teamId}:${userId}`;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      publishHome(this.bot, client, teamId, userId).catch((e: unknown) => this.options.onError?.(e));
    }, this.delayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
