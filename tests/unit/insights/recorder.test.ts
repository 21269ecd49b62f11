import { describe, expect, it } from 'vitest';
import type { EngagementRow, ImpressionRow } from '../../../src/db/repositories/insights.js';
import { InsightsRecorder, type InsightsStore } from '../../../src/insights/recorder.js';

function row(i: number): ImpressionRow {
  return {
    userId: 1,
    movieId: i,
    surface: 'playground',
    kind: 'recommend',
    position: i,
    modelVersion: 1,
    experimentId: null,
    variant: null,
    shownAt: 1000 + i,
  };
}

/** A store whose writes wait until released, and fail while `down`. */
function fakeStore() {
  const written: ImpressionRow[] = [];
  const engaged: EngagementRow[] = [];
  const order: string[] = [];
  let down = false;
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => {};
  const store: InsightsStore = {
    async insertImpressions(rows) {
      await gate;
      if (down) throw new Error('database away');
      order.push('impressions');
      written.push(...rows);
      return rows.length;
    },
    async insertEngagements(rows) {
      await gate;
      if (down) throw new Error('database away');
      order.push('engagements');
      engaged.push(...rows);
      return rows.length;
    },
    async purge() {
      return { impressions: 0, engagements: 0 };
    },
  };
  return {
    store,
    written,
    engaged,
    order,
    setDown: (d: boolean) => {
      down = d;
    },
    hold: () => {
      gate = new Promise((r) => {
        open = r;
      });
    },
    release: () => open(),
  };
}

describe('impression recorder', () => {
  it('records without waiting for the database, writes in batches, impressions before engagements', async () => {
    const f = fakeStore();
    const rec = new InsightsRecorder(f.store, { flushMs: 0, batchSize: 3, retentionDays: 0 });
    f.hold(); // the database hangs: recording must still return at once
    rec.recordEngagement({ userId: 1, movieId: 2, action: 'rate', stars: 4, at: 2000 });
    for (let i = 0; i < 7; i++) rec.recordImpression(row(i));
    expect(rec.stats().buffered).toBe(8);
    const flushed = rec.flush();
    expect(f.written).toHaveLength(0);
    f.release();
    await flushed;
    expect(f.written.map((r) => r.movieId)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(f.engaged).toHaveLength(1);
    expect(f.order).toEqual(['impressions', 'impressions', 'impressions', 'engagements']);
    expect(rec.stats()).toMatchObject({ buffered: 0, written: 8, dropped: 0 });
  });

  it('keeps rows through a failed write and stays within its bound', async () => {
    const f = fakeStore();
    const rec = new InsightsRecorder(f.store, { flushMs: 0, maxBuffered: 5, retentionDays: 0 });
    f.setDown(true);
    for (let i = 0; i < 8; i++) rec.recordImpression(row(i));
    expect(rec.stats()).toMatchObject({ buffered: 5, dropped: 3 });
    await rec.flush();
    expect(rec.stats()).toMatchObject({ buffered: 5, failedFlushes: 1 });
    f.setDown(false);
    await rec.close(); // a clean shutdown writes what is left
    expect(f.written.map((r) => r.movieId)).toEqual([0, 1, 2, 3, 4]);
    rec.recordImpression(row(9)); // after close: not taken
    expect(rec.stats()).toMatchObject({ buffered: 0, dropped: 4 });
  });

  it('a flush asked for during another one waits for it and writes the rest', async () => {
    const f = fakeStore();
    const rec = new InsightsRecorder(f.store, { flushMs: 0, retentionDays: 0 });
    rec.recordImpression(row(0));
    f.hold();
    const first = rec.flush();
    rec.recordImpression(row(1));
    const second = rec.flush();
    f.release();
    await Promise.all([first, second]);
    expect(f.written.map((r) => r.movieId)).toEqual([0, 1]);
  });
});
