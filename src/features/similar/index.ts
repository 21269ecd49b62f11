/** Films like one: `similar alien`, "movies like alien", "More like this". */
import { defineFeature } from '../types.js';
import { moreLikeButton } from './button.js';
import { similar as command } from './command.js';
import { similarIntents } from './intent.js';

export const similar = defineFeature({ name: 'similar', command, intents: similarIntents, buttons: [moreLikeButton] });
