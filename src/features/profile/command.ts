import { listJoin, plural, stars } from '../../core/format.js';
import { tasteProfile } from '../../core/profile.js';
import type { Card, CardField } from '../../core/types.js';
import { defineCommand } from '../types.js';

export const profile = defineCommand({
  name: 'profile',
  takesArgs: false,
  aliases: ['taste', 'stats', 'myprofile'],
  slackWords: ['profile'],
  usage: 'profile',
  summary: 'your taste in a few lines, and how your picks are made',
  aboutCards: false,
  slash: { description: 'Your taste profile and what Reelmate knows about you', personal: true },
  async run(ctx) {
    const { repos, engine } = ctx.services;
    const ratings = await repos.ratings.forUser(ctx.user.id);
    const movies = await repos.movies.byIds(ratings.map((r) => r.movieId));
    const taste = tasteProfile(
      ratings.flatMap((r) => {
        const movie = movies.get(r.movieId);
        return movie ? [{ rating: r.rating, movie }] : [];
      }),
    );
    const [watch, marks] = await Promise.all([repos.watchlist.list(ctx.user.id), repos.marks.forUser(ctx.user.id)]);
    const model = engine.modelInfo();
    const fields: CardField[] = [
      { label: 'Ratings', value: taste.count === 0 ? 'none yet' : `${taste.count} (average ${stars(taste.mean ?? 0)})`, inline: true },
      { label: 'Watchlist', value: String(watch.length), inline: true },
      {
        label: 'Seen / not interested',
        value: `${marks.filter((m) => m.kind === 'seen').length} / ${marks.filter((m) => m.kind === 'not_interested').length}`,
        inline: true,
      },
    ];
    if (taste.genres.length > 0) fields.push({ label: 'Favourite genres', value: listJoin(taste.genres) });
    if (taste.people.length > 0) fields.push({ label: 'People you like', value: listJoin(taste.people) });
    if (taste.decades.length > 0) fields.push({ label: 'Decades', value: listJoin(taste.decades) });
    const how =
      taste.count < 5
        ? `With ${plural(taste.count, 'rating')}, your picks lean on what is popular and well rated. Rate a few more (try \`onboard\`) and they become yours.`
        : `Your picks come from the ${model.algorithm} model${model.trainedAt ? ` (trained ${model.trainedAt.toISOString().slice(0, 10)})` : ''}, ` +
          `updated with each of your ${taste.count} ratings the moment you make them. Rated, seen and dismissed movies are never suggested.`;
    const card: Card = {
      kind: 'profile',
      title: `${ctx.actor.displayName ?? 'Your'}${ctx.actor.displayName ? "'s" : ''} movie taste`,
      body: how,
      fields,
    };
    return { cards: [card], status: 'profile' };
  },
});
