/**
 * Replays held-out MovieLens users as simulated users of a running experiment. Each user is
 * assigned by the real assignment code, shown the top 10 of their variant's model (or the team
 * draft of both under interleaving), and the impressions go through the real recorder into a
 * database. A user "rates" a shown film when it is among their held-out ratings, with their
 * held-out stars, recorded as a card action. The report comes from the real SQL and analysis.
 * The models stand in for the variants (hybrid, popularity, ...), which the simulator can vary
 * more widely than a live variant setting can.
 */
import type { Database } from '../db/client.js';
import { ExperimentsRepository } from '../db/repositories/experiments.js';
import { InsightsRepository } from '../db/repositories/insights.js';
import { OnlineMetricsRepository } from '../db/repositories/online-metrics.js';
import { UsersRepository } from '../db/repositories/users.js';
import { InsightsRecorder } from '../insights/recorder.js';
import { noteOffered, noteShown, withInsightScope } from '../insights/scope.js';
import { algorithms } from '../recommender/algorithms/index.js';
import { buildTrainingData, type TrainTest } from '../recommender/data.js';
import { topK } from '../recommender/evaluate/metrics.js';
import type { ItemMeta, Recommender, TrainingData } from '../recommender/types.js';
import { analyseAb, analyseInterleaving, type ExperimentReport } from './analysis.js';
import { assignmentOf, liveExperiments } from './engine.js';
import { teamDraft } from './interleave.js';
import { seededRandom } from './stats.js';

export interface Prepared {
  data: TrainingData;
  models: Map<string, Recommender>;
  /** MovieLens user id -> held-out (movie id -> stars). */
  heldOut: Map<number, Map<number, number>>;
  /** Users with training and held-out ratings, ascending. */
  users: number[];
}

/** Fit each named algorithm once on the training part. */
export async function prepareSimulation(
  split: TrainTest,
  algorithmNames: readonly string[],
  meta?: ReadonlyMap<number, ItemMeta>,
): Promise<Prepared> {
  const data = buildTrainingData(split.train, { meta });
  const models = new Map<string, Recommender>();
  for (const name of new Set(algorithmNames)) {
    const factory = algorithms[name];
    if (!factory) throw new Error(`unknown algorithm ${name}`);
    const model = factory();
    await model.fit(data, { seed: 42 });
    models.set(name, model);
  }
  const heldOut = new Map<number, Map<number, number>>();
  const t = split.test;
  for (let r = 0; r < t.ratings.length; r++) {
    const u = t.userIds[r]!;
    let m = heldOut.get(u);
    if (!m) heldOut.set(u, (m = new Map()));
    m.set(t.movieIds[r]!, t.ratings[r]!);
  }
  const users = [...heldOut.keys()].filter((u) => data.userIndex.has(u)).sort((a, b) => a - b);
  return { data, models, heldOut, users };
}

/** The top k of one model for one training user, as movie ids, nothing they rated in training. */
export function topFor(p: Prepared, model: Recommender, mlUser: number, k: number): number[] {
  const u = p.data.userIndex.get(mlUser)!;
  const all = Int32Array.from({ length: p.data.nItems }, (_, j) => j);
  const scores = model.rank ? model.rank(u, all) : model.predict(u, all);
  const rated = new Set<number>();
  for (let q = p.data.userPtr[u]!; q < p.data.userPtr[u + 1]!; q++) rated.add(p.data.userItems[q]!);
  return [...topK(scores, k, (j) => rated.has(j))].map((j) => p.data.itemIds[j]!);
}

export interface RunOptions {
  /** Algorithm per variant, in order (the first is the control); a name may repeat (A/A). */
  variants: readonly string[];
  mode: 'ab' | 'interleave';
  users: number;
  seed: number;
  k?: number | undefined;
}

const DAY = 86_400_000;
const SIM_PLATFORM = 'sim';

/** Unique variant names: "hybrid,hybrid" becomes hybrid, hybrid-2. */
export function variantNames(algos: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return algos.map((a) => {
    const n = (seen.get(a) ?? 0) + 1;
    seen.set(a, n);
    return n === 1 ? a : `${a}-${n}`;
  });
}

/** One simulated experiment on `database` (migrated); its users are created as platform `sim`. */
export async function runSimulation(database: Database, p: Prepared, o: RunOptions): Promise<ExperimentReport> {
  if (o.variants.length !== 2) throw new Error('the simulator compares two variants');
  const k = o.k ?? 10;
  const names = variantNames(o.variants);
  const modelOf = new Map(names.map((n, i) => [n, p.models.get(o.variants[i]!)!]));
  const experiments = new ExperimentsRepository(database.db);
  // The name is the assignment's salt: the same seed assigns the same users the same way.
  const name = `sim-${o.mode}-${o.seed}`;
  await experiments.removeWithUsers(name, SIM_PLATFORM);
  const created = await experiments.create({
    name,
    mode: o.mode,
    variants: names.map((name) => ({ name, share: 0.5, config: {} })),
  });
  if (!created) throw new Error('could not create the simulated experiment');
  const live = liveExperiments([created]);

  // the users, in a seeded order, the first `users` of them
  const random = seededRandom(o.seed);
  const order = [...p.users];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const chosen = order.slice(0, Math.min(o.users, order.length));

  const usersRepo = new UsersRepository(database.db);
  const base = Date.UTC(2026, 0, 1) + o.seed * DAY;
  let clock = base;
  const recorder = new InsightsRecorder(new InsightsRepository(database), {
    flushMs: 0,
    retentionDays: 0,
    batchSize: 5000,
    maxBuffered: 1_000_000,
    now: () => clock,
  });
  try {
    for (const [n, mlUser] of chosen.entries()) {
      const user = await usersRepo.ensure({ platform: SIM_PLATFORM, externalId: String(mlUser) });
      clock = base + n * 60_000;
      const a = assignmentOf(user.id, live);
      if (!a) continue;
      let shown: number[];
      let teamOf: (movieId: number) => string;
      if (a.variant) {
        const name = a.variant.name;
        shown = topFor(p, modelOf.get(name)!, mlUser, k);
        teamOf = () => name;
      } else {
        const draft = teamDraft(
          topFor(p, modelOf.get(names[0]!)!, mlUser, k),
          topFor(p, modelOf.get(names[1]!)!, mlUser, k),
          k,
          seededRandom(o.seed * 7919 + mlUser),
        );
        const teams = new Map(draft.items.map((id, i) => [id, draft.teams[i] === 'A' ? names[0]! : names[1]!]));
        shown = draft.items;
        teamOf = (id) => teams.get(id)!;
      }
      withInsightScope('sim', recorder, () => {
        noteOffered(user.id, shown, (id) => ({ kind: 'recommend', modelVersion: null, experimentId: created.id, variant: teamOf(id) }));
        noteShown(user.id, shown);
      });
      const held = p.heldOut.get(mlUser)!;
      for (const movieId of shown) {
        const stars = held.get(movieId);
        if (stars !== undefined) recorder.recordEngagement({ userId: user.id, movieId, action: 'rate', stars, at: clock + 1000 });
      }
    }
  } finally {
    await recorder.close();
  }

  const metrics = new OnlineMetricsRepository(database);
  const window = { from: new Date(base - DAY), to: new Date(clock + DAY), days: 7, experimentId: created.id };
  const units = await metrics.perUser(window);
  if (o.mode === 'ab') return analyseAb(names, units);
  const impressions = new Map<string, number>();
  const users = new Map<string, number>();
  for (const u of units) {
    impressions.set(u.variant, (impressions.get(u.variant) ?? 0) + u.impressions);
    users.set(u.variant, (users.get(u.variant) ?? 0) + 1);
  }
  return analyseInterleaving([names[0]!, names[1]!], await metrics.interleavedLists(window), impressions, users);
}
