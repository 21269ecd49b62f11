/**
 * `reelmate experiments create|list|stop|report|simulate`.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { openConfiguredDatabase } from '../db/open.js';
import { ExperimentsRepository } from '../db/repositories/experiments.js';
import { OnlineMetricsRepository } from '../db/repositories/online-metrics.js';
import { ModelsRepository } from '../db/repositories/models.js';
import { experimentSpecSchema, parseVariants, SETTING_FORMS } from './definition.js';
import { liveExperiments, pinnedVersions } from './engine.js';
import { reportExperiment } from './report.js';
import { simulateCommand, simulateOptions, UserError } from './simulate-cli.js';
import { configValue } from '../config.js';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function withDatabase<T>(f: (database: Database) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(loadConfig());
  try {
    return await f(database);
  } finally {
    await database.close();
  }
}

const createOptions = z.object({
  variants: z.string().min(1, 'give --variants, e.g. control,diverse=diversity:1:0.3'),
  shares: z.string().optional(),
  mode: z.enum(['ab', 'interleave']).default('ab'),
  start: z.iso.datetime({ offset: true }).optional(),
  description: z.string().max(500).optional(),
});

export function register(program: Command): void {
  const ex = program.command('experiments').description('online experiments: A/B tests and interleaving, their results, and a simulator');

  ex.command('create <name>')
    .description('create an experiment (running from --start, default now)')
    .requiredOption(
      '--variants <list>',
      `variant names, the first is the control; a variant may change settings: name=<setting>[+<setting>...], a setting being ${SETTING_FORMS}`,
    )
    .option('--shares <list>', 'percent of users per variant (default: split evenly)')
    .option('--mode <mode>', 'ab | interleave', 'ab')
    .option('--start <iso>', 'when it starts (ISO 8601)')
    .option('--description <text>', 'what it is about')
    .action(async (name: string, raw: unknown) => {
      const o = createOptions.safeParse(raw);
      if (!o.success) fail(o.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
      const v = parseVariants(o.data.variants, o.data.shares);
      if (!v.ok) fail(v.message);
      const spec = experimentSpecSchema.safeParse({ name, mode: o.data.mode, variants: v.variants, description: o.data.description });
      if (!spec.success) fail(spec.error.issues.map((i) => i.message).join('\n'));
      const created = await withDatabase(async (d) => {
        // a challenger that cannot be loaded would quietly serve the active model to its users
        const models = new ModelsRepository(d.db);
        for (const version of pinnedVersions(liveExperiments([{ id: 0, ...spec.data }]))) {
          if (!(await models.servable(version)))
            fail(`Model version ${version} is not a stored hybrid model (train one with \`reelmate train --no-activate\`).`);
        }
        return new ExperimentsRepository(d.db).create({ ...spec.data, startsAt: o.data.start ? new Date(o.data.start) : undefined });
      });
      if (!created) fail(`An experiment named "${name}" exists already; pick another name.`);
      console.log(
        `Created experiment ${created.name} (${created.mode}): ${v.variants.map((x) => `${x.name} ${Math.round(x.share * 100)}%`).join(', ')}; running bots pick it up within 30 s.`,
      );
    });

  ex.command('list')
    .description('every experiment, running or stopped')
    .option('--json', 'JSON output')
    .action(async (o: { json?: boolean }) => {
      const rows = await withDatabase((d) => new ExperimentsRepository(d.db).list());
      if (o.json) return console.log(JSON.stringify(rows, null, 2));
      if (rows.length === 0) return console.log('No experiments yet (`experiments create`).');
      for (const e of rows) {
        const state = e.stoppedAt
          ? `stopped ${e.stoppedAt.toISOString()}`
          : e.startsAt > new Date()
            ? `starts ${e.startsAt.toISOString()}`
            : `running since ${e.startsAt.toISOString()}`;
        console.log(`${e.name}  ${e.mode}  ${e.variants.map((v) => `${v.name} ${Math.round(v.share * 100)}%`).join(', ')}  ${state}`);
      }
    });

  ex.command('stop <name>')
    .description('stop an experiment (its data stays for the report)')
    .action(async (name: string) => {
      const stopped = await withDatabase((d) => new ExperimentsRepository(d.db).stop(name, new Date()));
      if (!stopped) fail(`No running experiment named "${name}" (see \`experiments list\`).`);
      console.log(`Stopped ${name}.`);
    });

  ex.command('report <name>')
    .description('per-variant positive rate with 95% intervals, the significance test, users needed')
    .option('--days <n>', 'feedback counts this many days after a film was shown', '7')
    .option('--json', 'JSON output')
    .action(async (name: string, o: { days: string; json?: boolean }) => {
      const days = Number(o.days);
      if (!Number.isInteger(days) || days < 1 || days > 90) fail('--days needs a whole number from 1 to 90');
      const out = await withDatabase(async (d) => {
        const e = await new ExperimentsRepository(d.db).byName(name);
        if (!e) fail(`No experiment named "${name}" (see \`experiments list\`).`);
        return reportExperiment(new OnlineMetricsRepository(d), e, days, new Date());
      });
      console.log(o.json ? JSON.stringify(out.report, null, 2) : out.text);
    });

  ex.command('simulate')
    .description('replay held-out MovieLens users as simulated users of an experiment (real assignment, impressions and analysis)')
    .option('--data <dir>', 'MovieLens directory', configValue('MOVIELENS_DIR'))
    .option('--split <spec>', 'FILE:FOLD (the fold is the held-out part)')
    .option('--splits-dir <dir>', 'where split files are looked up', configValue('REELMATE_SPLITS_DIR'))
    .option('--variants <a,b>', 'two algorithms, the first the control (e.g. hybrid,popularity; hybrid,hybrid for A/A)')
    .option('--mode <mode>', 'ab | interleave', 'ab')
    .option('--users <n>', 'simulated users', '300')
    .option('--seed <n>', 'seed: assignment salt and user order', '1')
    .option('--seeds <k>', 'run k seeds from --seed and count significant results (A/A checks)')
    .option('--sizes <list>', 'run these user counts and report the smallest with p < 0.01')
    .option('--json', 'JSON output')
    .action(async (raw: unknown) => {
      const o = simulateOptions.safeParse(raw);
      if (!o.success) fail(o.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('\n'));
      try {
        const r = await simulateCommand(o.data);
        console.log(o.data.json ? JSON.stringify(r.output) : r.text);
      } catch (e) {
        if (e instanceof UserError) fail(e.message);
        throw e;
      }
    });
}
