/**
 * `reelmate start` (what `npm start` runs) and `reelmate say`: one message to the bot as a
 * chosen user in a chosen channel, answered in the terminal, against the configured database.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/util/logger.js';
import { replyToPlainText } from '../src/core/plain-text.js';

const sayOptionsSchema = z.object({
  user: z.string().trim().min(1).max(40),
  channel: z.string().trim().min(1).max(40),
  json: z.boolean().default(false),
});

export function register(program: Command): void {
  program
    .command('start')
    .description('start Reelmate: the playground, or Discord/Slack when their tokens are set (same as npm start)')
    .action(async () => {
      await (await import('./main.js')).main();
    });

  program
    .command('say')
    .description('say something to the bot from the terminal, e.g. reelmate say "rate heat 1995 4" --user ana')
    .argument('<text...>', 'the message')
    .option('-u, --user <name>', 'who is talking (a playground user)', 'ana')
    .option('-c, --channel <name>', 'where', 'general')
    .option('--json', 'print the Reply as JSON')
    .action(async (words: string[], raw: unknown) => {
      const parsed = sayOptionsSchema.safeParse(raw);
      if (!parsed.success) {
        console.error(`Invalid options: ${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; ')}`);
        process.exitCode = 2;
        return;
      }
      const opts = parsed.data;
      const config = loadConfig();
      const { composeBot } = await import('./main.js');
      const stops: (() => Promise<void>)[] = [];
      try {
        const composed = await composeBot(config, createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL), stops);
        if (!composed) {
          process.exitCode = 1;
          return;
        }
        const reply = await composed.bot.onMessage({
          actor: { platform: 'playground', externalId: opts.user.toLowerCase(), displayName: opts.user },
          channelId: opts.channel.toLowerCase(),
          text: words.join(' '),
        });
        console.log(opts.json ? JSON.stringify(reply, null, 2) : replyToPlainText(reply));
        if (reply.status?.startsWith('error:')) process.exitCode = 1;
      } finally {
        for (const stop of stops.reverse()) await stop();
      }
    });
}
