/**
 * Impressions and card engagements: batched writes (one `unnest` insert per batch), the
 * retention purge, and what export-me shows. The online metrics over them are in
 * online-metrics.ts.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';

/** One recommended film shown, as the recorder buffers it (times in epoch ms). */
export interface ImpressionRow {
  userId: number;
  movieId: number;
  surface: string;
  kind: string;
  position: number;
  modelVersion: number | null;
  experimentId: number | null;
  variant: string | null;
  shownAt: number;
}

export const ENGAGEMENT_ACTIONS = ['rate', 'seen', 'dismiss', 'watchlist', 'more_like', 'why'] as const;
export type EngagementAction = (typeof ENGAGEMENT_ACTIONS)[number];

export interface EngagementRow {
  userId: number;
  movieId: number;
  action: EngagementAction;
  stars: number | null;
  at: number;
}

export interface StoredImpression {
  id: number;
  movieId: number;
  surface: string;
  kind: string;
  position: number;
  modelVersion: number | null;
  experiment: string | null;
  variant: string | null;
  shownAt: Date;
}

export interface StoredEngagement {
  movieId: number;
  action: string;
  stars: number | null;
  impressionId: number | null;
  at: Date;
}

const seconds = (ms: number) => ms / 1000;

export class InsightsRepository {
  constructor(private readonly database: Database) {}

  /** Rows of users deleted meanwhile (forget-me before the flush) are left out, not failed on. Returns the rows offered. */
  async insertImpressions(rows: readonly ImpressionRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    // No RETURNING: the batch is written or it is not; the join leaves out users deleted meanwhile.
    await this.database.rows(sql`
        INSERT INTO impressions (user_id, movie_id, surface, kind, position, model_version, experiment_id, variant, shown_at)
        SELECT t.u, t.m, t.s, t.k, t.p, t.v, e.id, CASE WHEN e.id IS NULL THEN NULL ELSE t.xv END, to_timestamp(t.at)
        FROM unnest(${sql.param(rows.map((r) => r.userId))}::int[], ${sql.param(rows.map((r) => r.movieId))}::int[],
                    ${sql.param(rows.map((r) => r.surface))}::text[], ${sql.param(rows.map((r) => r.kind))}::text[],
                    ${sql.param(rows.map((r) => r.position))}::smallint[], ${sql.param(rows.map((r) => r.modelVersion))}::int[],
                    ${sql.param(rows.map((r) => r.experimentId))}::int[], ${sql.param(rows.map((r) => r.variant))}::text[],
                    ${sql.param(rows.map((r) => seconds(r.shownAt)))}::float8[]) AS t(u, m, s, k, p, v, x, xv, at)
        JOIN users ON users.id = t.u
        LEFT JOIN experiments e ON e.id = t.x`);
    return rows.length;
  }

  /**
   * Each action is linked to the latest impression of its film to its user at or before it and
   * within `windowDays`: the card it most likely came from. Impressions are flushed before
   * engagements, so a quick click finds the impression of the card it was on.
   */
  async insertEngagements(rows: readonly EngagementRow[], windowDays: number): Promise<number> {
    if (rows.length === 0) return 0;
    const [r] = await this.database.rows<{ n: number }>(sql`
      WITH ins AS (
        INSERT INTO engagements (user_id, movie_id, action, stars, impression_id, at)
        SELECT t.u, t.m, t.a, t.s,
               (SELECT i.id FROM impressions i
                 WHERE i.user_id = t.u AND i.movie_id = t.m
                   AND i.shown_at <= to_timestamp(t.at) AND i.shown_at > to_timestamp(t.at) - make_interval(days => ${windowDays})
                 ORDER BY i.shown_at DESC, i.id DESC LIMIT 1),
               to_timestamp(t.at)
        FROM unnest(${sql.param(rows.map((r) => r.userId))}::int[], ${sql.param(rows.map((r) => r.movieId))}::int[],
                    ${sql.param(rows.map((r) => r.action))}::text[], ${sql.param(rows.map((r) => r.stars))}::real[],
                    ${sql.param(rows.map((r) => seconds(r.at)))}::float8[]) AS t(u, m, a, s, at)
        JOIN users ON users.id = t.u
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM ins`);
    return r?.n ?? 0;
  }

  /** Delete impressions and engagements older than `before` (the retention period). */
  async purge(before: Date): Promise<{ impressions: number; engagements: number }> {
    const [e] = await this.database.rows<{ n: number }>(
      sql`WITH d AS (DELETE FROM engagements WHERE at < ${before.toISOString()}::timestamptz RETURNING 1) SELECT count(*)::int AS n FROM d`,
    );
    const [i] = await this.database.rows<{ n: number }>(
      sql`WITH d AS (DELETE FROM impressions WHERE shown_at < ${before.toISOString()}::timestamptz RETURNING 1) SELECT count(*)::int AS n FROM d`,
    );
    return { impressions: i?.n ?? 0, engagements: e?.n ?? 0 };
  }

  async impressionsFor(userId: number): Promise<StoredImpression[]> {
    const rows = await this.database.rows<{
      id: string | number;
      movie_id: number;
      surface: string;
      kind: string;
      position: number;
      model_version: number | null;
      experiment: string | null;
      variant: string | null;
      shown_at: string | Date;
    }>(sql`
      SELECT i.id, i.movie_id, i.surface, i.kind, i.position, i.model_version, e.name AS experiment, i.variant, i.shown_at
      FROM impressions i LEFT JOIN experiments e ON e.id = i.experiment_id
      WHERE i.user_id = ${userId} ORDER BY i.shown_at, i.id`);
    return rows.map((r) => ({
      id: Number(r.id),
      movieId: r.movie_id,
      surface: r.surface,
      kind: r.kind,
      position: r.position,
      modelVersion: r.model_version,
      experiment: r.experiment,
      variant: r.variant,
      shownAt: new Date(r.shown_at),
    }));
  }

  async engagementsFor(userId: number): Promise<StoredEngagement[]> {
    const rows = await this.database.rows<{
      movie_id: number;
      action: string;
      stars: number | null;
      impression_id: string | number | null;
      at: string | Date;
    }>(sql`
      SELECT movie_id, action, stars, impression_id, at FROM engagements WHERE user_id = ${userId} ORDER BY at, id`);
    return rows.map((r) => ({
      movieId: r.movie_id,
      action: r.action,
      stars: r.stars,
      impressionId: r.impression_id === null ? null : Number(r.impression_id),
      at: new Date(r.at),
    }));
  }
}
