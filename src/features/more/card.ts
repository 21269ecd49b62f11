/** The "More" button and the small card that carries it under a paged list (recommend, onboard, similar). */
import type { PayloadEncoder } from '../../core/actions.js';
import type { Card, CardAction } from '../../core/types.js';

export function moreAction(codec: PayloadEncoder): CardAction {
  return { id: codec.encode({ kind: 'next_page' }), kind: 'next_page', label: 'More', emoji: '➡️', group: 'main', style: 'primary' };
}

/** The small trailing card with the "More" button. */
export function moreCard(codec: PayloadEncoder): Card {
  return { kind: 'info', title: 'Want more?', body: 'Say `more` or press the button.', actions: [moreAction(codec)] };
}
