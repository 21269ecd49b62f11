/**
 * Which command a message means. Structured slash commands name it; otherwise a leading
 * command word ("rate heat 4", "/search alien", "!more") wins, and anything else is free text
 * for intent detection.
 */
import { commandByName, findCommand, type CommandArgs, type CommandDefinition } from './commands/index.js';
import type { DetectedIntent } from './ports.js';
import type { InboundMessage } from './types.js';

export type Route = { command: CommandDefinition; args: CommandArgs } | { command: undefined; text: string };

/** Leading "/", "!" or "." prefixes people type out of habit. */
const PREFIX = /^[/!.]+/;

export function routeMessage(message: Pick<InboundMessage, 'text' | 'command'>, detectIntent: (text: string) => DetectedIntent): Route {
  if (message.command) {
    const command = commandByName(message.command.name);
    if (command) return { command, args: { text: message.text, ...message.command.args } };
  }
  const text = message.text.trim();
  if (text === '') return { command: commandByName('help')!, args: { text: '' } };
  const stripped = text.replace(PREFIX, '');
  const space = stripped.search(/\s/);
  const word = space < 0 ? stripped : stripped.slice(0, space);
  const explicit = findCommand(word);
  const rest = space < 0 ? '' : stripped.slice(space + 1).trim();
  // "more like alien" or "start a watch party" are sentences, not the bare command.
  const sentence = explicit?.takesArgs === false && rest !== '';
  if (explicit && !sentence) return { command: explicit, args: { text: rest } };

  const intent = detectIntent(text);
  const command = intent.command ? commandByName(intent.command) : undefined;
  if (!command) return explicit ? { command: explicit, args: { text: '' } } : { command: undefined, text };
  // A title-taking command gets only the title the intent found: falling back to the whole
  // sentence ("give it 4 stars") would search for it as a title and might rate the wrong film.
  const args: CommandArgs = { text: command.args?.includes('title') ? '' : text };
  for (const [k, v] of Object.entries(intent.args)) {
    if (typeof v === 'string' || typeof v === 'number') args[k] = v;
  }
  return { command, args };
}
