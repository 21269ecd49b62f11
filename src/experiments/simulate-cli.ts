/**
 * `reelmate experiments simulate`: the simulator from the command line, on an in-memory
 * database, with MovieLens CSV files and a fixed split.
 */
import { z } from 'zod';
import { openDatabase } from '../db/client.js';
import { algorithms } from '../recommender/algorithms/index.js';
import { loadMovieLens, splitRows } from '../recommender/data.js';
import { planSplit } from '../recommender/evaluate/split-spec.js';
import { prepareSimulation, runSimulation } from './simulate.js';

const intList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'a comma-separated list of whole numbers')
  .transform((s) => s.split(',').map(Number));

export const simulateOptions = z.object({
  data: z.string().min(1, 'give --data DIR (or set MOVIELENS_DIR)'),
  split: z.string().min(1, 'give --split FILE:FOLD'),
  splitsDir: z.string().optional(),
  variants: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .refine((v) => v.length === 2, 'give two variants, e.g. --variants hybrid,popularity')
    .refine((v) => v.every((n) => n in algorithms), `variants are algorithms: ${Object.keys(algorithms).join(', ')}`),
  mode: z.enum(['ab', 'interleave']).default('ab'),
  users: z.coerce.number().int().min(4).max(1_000_000).default(300),
  seed: z.coerce.number().int().min(0).default(1),
  seeds: z.coerce.number().int().min(1).max(200).optional(),
  sizes: intList.optional(),
  json: z.boolean().default(false),
});
export type SimulateOptions = z.infer<typeof simulateOptions>;

export async function simulateCommand(o: SimulateOptions): Promise<{ output: unknown; text: string }> {
  const loaded = loadMovieLens(o.data);
  if (!loaded.ok) throw new UserError(loaded.error.message);
  const data = loaded.value;
  const plan = planSplit(data.ratings, { split: o.split, splitsDir: o.splitsDir, dataName: data.name });
  if (!plan.ok) throw new UserError(plan.error.message);
  const split = splitRows(data.ratings, plan.value.assignment.assign, plan.value.testValues[0]!);
  const prepared = await prepareSimulation(split, o.variants, data.movies);
  const database = await openDatabase({});
  try {
    if (o.sizes) {
      // how many users each size needs: the p-value at each size, same seed
      const sizes = [];
      for (const n of o.sizes) {
        const r = await runSimulation(database, prepared, { variants: o.variants, mode: o.mode, users: n, seed: o.seed });
        sizes.push({ users: n, p_value: r.p_value, winner: r.winner });
      }
      const needed = sizes.find((s) => s.p_value !== null && s.p_value < 0.01)?.users ?? null;
      const output = { mode: o.mode, variants: o.variants, seed: o.seed, sizes, users_needed_at_p_0_01: needed };
      return {
        output,
        text:
          sizes
            .map(
              (s) =>
                `${String(s.users).padStart(6)} users: p = ${s.p_value?.toExponential(2) ?? 'n/a'}${s.winner ? `, winner ${s.winner}` : ''}`,
            )
            .join('\n') + `\nusers needed for p < 0.01: ${needed ?? 'more than tried'}`,
      };
    }
    if (o.seeds) {
      const runs = [];
      for (let s = o.seed; s < o.seed + o.seeds; s++) {
        const r = await runSimulation(database, prepared, { variants: o.variants, mode: o.mode, users: o.users, seed: s });
        runs.push({ seed: s, p_value: r.p_value, winner: r.winner, rates: r.variants.map((v) => v.positive_rate) });
      }
      const significant = runs.filter((r) => r.p_value !== null && r.p_value < 0.05).length;
      const output = {
        mode: o.mode,
        variants: o.variants,
        users: o.users,
        seeds: runs,
        significant_at_0_05: significant,
        not_significant: runs.length - significant,
      };
      return {
        output,
        text:
          runs.map((r) => `seed ${r.seed}: p = ${r.p_value?.toFixed(4) ?? 'n/a'}${r.winner ? `, winner ${r.winner}` : ''}`).join('\n') +
          `\np > 0.05 in ${runs.length - significant} of ${runs.length} seeds`,
      };
    }
    const r = await runSimulation(database, prepared, { variants: o.variants, mode: o.mode, users: o.users, seed: o.seed });
    const lines = r.variants.map(
      (v) =>
        `${v.name.padEnd(14)} users ${String(v.users).padStart(5)}  impressions ${String(v.impressions).padStart(6)}  positive ${(100 * v.positive_rate).toFixed(2)}% [${(100 * v.ci[0]).toFixed(2)}, ${(100 * v.ci[1]).toFixed(2)}]`,
    );
    lines.push(`p = ${r.p_value?.toExponential(3) ?? 'n/a'}; winner: ${r.winner ?? 'none'}`);
    if (r.credit)
      lines.push(
        `lists won: ${Object.entries(r.credit.wins)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}, ties ${r.credit.ties}`,
      );
    return { output: r, text: lines.join('\n') };
  } finally {
    await database.close();
  }
}

export class UserError extends Error {
  override readonly name = 'UserError';
}
