/** Recommendations: the command, and the fallback of intent detection (any request is one). */
import { defineFeature } from '../types.js';
import { recommend as command } from './command.js';

export const recommend = defineFeature({ name: 'recommend', command });
