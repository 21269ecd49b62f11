import type { Command } from 'commander';
import { z } from 'zod';
import { slackManifest } from './manifest.js';

const optionsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).optional(),
  socket: z.boolean().default(false),
  command: z
    .string()
    .regex(/^\/[a-z0-9_-]{1,31}$/, 'a slash command such as /reelmate')
    .optional(),
});

export function register(program: Command): void {
  const slack = program.command('slack').description('Slack app helpers');
  slack
    .command('manifest')
    .description('print the Slack app manifest (JSON) to create the app from')
    .option('--url <base>', 'public base URL of the deployment (HTTP mode)')
    .option('--socket', 'Socket Mode: no public URLs')
    .option('--command <name>', 'slash command name', '/reelmate')
    .action((raw: unknown) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        console.error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
        process.exitCode = 2;
        return;
      }
      const o = parsed.data;
      if (!o.socket && !o.url) {
        console.error('Give --url https://your.host (HTTP mode) or --socket (Socket Mode).');
        process.exitCode = 2;
        return;
      }
      console.log(JSON.stringify(slackManifest({ baseUrl: o.url, socketMode: o.socket, command: o.command }), null, 2));
    });
}
