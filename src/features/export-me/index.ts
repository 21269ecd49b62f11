/** Everything the bot holds about a person, as a JSON file. */
import { defineFeature } from '../types.js';
import { exportMe as command } from './command.js';
import { exportIntents } from './intent.js';

export const exportMe = defineFeature({ name: 'export-me', command, intents: exportIntents });
