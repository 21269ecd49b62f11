import { defineCommand, type CommandDefinition } from '../types.js';

/** The help text lists the registry, so a new command shows up here by itself. */
export function helpText(commands: readonly CommandDefinition[]): string {
  const lines = commands.filter((c) => c.name !== 'help').map((c) => `• \`${c.usage}\`: ${c.summary}`);
  return [
    'I am Reelmate, your movie buddy. Talk to me in plain words ("something scary but not gory from the 80s") or use a command:',
    ...lines,
    'Every card has buttons: rate it, mark it seen, not interested, add to your watchlist, more like this, or ask why.',
  ].join('\n');
}

/** Built by the registry (it needs the full list). */
export function makeHelp(list: () => readonly CommandDefinition[]) {
  return defineCommand({
    name: 'help',
    aliases: ['?', 'commands', 'usage'],
    slackWords: ['help'],
    takesArgs: false,
    usage: 'help',
    summary: 'this list',
    aboutCards: false,
    slash: { description: 'How to use Reelmate', personal: true },
    async run() {
      return { text: helpText(list()), ephemeral: true, status: 'help' };
    },
  });
}
