/**
 * The `reelmate` command line. Each area registers its own subcommands from its own module,
 * so this file stays a list.
 */
import { Command } from 'commander';
import { ConfigError } from '../src/config.js';
import { DatabaseInUseError } from '../src/db/client.js';

export type Register = (program: Command) => void;

const modules: (() => Promise<{ register: Register }>)[] = [
  () => import('../src/db/cli.js'),
  () => import('../src/bot/parse-cli.js'),
  () => import('../src/catalog/cli.js'),
  () => import('../adapters/discord/cli.js'),
  () => import('../src/party/cli.js'),
  () => import('../adapters/api/cli.js'),
  () => import('../src/recommender/cli.js'),
  () => import('../src/recommender/train-cli.js'),
  () => import('../adapters/slack/cli.js'),
  () => import('./start-cli.js'),
  () => import('./chat-cli.js'),
  () => import('./roles-cli.js'), // [scale-out] serve, worker, jobs
  () => import('../src/experiments/cli.js'),
];

export async function buildProgram(): Promise<Command> {
  const program = new Command()
    .name('reelmate')
    .description('Reelmate: a movie-recommendation chat bot for Discord, Slack and a local playground.')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true });
  for (const load of modules) (await load()).register(program);
  return program;
}

/** Run the command line; a bad configuration or a busy database exits 2 with its message. */
export async function run(argv: string[]): Promise<void> {
  try {
    await (await buildProgram()).parseAsync(argv);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof DatabaseInUseError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await run(process.argv);
