/** The watchlist: list, add, remove; the card's toggle. */
import { defineFeature } from '../types.js';
import { unwatchlistButton, watchlistButton } from './buttons.js';
import { watchlist as command } from './command.js';
import { watchlistIntents } from './intent.js';

export const watchlist = defineFeature({
  name: 'watchlist',
  command,
  intents: watchlistIntents,
  buttons: [watchlistButton, unwatchlistButton],
});
