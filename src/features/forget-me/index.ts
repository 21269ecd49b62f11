/** Deleting everything about a person (asks first: the confirm / cancel buttons). */
import { defineFeature } from '../types.js';
import { cancelButton, confirmButton } from './buttons.js';
import { forgetMe as command } from './command.js';
import { forgetIntents } from './intent.js';

export const forgetMe = defineFeature({ name: 'forget-me', command, intents: forgetIntents, buttons: [confirmButton, cancelButton] });
