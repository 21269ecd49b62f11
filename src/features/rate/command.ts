import { isHalfStar } from '../../db/repositories/ratings.js';
import type { Movie } from '../../db/repositories/movies.js';
import { actorName, type RequestContext } from '../../core/context.js';
import { focusOn } from '../../core/conversation.js';
import { starGlyphs, stars, titleWithYear } from '../../core/format.js';
import { fail } from '../../core/reply.js';
import { choiceReply, resolveTitle, unknownTitleReply } from '../../core/titles.js';
import type { Reply } from '../../core/types.js';
import { cardAudience, cardsFor } from '../../core/viewer.js';
import { argText, defineCommand, numberArg, textArg } from '../types.js';

export type ParsedRate = { title: string; stars: number | null; raw: string | null };

/**
 * Pure: split "the matrix 4.5 stars" into title and stars. The stars are the last number
 * ("4", "4.5", "4,5", "4/5", "8/10", "4 out of 5", "★★★★"); `raw` keeps what was typed so an
 * off-scale value can be reported. Works on tokens, not a backtracking regex, so any input is fast.
 */
export function parseRateText(text: string): ParsedRate {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const lower = (i: number): string => (tokens[tokens.length - i] ?? '').toLowerCase();
  let scale = 5;
  if (tokens.length >= 4 && lower(3) === 'out' && lower(2) === 'of' && (lower(1) === '5' || lower(1) === '10')) {
    scale = Number(lower(1));
    tokens.splice(tokens.length - 3, 3);
  } else if (tokens.length >= 3 && (lower(1) === 'star' || lower(1) === 'stars' || lower(1) === '/5')) {
    tokens.pop();
  }
  const last = tokens[tokens.length - 1];
  if (tokens.length < 2 || last === undefined) return { title: tokens.join(' '), stars: null, raw: null };
  const title = tokens.slice(0, -1).join(' ');
  const starRun = /^★{1,10}(½)?$/u.exec(last);
  if (starRun) return { title, stars: [...last].filter((c) => c === '★').length + (starRun[1] ? 0.5 : 0), raw: last };
  const m = /^(-?\d{1,3}(?:[.,]\d{1,3})?)(\/5|\/10)?★?$/.exec(last);
  if (!m) return { title: tokens.join(' '), stars: null, raw: null };
  if (m[2] === '/10') scale = 10;
  const value = Number(m[1]!.replace(',', '.'));
  return { title, stars: scale === 10 ? value / 2 : value, raw: last };
}

/** Store the rating for the context's user and tell the engine at once; returns the sentence to say. */
export async function applyRating(ctx: RequestContext, movie: Movie, value: number, source: string): Promise<string> {
  const outcome = await ctx.services.feedback.rate({
    userId: ctx.user.id,
    movieId: movie.id,
    rating: value,
    source: `${ctx.actor.platform}:${source}`,
    requestId: ctx.requestId,
  });
  // "more like that" next means this film
  await ctx.conversation.update((s) => focusOn(s, movie.id));
  return outcome.kind === 'change'
    ? `Changed your rating of ${titleWithYear(movie)} from ${stars(outcome.previous ?? value)} to ${stars(value)}.`
    : `You rated ${titleWithYear(movie)} ${stars(value)}.`;
}

export async function rateMovie(ctx: RequestContext, movie: Movie, value: number): Promise<Reply> {
  const text = await applyRating(ctx, movie, value, 'chat');
  const { cards } = await cardsFor(
    ctx.services,
    ctx.user.id,
    [{ movieId: movie.id, footer: `${ctx.direct ? 'You' : actorName(ctx)} rated it ${stars(value)}` }],
    cardAudience(ctx),
  );
  return { text, cards, status: 'rated' };
}

/** The slash command's star choices: every half star, shown as stars. */
const STAR_CHOICES = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5].map((v) => ({
  name: `${starGlyphs(v)} (${v})`,
  value: v,
}));

export const rate = defineCommand({
  name: 'rate',
  aliases: ['rating'],
  slackWords: ['rate'],
  usage: 'rate <title> <stars>',
  summary: 'rate a movie from 0.5 to 5 stars (half stars welcome)',
  args: { title: textArg, stars: numberArg },
  asSentence: (title, args) => `rate ${title}${args.stars === undefined ? '' : ` ${args.stars}`}`,
  slash: {
    description: 'Rate a movie you have seen',
    options: [
      { kind: 'title', name: 'title', description: 'The movie' },
      { kind: 'number', name: 'stars', description: 'Your rating', required: true, choices: STAR_CHOICES },
    ],
  },
  async run(ctx, args) {
    // Structured (slash command, intent): title + stars; else "heat 1995 4.5" in one line.
    const structuredStars = args.stars;
    const parsed =
      structuredStars !== undefined && String(structuredStars).trim() !== ''
        ? { title: argText(args, 'title'), stars: Number(structuredStars), raw: String(structuredStars) }
        : parseRateText(argText(args, 'title'));
    if (parsed.title === '') return fail('bad_input', 'Which movie? Try `rate Heat 4`.');
    if (parsed.stars === null) return fail('bad_input', `How many stars for "${parsed.title}"? Try \`rate ${parsed.title} 4\`.`);
    if (!isHalfStar(parsed.stars)) {
      return fail('bad_rating', `${parsed.raw ?? parsed.stars} is not a rating I can use: pick 0.5 to 5 in half stars (like 3.5).`);
    }
    const found = await resolveTitle(ctx.services, parsed.title);
    if (found.kind === 'none') return unknownTitleReply(parsed.title);
    if (found.kind === 'ambiguous') return choiceReply(ctx.services.codec, parsed.title, 'rate', found.choices, parsed.stars);
    return rateMovie(ctx, found.movie, parsed.stars);
  },
  async onChoice(ctx, movie, { stars: value }) {
    if (value === undefined || !isHalfStar(value)) return fail('bad_action', 'That choice lost its rating; please rate again.');
    return rateMovie(ctx, movie, value);
  },
});
