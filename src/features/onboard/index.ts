/** The quick start: rate ten well-known films. */
import { defineFeature } from '../types.js';
import { onboard as command } from './command.js';
import { onboardIntents } from './intent.js';

export const onboard = defineFeature({ name: 'onboard', command, intents: onboardIntents });
