/** Finding a film by title. */
import { defineFeature } from '../types.js';
import { search as command } from './command.js';
import { searchIntents } from './intent.js';

export const search = defineFeature({ name: 'search', command, intents: searchIntents });
