/** A card action as a page button carrying its signed payload (pure). */
import type { CardAction } from '../../src/core/types.js';
import { html, type Html } from './html.js';

export function button(a: CardAction): Html {
  const style = a.style ?? 'secondary';
  return html`<button type="button" class="btn btn-${style} act-${a.kind}" data-payload="${a.id}">${a.emoji ? html`<span aria-hidden="true">${a.emoji}</span> ` : ''}${a.label}</button>`;
}
