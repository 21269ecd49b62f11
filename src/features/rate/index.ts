/** Rating a film: `rate heat 4`, "loved heat, 5 stars", the star buttons. */
import { defineFeature } from '../types.js';
import { rateButton, unrateButton } from './buttons.js';
import { rate as command } from './command.js';
import { rateIntents } from './intent.js';

export const rate = defineFeature({ name: 'rate', command, intents: rateIntents, buttons: [rateButton, unrateButton] });
