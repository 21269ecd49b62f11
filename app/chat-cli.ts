/**
 * `reelmate chat`: a conversation with the real bot in the terminal, as one user in one channel,
 * on the database and model `npm start` uses (prepared the same way on first use: composeBot).
 * `--json` reads one message per line from standard input and prints one JSON object per
 * message (ChatTurn); without it the chat is interactive, cards numbered so "rate 2 4" works.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig, type Config } from '../src/config.js';
import { createLogger } from '../src/util/logger.js';
import { chatText, chatTurn } from '../src/core/chat.js';
import type { InboundMessage } from '../src/core/types.js';

export interface ChatIo {
  input: NodeJS.ReadableStream;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Show a prompt before each message (interactive terminals). */
  prompt?: string | undefined;
}

const optionsSchema = z.object({
  user: z.string().trim().min(1).max(40),
  channel: z.string().trim().min(1).max(40),
  json: z.boolean().default(false),
});
export type ChatOptions = z.input<typeof optionsSchema>;

const QUIT = new Set(['quit', 'exit', 'bye', ':q']);

const GREETING = (user: string, channel: string) =>
  `Reelmate chat as ${user} in #${channel}. Ask for a movie ("something funny from the 90s"), then refine ("shorter", "no horror")\n` +
  'or point at a card: "why 2", "rate 2 4", "seen the first one", "not that one", "more". "help" lists the rest, "quit" leaves.';

export async function runChat(raw: ChatOptions, config: Config, io: ChatIo): Promise<number> {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    io.err(`Invalid options: ${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; ')}`);
    return 2;
  }
  const opts = parsed.data;
  const { composeBot } = await import('./main.js');
  const stops: (() => Promise<void>)[] = [];
  try {
    const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
    // one person at their own terminal (or a script of messages): the per-user limit is for shared platforms
    const composed = await composeBot(config, log, stops, { rateLimit: false });
    if (!composed) return 1;
    const base: Omit<InboundMessage, 'text'> = {
      actor: { platform: 'playground', externalId: opts.user.toLowerCase(), displayName: opts.user },
      channelId: opts.channel.toLowerCase(),
    };
    const lines = createInterface({ input: io.input, crlfDelay: Infinity, terminal: false });
    if (!opts.json) io.out(GREETING(opts.user, opts.channel));
    const ask = () => {
      if (!opts.json && io.prompt) io.out(io.prompt);
    };
    ask();
    for await (const line of lines) {
      const text = line.trim();
      if (text === '') {
        ask();
        continue;
      }
      if (!opts.json && QUIT.has(text.toLowerCase())) break;
      const { turn, reply } = await chatTurn(composed.bot, { ...base, text });
      io.out(opts.json ? JSON.stringify(turn) : `${chatText(reply)}\n`);
      ask();
    }
    return 0;
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

export function register(program: Command): void {
  program
    .command('chat')
    .description('talk to the bot in the terminal as one user in one channel (same database and model as npm start)')
    .option('-u, --user <name>', 'who is talking (a playground user)', 'ana')
    .option('-c, --channel <name>', 'where', 'general')
    .option('--json', 'read one message per line from standard input, print one JSON object per message')
    .action(async (raw: ChatOptions) => {
      const interactive = process.stdin.isTTY === true && !raw.json;
      process.exitCode = await runChat(raw, loadConfig(), {
        input: process.stdin,
        out: (t) => (interactive && t.endsWith('> ') ? process.stdout.write(t) : console.log(t)),
        err: (t) => console.error(t),
        prompt: interactive ? 'you> ' : undefined,
      });
    });
}
