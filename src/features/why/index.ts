/** Why a film was (or would be) picked. */
import { defineFeature } from '../types.js';
import { whyButton } from './button.js';
import { why as command } from './command.js';
import { whyIntents } from './intent.js';

export const why = defineFeature({ name: 'why', command, intents: whyIntents, buttons: [whyButton] });
