/**
 * Which command a message means. Structured slash commands name it; otherwise a leading
 * command word ("rate heat 4", "/search alien", "!more") wins, and anything else is free text
 * for intent detection.
 */
import { commandByName, findCommand, type CommandArgs, type CommandDefinition } from '../features/index.js';
import { readReference, resolveTargets, type Target } from '../nlp/references.js';
import { isBareTitle } from '../nlp/title-clause.js';
import type { ConversationState } from '../core/conversation.js';
import type { DetectedIntent } from '../core/ports.js';
import { referenceCommand } from './refer.js';
import type { InboundMessage } from '../core/types.js';

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
  // "why jaws?? i said no horror", "watched heat last night, 4 stars", "why not something scary":
  // more than a title after a title command's word, so intent detection reads the whole message
  const chatty = explicit?.opensSentences === true && rest !== '' && !isBareTitle(rest);
  if (explicit && !sentence && !chatty) return { command: explicit, args: { text: rest } };

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

/**
 * A free-text message in its conversation: a reference to the list shown ("why the second
 * one?", "seen it, 4 stars", "not that one") becomes the act on those films. A reference
 * resolves only against a list this conversation showed (or the film it is about); a title
 * fragment that matches no card is not a reference, so the message goes where `route` says.
 */
export function routeInConversation(
  route: Route & { command: CommandDefinition },
  text: string,
  state: ConversationState,
  detectIntent: (text: string) => DetectedIntent,
): Route {
  // "forget that. a comedy" / "forget jim carrey" start with the forget-me alias, but after a
  // request they are about the request (intent detection knows "forget me" and its kin)
  if (
    route.command.name === 'forget-me' &&
    state.last?.request &&
    !String(route.args.text ?? '').match(/^\s*(yes|y|no|n|confirm|cancel)\s*$/i)
  ) {
    const intent = detectIntent(text);
    if (intent.command === 'recommend') return { command: commandByName('recommend')!, args: { text, query: text } };
  }
  // commands that never act on a card of the list, whatever the message says (aboutCards: false)
  if (route.command.aboutCards === false) return route;
  const ref = readReference(text);
  if (!ref) return route;
  const cards = state.last?.cards ?? [];
  // a bare "why?" is about the film in focus, else the whole list
  if (ref.targets.length === 0 && state.focus === undefined && cards.length === 0) return route;
  const targets: Target[] = ref.targets.length === 0 && state.focus !== undefined ? [{ kind: 'pronoun' }] : ref.targets;
  const resolution = resolveTargets(targets, cards, state.focus);
  if (resolution.kind === 'missing' && resolution.why === 'no_match') return route;
  return { command: referenceCommand({ ...ref, targets }, resolution), args: {} };
}

/**
 * What a structured command says, as the sentence it stands for (Discord's `/why title:the
 * second one`, Slack's `/reelmate rate 2 4`), so a reference in its title is read like one
 * typed; undefined for commands that never point at a card.
 */
export function commandSentence(message: Pick<InboundMessage, 'text' | 'command'>): string | undefined {
  const c = message.command;
  if (!c) return message.text;
  const title = String(c.args.title ?? message.text ?? '').trim();
  if (title === '') return undefined;
  return commandByName(c.name)?.asSentence?.(title, c.args);
}
