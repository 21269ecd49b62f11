import type { Command } from 'commander';
import { loadConfig } from '../../src/config.js';
import { inviteUrl, registerCommands } from './register.js';

export function register(program: Command): void {
  const discord = program.command('discord').description('Discord adapter: slash commands and invite link');
  discord
    .command('register')
    .description('register the slash commands (needs DISCORD_TOKEN; --guild is instant, global takes up to an hour)')
    .option('--guild <id>', 'register in this server only (appears at once)')
    .action(async (opts: { guild?: string }) => {
      const config = loadConfig();
      if (!config.DISCORD_TOKEN) {
        console.error('DISCORD_TOKEN is not set (Developer Portal > your application > Bot > Reset Token).');
        process.exitCode = 2;
        return;
      }
      const result = await registerCommands({
        token: config.DISCORD_TOKEN,
        applicationId: config.DISCORD_APPLICATION_ID,
        guildId: opts.guild,
        apiUrl: config.DISCORD_API_URL,
      });
      if (!result.ok) {
        console.error(result.error.message);
        process.exitCode = 1;
        return;
      }
      const { names, scope, applicationId } = result.value;
      console.log(
        `Registered ${names.length} commands (${scope}) for application ${applicationId}: ${names.map((n) => `/${n}`).join(' ')}`,
      );
      if (scope === 'global')
        console.log('Global commands can take up to an hour to show up in every server; use --guild <id> while testing.');
    });
  discord
    .command('invite-url')
    .description('print the URL that adds the bot to a server')
    .action(() => {
      const id = loadConfig().DISCORD_APPLICATION_ID;
      if (!id) {
        console.error('DISCORD_APPLICATION_ID is not set (Developer Portal > General Information > Application ID).');
        process.exitCode = 2;
        return;
      }
      console.log(inviteUrl(id));
    });
}
