import type { RequestContext } from '../context.js';
import { coverageNote, filtersOnMetadata } from '../coverage.js';
import { listJoin } from '../format.js';
import { moreCard } from '../lists.js';
import type { Reply } from '../types.js';
import { cardAudience, cardsFor } from '../viewer.js';
import { argText, type CommandDefinition } from './types.js';

/** People seen in a channel this recently count as "here" for the watch-party hint. */
export const RECENT_PEOPLE_MS = 3 * 60 * 60_000;
/** A request for a group ("we", "us", "together"...) in a channel where this many people were lately. */
const GROUP_SIZE = 3;
const GROUP_WORDS = /\b(we|us|our|ourselves|together|everyone|everybody|all of us|the group|the gang|movie night)\b/i;

/**
 * One line pointing at a watch party when a request speaks for a group and several people were
 * in the channel lately; undefined otherwise. Pure.
 */
export function partyHint(text: string, peopleHere: number): string | undefined {
  if (peopleHere < GROUP_SIZE || !GROUP_WORDS.test(text)) return undefined;
  return `Picking for the ${peopleHere} of you here? \`watchparty start\` finds one film everyone will like, and you vote.`;
}

/** Below this many ratings the picks are mostly popularity: say so and point at onboarding. */
const FEW_RATINGS = 5;
const MAX_LIMIT = 10;

/** One page of recommendations for `text`, leaving out what this conversation already showed. */
export async function recommendPage(ctx: RequestContext, text: string, shown: readonly number[], page: number): Promise<Reply> {
  const { language, catalog, engine, pageSize } = ctx.services;
  const preferences = language.parsePreferences(text, catalog);
  const limit = Math.max(1, Math.min(MAX_LIMIT, preferences.limit ?? pageSize));
  const result = await engine.recommend({
    userId: ctx.user.id,
    limit,
    preferences,
    exclude: new Set(shown),
  });
  const described = language.describePreferences(preferences);
  const lines: string[] = [];
  // The echo may or may not carry its own "Looking for:" label.
  if (described) lines.push(/^looking for/i.test(described) ? described : `Looking for: ${described}`);
  if (result.relaxed.length > 0) lines.push(`Few movies matched everything, so I relaxed: ${listJoin(result.relaxed)}.`);
  if (page === 0 && filtersOnMetadata(preferences)) {
    const note = coverageNote(preferences, await ctx.services.repos.movies.metadataCoverage());
    if (note) lines.push(note);
  }
  if (result.items.length === 0) {
    lines.push(page === 0 ? 'I found nothing that fits. Try fewer filters?' : 'That is all I have for this request.');
    return { text: lines.join('\n'), status: page === 0 ? 'recommend_empty' : 'list_end' };
  }
  const { cards } = await cardsFor(
    ctx.services,
    ctx.user.id,
    result.items.map((r) => ({ movieId: r.movieId, reason: r.reason, predicted: r.predicted })),
    cardAudience(ctx),
  );
  if (page === 0) {
    const rated = (await ctx.services.repos.ratings.forUser(ctx.user.id)).length;
    if (rated < FEW_RATINGS) lines.push('Tip: rate a few movies (try `onboard`) and these picks become yours.');
    const audience = cardAudience(ctx);
    if (audience) {
      const since = new Date(ctx.services.now().getTime() - RECENT_PEOPLE_MS);
      const hint = partyHint(text, (await ctx.services.repos.channelPeople.recent(audience.channel, since)).length);
      if (hint) lines.push(hint);
    }
  }
  const ids = result.items.map((r) => r.movieId);
  await ctx.conversation.update((s) => ({
    ...s,
    last: { command: 'recommend', text, shown: [...shown, ...ids].slice(-1000), page },
  }));
  return {
    text: lines.length > 0 ? lines.join('\n') : page === 0 ? 'Here are some picks for you:' : 'More picks:',
    cards: [...cards, moreCard(ctx.services.codec)],
    status: 'recommended',
  };
}

export const recommend: CommandDefinition = {
  name: 'recommend',
  aliases: ['rec', 'recs', 'recommendations', 'suggest', 'picks'],
  usage: 'recommend [what you are in the mood for]',
  summary: 'movie picks for you, e.g. `recommend a funny 90s movie under 2 hours`',
  args: ['text'],
  run(ctx, args) {
    return recommendPage(ctx, argText(args, 'query'), [], 0);
  },
};
