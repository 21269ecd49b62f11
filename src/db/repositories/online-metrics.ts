/**
 * Online metrics, computed in SQL over impressions in a time window. An impression counts as
 * positive when the user rated the film 4 stars or more, or put it on their watchlist, within
 * `days` days of being shown; negative when they dismissed it (not interested) or rated it 2 or
 * less; clicked when any card action was linked to it. Feedback comes from every path: card
 * actions, ratings typed in chat or sent through the API (rating_events), the watchlist and
 * marks tables.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';

export interface MetricsWindow {
  from: Date;
  to: Date;
  /** Feedback counts this many days after the impression (default 7). */
  days?: number | undefined;
  experimentId?: number | undefined;
}

export interface OnlineMetricsRow {
  modelVersion: number | null;
  experiment: string | null;
  variant: string | null;
  users: number;
  impressions: number;
  positiveRate: number;
  negativeRate: number;
  clickRate: number;
  /** Mean of the first stars given to a shown film after it was shown; null when none. */
  meanStars: number | null;
  /** Distinct films shown / films in the catalogue. */
  coverage: number | null;
  /** Mean self-information of what was shown, -log2(share of users who rated the film). */
  novelty: number | null;
}

/** Every kind of feedback on a film, from every path, as (user, movie, at, stars, kind). */
const FEEDBACK = sql`(
  SELECT user_id, movie_id, created_at AS at, rating AS stars, 'rate' AS kind FROM rating_events WHERE kind IN ('rate', 'change')
  UNION ALL SELECT user_id, movie_id, at, stars, action FROM engagements WHERE action IN ('rate', 'watchlist', 'dismiss')
  UNION ALL SELECT user_id, movie_id, added_at, NULL, 'watchlist' FROM watchlist
  UNION ALL SELECT user_id, movie_id, created_at, NULL, 'dismiss' FROM marks WHERE kind = 'not_interested'
)`;

/** Per impression in the window: positive, negative, clicked, first stars. */
function judged(w: MetricsWindow): SQL {
  const days = w.days ?? 7;
  const within = sql`f.user_id = i.user_id AND f.movie_id = i.movie_id AND f.at >= i.shown_at AND f.at < i.shown_at + make_interval(days => ${days})`;
  return sql`
    SELECT i.id, i.user_id, i.movie_id, i.model_version, i.experiment_id, i.variant, i.shown_at,
      EXISTS (SELECT 1 FROM ${FEEDBACK} f WHERE ${within} AND (f.stars >= 4 OR f.kind = 'watchlist')) AS positive,
      EXISTS (SELECT 1 FROM ${FEEDBACK} f WHERE ${within} AND (f.stars <= 2 OR f.kind = 'dismiss')) AS negative,
      EXISTS (SELECT 1 FROM engagements e WHERE e.impression_id = i.id) AS clicked,
      (SELECT f.stars FROM ${FEEDBACK} f WHERE ${within} AND f.stars IS NOT NULL ORDER BY f.at LIMIT 1) AS stars
    FROM impressions i
    WHERE i.shown_at >= ${w.from.toISOString()}::timestamptz AND i.shown_at < ${w.to.toISOString()}::timestamptz
      AND i.kind IN ('recommend', 'similar')
      ${w.experimentId !== undefined ? sql`AND i.experiment_id = ${w.experimentId}` : sql``}`;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export class OnlineMetricsRepository {
  constructor(private readonly database: Database) {}

  /** One row per (model version, experiment, variant) over the window. */
  async summary(w: MetricsWindow): Promise<OnlineMetricsRow[]> {
    const rows = await this.database.rows<Record<string, unknown>>(sql`
      WITH j AS (${judged(w)}),
      catalogue AS (SELECT count(*)::float8 AS n FROM movies),
      raters AS (SELECT count(DISTINCT user_id)::float8 AS n FROM ratings),
      pop AS (SELECT movie_id, count(*)::float8 AS n FROM ratings WHERE movie_id IN (SELECT DISTINCT movie_id FROM j) GROUP BY movie_id)
      SELECT j.model_version, e.name AS experiment, j.variant,
        count(DISTINCT j.user_id)::int AS users, count(*)::int AS impressions,
        avg(j.positive::int)::float8 AS positive_rate, avg(j.negative::int)::float8 AS negative_rate,
        avg(j.clicked::int)::float8 AS click_rate, avg(j.stars)::float8 AS mean_stars,
        CASE WHEN (SELECT n FROM catalogue) > 0 THEN count(DISTINCT j.movie_id) / (SELECT n FROM catalogue) END AS coverage,
        CASE WHEN (SELECT n FROM raters) > 0 THEN avg(-log(2::numeric, (greatest(coalesce(pop.n, 0), 1) / (SELECT n FROM raters))::numeric))::float8 END AS novelty
      FROM j LEFT JOIN pop ON pop.movie_id = j.movie_id LEFT JOIN experiments e ON e.id = j.experiment_id
      GROUP BY j.model_version, e.name, j.variant
      ORDER BY j.model_version NULLS FIRST, e.name NULLS FIRST, j.variant NULLS FIRST`);
    return rows.map((r) => ({
      modelVersion: num(r.model_version),
      experiment: (r.experiment as string | null) ?? null,
      variant: (r.variant as string | null) ?? null,
      users: Number(r.users),
      impressions: Number(r.impressions),
      positiveRate: Number(r.positive_rate),
      negativeRate: Number(r.negative_rate),
      clickRate: Number(r.click_rate),
      meanStars: num(r.mean_stars),
      coverage: num(r.coverage),
      novelty: num(r.novelty),
    }));
  }

  /** Per day: impressions, positive and click rates (the dashboard's charts). */
  async daily(
    w: MetricsWindow,
  ): Promise<{ day: Date; modelVersion: number | null; impressions: number; positiveRate: number; clickRate: number }[]> {
    const rows = await this.database.rows<Record<string, unknown>>(sql`
      WITH j AS (${judged(w)})
      SELECT date_trunc('day', j.shown_at AT TIME ZONE 'UTC') AS day, j.model_version, count(*)::int AS impressions,
        avg(j.positive::int)::float8 AS positive_rate, avg(j.clicked::int)::float8 AS click_rate
      FROM j GROUP BY 1, 2 ORDER BY 1, 2`);
    return rows.map((r) => ({
      day: new Date(`${String(r.day instanceof Date ? r.day.toISOString() : r.day).slice(0, 10)}T00:00:00Z`),
      modelVersion: num(r.model_version),
      impressions: Number(r.impressions),
      positiveRate: Number(r.positive_rate),
      clickRate: Number(r.click_rate),
    }));
  }

  /** Per user and variant of an experiment: impressions and positives (units of analysis). */
  async perUser(
    w: MetricsWindow & { experimentId: number },
  ): Promise<{ userId: number; variant: string; impressions: number; positives: number; negatives: number; clicks: number }[]> {
    const rows = await this.database.rows<Record<string, unknown>>(sql`
      WITH j AS (${judged(w)})
      SELECT user_id, variant, count(*)::int AS impressions, sum(positive::int)::int AS positives,
             sum(negative::int)::int AS negatives, sum(clicked::int)::int AS clicks
      FROM j WHERE variant IS NOT NULL GROUP BY user_id, variant ORDER BY user_id, variant`);
    return rows.map((r) => ({
      userId: Number(r.user_id),
      variant: String(r.variant),
      impressions: Number(r.impressions),
      positives: Number(r.positives),
      negatives: Number(r.negatives),
      clicks: Number(r.clicks),
    }));
  }

  /**
   * Interleaved lists of an experiment: one row per (list, team) with the team's positives. A
   * list is the impressions one answer recorded (same user, same instant).
   */
  async interleavedLists(
    w: MetricsWindow & { experimentId: number },
  ): Promise<{ userId: number; list: string; variant: string; positives: number }[]> {
    const rows = await this.database.rows<Record<string, unknown>>(sql`
      WITH j AS (${judged(w)})
      SELECT user_id, shown_at::text AS list, variant, sum(positive::int)::int AS positives
      FROM j WHERE variant IS NOT NULL GROUP BY user_id, shown_at, variant ORDER BY user_id, shown_at, variant`);
    return rows.map((r) => ({
      userId: Number(r.user_id),
      list: String(r.list),
      variant: String(r.variant),
      positives: Number(r.positives),
    }));
  }

  /**
   * New users (not MovieLens) who arrived in the window: how many rated anything, and the
   * median time from arriving to their first rating.
   */
  async timeToFirstRating(w: MetricsWindow): Promise<{ newUsers: number; rated: number; medianSeconds: number | null }> {
    const [r] = await this.database.rows<Record<string, unknown>>(sql`
      WITH fresh AS (
        SELECT u.id, u.created_at,
          (SELECT min(at) FROM (SELECT created_at AS at FROM rating_events re WHERE re.user_id = u.id AND re.kind IN ('rate', 'change')
                                UNION ALL SELECT at FROM engagements en WHERE en.user_id = u.id AND en.action = 'rate') x) AS first_at
        FROM users u
        WHERE u.platform <> 'movielens' AND u.created_at >= ${w.from.toISOString()}::timestamptz AND u.created_at < ${w.to.toISOString()}::timestamptz
      )
      SELECT count(*)::int AS new_users, count(first_at)::int AS rated,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_at - created_at)) AS median_seconds
      FROM fresh`);
    return { newUsers: Number(r?.new_users ?? 0), rated: Number(r?.rated ?? 0), medianSeconds: num(r?.median_seconds) };
  }
}
