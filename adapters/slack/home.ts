/**
 * The App Home tab: taste profile, top picks with the usual buttons, watchlist. Built from the
 * same core commands a person could type, so Home never knows more than the bot does.
 * Published on app_home_opened and again after a rating made from Home or onboarding.
 */
import type { BotHandler, CommandName, InboundMessage, Reply } from '../../src/core/types.js';
import type { WebClient } from './deliver.js';
import { slackActor, slackChannelId } from './parse.js';
import { renderHome } from './views.js';

/** Home has no channel; its conversation state (e.g. "more" for picks) lives under this one. */
export const HOME_CHANNEL = 'home';

async function ask(bot: BotHandler, base: Omit<InboundMessage, 'text' | 'command'>, name: CommandName, args: Record<string, string | number | undefined> = {}): Promise<Reply> {
  try {
    return await bot.onMessage({ ...base, text: '', command: { name, args } });
  } catch {
    // One failing section must not blank the whole tab.
    return { text: 'Not available right now.' };
  }
}

export async function publishHome(bot: BotHandler, client: WebClient, teamId: string, userId: string, revision = Date.now().toString(36)): Promise<void> {
  const base = { actor: slackActor(teamId, userId), channelId: slackChannelId(teamId, HOME_CHANNEL) };
  // Sequential on purpose: the embedded database is single-threaded, and picks depend on the profile's user row.
  const profile = await ask(bot, base, 'profile');
  const picks = await ask(bot, base, 'recommend');
  const watchlist = await ask(bot, base, 'watchlist', { action: 'list' });
  await client.views.publish({ user_id: userId, view: renderHome({ profile, picks, watchlist }, revision) });
}
