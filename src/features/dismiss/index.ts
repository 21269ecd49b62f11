/** Not interested: a button only (free text says it through references: "not that one"). */
import { defineFeature } from '../types.js';
import { dismissButton } from './button.js';

export const dismiss = defineFeature({ name: 'dismiss', buttons: [dismissButton] });
