import type { RequestContext } from '../../core/context.js';
import { listCards, showList, type LastList } from '../../core/conversation.js';
import { coverageNote, filtersOnMetadata } from '../../core/coverage.js';
import { listJoin } from '../../core/format.js';
import { moreCard } from '../more/card.js';
import type { Reply } from '../../core/types.js';
import { cardAudience, cardsFor } from '../../core/viewer.js';
import { describeRefinement, readFollowUp, type FollowUpKind } from '../../nlp/followup.js';
import type { Preferences } from '../../nlp/types.js';
import { argText, defineCommand, textArg } from '../types.js';

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

export interface ListOptions {
  /** Movies this list already showed (earlier pages), left out. */
  shown: readonly number[];
  page: number;
  /** The lines that open the reply: what was understood, or what changed. */
  echo: readonly string[];
  /**
   * A wish that is the point of the message ("shorter"): when too few films meet it, show the
   * ones that do rather than pad the page with films that do not.
   */
  insist?: { label: string; test: (movie: { year: number | null; runtime: number | null }) => boolean } | undefined;
  /** The words of the message, for the watch-party hint ("what should we watch tonight"). */
  text?: string | undefined;
}

type Describe = (p: Preferences) => string;

/** "Looking for: comedy · 1990-1999" (the label added when the describer leaves it off). */
export function echoOf(describe: Describe, preferences: Preferences): string[] {
  const described = describe(preferences);
  if (!described) return [];
  return [/^looking for/i.test(described) ? described : `Looking for: ${described}`];
}

/** The echo's parts ("comedy", "1990-1999"), for saying what a follow-up changed. */
function echoParts(describe: Describe, preferences: Preferences): string[] {
  const described = describe(preferences).replace(/^looking for:\s*/i, '');
  return described ? described.split(' · ') : [];
}

/**
 * One page of recommendations for an effective request. The request and the cards shown are
 * kept in the conversation, so that a follow-up can refine the one and point at the other.
 */
export async function recommendList(ctx: RequestContext, preferences: Preferences, opts: ListOptions): Promise<Reply> {
  const { engine, pageSize } = ctx.services;
  const { shown, page } = opts;
  const limit = Math.max(1, Math.min(MAX_LIMIT, preferences.limit ?? pageSize));
  const result = await engine.recommend({ userId: ctx.user.id, limit, preferences, exclude: new Set(shown) });
  const lines = [...opts.echo];
  const turn = { intent: 'recommend', request: preferences };
  let items = result.items;
  const insisted = opts.insist && result.relaxed.length > 0 ? await keepOnly(ctx, items, opts.insist.test) : undefined;
  if (insisted?.length) items = insisted;
  else if (result.relaxed.length > 0) lines.push(`Few movies matched everything, so I relaxed: ${listJoin(result.relaxed)}.`);
  if (page === 0 && filtersOnMetadata(preferences)) {
    const note = coverageNote(preferences, await ctx.services.repos.movies.metadataCoverage());
    if (note) lines.push(note);
  }
  if (items.length === 0) {
    lines.push(page === 0 ? 'I found nothing that fits. Try fewer filters?' : 'That is all I have for this request.');
    // The request stays, so "any year is fine" can widen it; the cards on screen are still the last ones shown.
    await ctx.conversation.update((s) => ({
      ...s,
      last: { command: 'recommend', text: '', request: preferences, shown: [...shown], page, cards: s.last?.cards ?? [] },
    }));
    return { text: lines.join('\n'), status: page === 0 ? 'recommend_empty' : 'list_end', turn };
  }
  const { cards, movies } = await cardsFor(
    ctx.services,
    ctx.user.id,
    items.map((r) => ({ movieId: r.movieId, reason: r.reason, predicted: r.predicted })),
    cardAudience(ctx),
  );
  if (page === 0) {
    const rated = (await ctx.services.repos.ratings.forUser(ctx.user.id)).length;
    if (rated < FEW_RATINGS) lines.push('Tip: rate a few movies (try `onboard`) and these picks become yours.');
    const audience = cardAudience(ctx);
    if (audience) {
      const since = new Date(ctx.services.now().getTime() - RECENT_PEOPLE_MS);
      const hint = partyHint(opts.text ?? '', (await ctx.services.repos.channelPeople.recent(audience.channel, since)).length);
      if (hint) lines.push(hint);
    }
  }
  if (insisted?.length)
    lines.push(`Only ${insisted.length === 1 ? 'one film fits' : `${insisted.length} films fit`} ${opts.insist!.label}:`);
  const ids = items.map((r) => r.movieId);
  await ctx.conversation.update((s) =>
    showList(s, {
      command: 'recommend',
      text: '',
      request: preferences,
      shown: [...shown, ...ids].slice(-1000),
      page,
      cards: listCards(movies),
    }),
  );
  return {
    text: lines.length > 0 ? lines.join('\n') : page === 0 ? 'Here are some picks for you:' : 'More picks:',
    cards: [...cards, moreCard(ctx.services.codec)],
    status: 'recommended',
    turn,
  };
}

async function keepOnly<T extends { movieId: number }>(
  ctx: RequestContext,
  items: readonly T[],
  test: (m: { year: number | null; runtime: number | null }) => boolean,
): Promise<T[]> {
  const rows = await ctx.services.repos.movies.byIds(items.map((i) => i.movieId));
  return items.filter((i) => {
    const m = rows.get(i.movieId);
    return m !== undefined && test(m);
  });
}

/** What a relative refinement insists on, read off the refined request; the label names the same bound the echo shows. */
function insistOn(relative: readonly string[], p: Preferences): ListOptions['insist'] {
  const { years, runtime } = p;
  if (relative.includes('shorter') && runtime?.max != null) {
    const max = runtime.max;
    return { label: `at ${max} minutes or less`, test: (m) => m.runtime !== null && m.runtime <= max };
  }
  if (relative.includes('longer') && runtime?.min != null) {
    const min = runtime.min;
    return { label: `at ${min} minutes or more`, test: (m) => m.runtime !== null && m.runtime >= min };
  }
  if (relative.includes('older') && years?.to != null) {
    const to = years.to;
    return { label: `from ${to} or earlier`, test: (m) => m.year !== null && m.year <= to };
  }
  if (relative.includes('newer') && years?.from != null) {
    const from = years.from;
    return { label: `from ${from} or later`, test: (m) => m.year !== null && m.year >= from };
  }
  return undefined;
}

/** One page for a request text (conversation rows written before requests were kept). */
export function recommendPage(ctx: RequestContext, text: string, shown: readonly number[], page: number): Promise<Reply> {
  const preferences = ctx.services.language.parsePreferences(text, ctx.services.catalog);
  return recommendList(ctx, preferences, { shown, page, echo: echoOf((p) => ctx.services.language.describePreferences(p), preferences) });
}

export interface RequestPlan {
  kind: FollowUpKind;
  /** The effective request. */
  request: Preferences;
  /** What was understood ("Looking for: ..."), or what changed ("Now: ..."). */
  echo: string[];
  /** Films to leave out: the list on screen after "shorter", everything shown after "something different". */
  exclude: number[];
  insist?: ListOptions['insist'];
}

/**
 * What a message asks for after the list `last` (if any): a follow-up refines the request
 * behind it ("something shorter", "no horror"), a restart or a request of its own starts
 * afresh (src/nlp/followup.ts has the rule). Pure; the chat and the API share it.
 */
export function planRequest(
  text: string,
  last: Pick<LastList, 'request' | 'cards' | 'shown'> | undefined,
  parse: (text: string) => Preferences,
  describe: Describe,
): RequestPlan {
  const previous = last?.request ?? null;
  const cards = last?.cards ?? [];
  const followUp = readFollowUp(text, previous, { years: cards.map((c) => c.year), runtimes: cards.map((c) => c.runtime) }, parse);
  const { kind, request } = followUp;
  if (kind === 'refine' && previous) {
    // "shorter", "older": other films than the ones on screen, even when few fit
    const relative = followUp.relative.some((r) => r !== 'lighter');
    return {
      kind,
      request,
      echo: [describeRefinement(previous, request, (p) => echoParts(describe, p))],
      exclude: relative ? cards.map((c) => c.movieId) : [],
      insist: insistOn(followUp.relative, request),
    };
  }
  // nothing new was named ("something completely different"): anything but what this list showed
  if (followUp.different) return { kind, request, echo: ['Something completely different, then:'], exclude: [...(last?.shown ?? [])] };
  return { kind, request, echo: echoOf(describe, request), exclude: [] };
}

/** A request typed in a conversation, planned against the list shown there. */
export async function recommendInConversation(ctx: RequestContext, text: string): Promise<Reply> {
  const { language, catalog } = ctx.services;
  const { last } = await ctx.conversation.load();
  const plan = planRequest(
    text,
    last,
    (t) => language.parsePreferences(t, catalog),
    (p) => language.describePreferences(p),
  );
  return recommendList(ctx, plan.request, { shown: plan.exclude, page: 0, echo: plan.echo, insist: plan.insist, text });
}

export const recommend = defineCommand({
  name: 'recommend',
  aliases: ['rec', 'recs', 'recommendations', 'suggest', 'picks'],
  slackWords: ['recommend'],
  usage: 'recommend [what you are in the mood for]',
  summary: 'movie picks for you, e.g. `recommend a funny 90s movie under 2 hours`',
  args: { query: textArg },
  slash: {
    description: 'Movie suggestions for you, optionally for a mood ("something scary, under 2 hours")',
    options: [{ kind: 'text', name: 'query', description: 'What are you in the mood for?', required: false }],
  },
  run(ctx, args) {
    return recommendInConversation(ctx, argText(args, 'query'));
  },
});
