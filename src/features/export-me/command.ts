import { defineCommand } from '../types.js';
import { InsightsRepository } from '../../db/repositories/insights.js';

export const EXPORT_FORMAT = 'reelmate-export/1';

export const exportMe = defineCommand({
  name: 'export-me',
  takesArgs: false,
  aliases: ['export', 'my-data', 'exportme'],
  slackWords: ['export-me', 'export'],
  usage: 'export-me',
  summary: 'everything I hold about you, as a JSON file',
  aboutCards: false,
  slash: { description: 'Download everything Reelmate stores about you', personal: true },
  async run(ctx) {
    const { repos } = ctx.services;
    const [ratings, events, marks, watch, conversations, channels] = await Promise.all([
      repos.ratings.forUser(ctx.user.id),
      repos.ratings.events(ctx.user.id),
      repos.marks.forUser(ctx.user.id),
      repos.watchlist.list(ctx.user.id),
      repos.conversations.forUser(String(ctx.user.id), ctx.services.now()),
      repos.channelPeople.forUser(ctx.user.id),
    ]);
    // insights: what was shown to them and what they did with it (written within a second or so)
    await ctx.services.insights?.flush();
    const insights = new InsightsRepository(ctx.services.database);
    const [shown, actions] = await Promise.all([insights.impressionsFor(ctx.user.id), insights.engagementsFor(ctx.user.id)]);
    const ids = [...new Set([...ratings.map((r) => r.movieId), ...marks.map((m) => m.movieId), ...watch.map((w) => w.movieId)])];
    const movies = await repos.movies.byIds(ids);
    const title = (id: number): string | null => movies.get(id)?.title ?? null;
    const data = {
      format: EXPORT_FORMAT,
      exportedAt: ctx.services.now().toISOString(),
      user: {
        platform: ctx.user.platform,
        externalId: ctx.user.externalId,
        displayName: ctx.user.displayName,
        createdAt: ctx.user.createdAt.toISOString(),
      },
      ratings: ratings.map((r) => ({
        movieId: r.movieId,
        title: title(r.movieId),
        rating: r.rating,
        source: r.source,
        updatedAt: r.updatedAt.toISOString(),
      })),
      ratingHistory: events.map((e) => ({
        movieId: e.movieId,
        kind: e.kind,
        rating: e.rating,
        previousRating: e.previousRating,
        source: e.source,
        at: e.createdAt.toISOString(),
      })),
      marks: marks.map((m) => ({ movieId: m.movieId, title: title(m.movieId), kind: m.kind, at: m.createdAt.toISOString() })),
      watchlist: watch.map((w) => ({ movieId: w.movieId, title: title(w.movieId), addedAt: w.addedAt.toISOString() })),
      conversations: conversations.map((c) => ({
        platform: c.platform,
        channel: c.channelKey,
        state: c.state,
        expiresAt: c.expiresAt.toISOString(),
      })),
      // Where they were seen lately: what shared cards count as "here".
      channels: channels.map((c) => ({ platform: c.platform, channel: c.channelKey, lastSeenAt: c.lastSeenAt.toISOString() })),
      impressions: shown.map((i) => ({
        id: i.id,
        movieId: i.movieId,
        surface: i.surface,
        kind: i.kind,
        position: i.position,
        modelVersion: i.modelVersion,
        experiment: i.experiment,
        variant: i.variant,
        shownAt: i.shownAt.toISOString(),
      })),
      cardActions: actions.map((e) => ({
        movieId: e.movieId,
        action: e.action,
        stars: e.stars,
        impressionId: e.impressionId,
        at: e.at.toISOString(),
      })),
    };
    return {
      text: `Here is everything I hold about you: ${ratings.length} ratings, ${watch.length} on your watchlist, ${marks.length} marks.`,
      attachment: { filename: 'reelmate-export.json', contentType: 'application/json', content: JSON.stringify(data, null, 2) },
      ephemeral: true,
      status: 'exported',
    };
  },
});
