/** Pieces shared by paged lists (recommend, search, similar, watchlist). */
import type { ActionCodec } from './actions.js';
import { moreAction } from './card.js';
import type { Card } from './types.js';

/** The small trailing card with the "More" button. */
export function moreCard(codec: ActionCodec): Card {
  return { kind: 'info', title: 'Want more?', body: 'Say `more` or press the button.', actions: [moreAction(codec)] };
}
