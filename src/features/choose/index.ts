/** Choosing among ambiguous titles: a button only, shared by every title command. */
import { defineFeature } from '../types.js';
import { chooseButton } from './button.js';

export const choose = defineFeature({ name: 'choose', buttons: [chooseButton] });
