/** What the admin dashboard shows besides online metrics: model versions and counts. */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';

export interface ModelVersionRow {
  id: number;
  algorithm: string;
  active: boolean;
  trainedAt: Date;
  ratingsCount: number;
  metrics: Record<string, number>;
}

export interface Counts {
  movies: number;
  ratings: number;
  impressions: number;
  users: { platform: string; users: number }[];
}

export class DashboardRepository {
  constructor(private readonly database: Database) {}

  async modelVersions(limit = 10): Promise<ModelVersionRow[]> {
    const rows = await this.database.rows<Record<string, unknown>>(sql`
      SELECT id, algorithm, active, trained_at, ratings_count, metrics FROM model_versions ORDER BY id DESC LIMIT ${limit}`);
    return rows.map((r) => ({
      id: Number(r.id),
      algorithm: String(r.algorithm),
      active: Boolean(r.active),
      trainedAt: new Date(r.trained_at as string | Date),
      ratingsCount: Number(r.ratings_count),
      metrics: (typeof r.metrics === 'string' ? JSON.parse(r.metrics) : r.metrics) as Record<string, number>,
    }));
  }

  async counts(): Promise<Counts> {
    const [c] = await this.database.rows<{ movies: number; ratings: number; impressions: number }>(sql`
      SELECT (SELECT count(*)::int FROM movies) AS movies, (SELECT count(*)::int FROM ratings) AS ratings,
             (SELECT count(*)::int FROM impressions) AS impressions`);
    const users = await this.database.rows<{ platform: string; users: number }>(sql`
      SELECT platform, count(*)::int AS users FROM users GROUP BY platform ORDER BY platform`);
    return { movies: c?.movies ?? 0, ratings: c?.ratings ?? 0, impressions: c?.impressions ?? 0, users };
  }
}
