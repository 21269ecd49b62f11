/** The next page of the last list: `more`, "show me more", the "More" button. */
import { defineFeature } from '../types.js';
import { nextPageButton } from './button.js';
import { more as command } from './command.js';
import { moreIntents } from './intent.js';

export const more = defineFeature({ name: 'more', command, intents: moreIntents, buttons: [nextPageButton] });
