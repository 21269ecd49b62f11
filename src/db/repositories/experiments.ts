import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { experiments, type StoredVariant } from '../schema/experiments.js';

export type Experiment = typeof experiments.$inferSelect;

export interface NewExperiment {
  name: string;
  mode: 'ab' | 'interleave';
  variants: StoredVariant[];
  description?: string | undefined;
  startsAt?: Date | undefined;
}

export class ExperimentsRepository {
  constructor(private readonly db: Db) {}

  /** Undefined when the name is taken. */
  async create(e: NewExperiment): Promise<Experiment | undefined> {
    const rows = await this.db
      .insert(experiments)
      .values({
        name: e.name,
        mode: e.mode,
        variants: e.variants,
        description: e.description ?? null,
        // the application's clock, which `running(now)` compares with: the column's default
        // (the database's now(), in microseconds) could be later than a read in the same millisecond
        startsAt: e.startsAt ?? new Date(),
      })
      .onConflictDoNothing()
      .returning();
    return rows[0];
  }

  async list(): Promise<Experiment[]> {
    return this.db.select().from(experiments).orderBy(asc(experiments.id));
  }

  async byName(name: string): Promise<Experiment | undefined> {
    const rows = await this.db.select().from(experiments).where(eq(experiments.name, name));
    return rows[0];
  }

  /** Started and not stopped at `now`, oldest first (the first one a user falls into wins). */
  async running(now: Date): Promise<Experiment[]> {
    return this.db
      .select()
      .from(experiments)
      .where(
        sql`${experiments.startsAt} <= ${now.toISOString()}::timestamptz AND (${experiments.stoppedAt} IS NULL OR ${experiments.stoppedAt} > ${now.toISOString()}::timestamptz)`,
      )
      .orderBy(asc(experiments.id));
  }

  /** False when there is no such experiment or it was stopped already. */
  async stop(name: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(experiments)
      .set({ stoppedAt: at })
      .where(sql`${experiments.name} = ${name} AND ${experiments.stoppedAt} IS NULL`)
      .returning({ id: experiments.id });
    return rows.length > 0;
  }

  /**
   * Delete an experiment and what the users of one platform were shown and did (the
   * simulator's users, platform `sim`; they keep their ids, which assignment hashes), so the
   * next simulated run starts clean under the same name.
   */
  async removeWithUsers(name: string, platform: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`DELETE FROM engagements WHERE user_id IN (SELECT id FROM users WHERE platform = ${platform})`);
      await tx.execute(sql`DELETE FROM impressions WHERE user_id IN (SELECT id FROM users WHERE platform = ${platform})`);
      await tx.execute(sql`DELETE FROM experiments WHERE name = ${name}`);
    });
  }
}
