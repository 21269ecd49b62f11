/** Help: the list of commands (built by the registry, which has the list). */
import type { CommandDefinition } from '../types.js';
import { defineFeature } from '../types.js';
import { makeHelp } from './command.js';
import { helpIntents } from './intent.js';

export function helpFeature(list: () => readonly CommandDefinition[]) {
  return defineFeature({ name: 'help', command: makeHelp(list), intents: helpIntents });
}
