/** One's taste profile. */
import { defineFeature } from '../types.js';
import { profile as command } from './command.js';
import { profileIntents } from './intent.js';

export const profile = defineFeature({ name: 'profile', command, intents: profileIntents });
