/** Marking a film seen (never suggested again). */
import { defineFeature } from '../types.js';
import { seenButton } from './button.js';
import { seen as command } from './command.js';
import { seenIntents } from './intent.js';

export const seen = defineFeature({ name: 'seen', command, intents: seenIntents, buttons: [seenButton] });
