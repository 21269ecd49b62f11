/**
 * Slack's Block Kit limits, as named constants beside the renderer (Slack rejects the whole
 * message with `invalid_blocks` when one is exceeded, so the renderer truncates instead).
 * Source: the Block Kit reference for each block and element.
 */
export const SLACK_LIMITS = {
  /** Blocks in one message. */
  blocksPerMessage: 50,
  /** Blocks in a modal or Home tab view. */
  blocksPerView: 100,
  /** Section `text`. */
  sectionText: 3000,
  /** Each section field, and at most ten of them. */
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  /** Context block: elements and text per element. */
  contextElements: 10,
  contextText: 3000,
  /** Button label and option label (plain text). */
  buttonText: 75,
  optionText: 75,
  /** Option `value` in selects and overflow menus. */
  optionValue: 150,
  /** Button `value`. */
  buttonValue: 2000,
  actionsElements: 25,
  overflowOptionsMin: 2,
  overflowOptionsMax: 5,
  selectOptions: 100,
  actionId: 255,
  blockId: 255,
  /** Fallback `text` of a message: Slack truncates past 40,000, but notifications show ~4,000. */
  messageText: 4000,
  privateMetadata: 3000,
  viewTitle: 24,
  viewButton: 24,
  callbackId: 255,
  inputLabel: 2000,
  placeholder: 150,
  imageAltText: 2000,
  imageUrl: 3000,
} as const;

/** Cut to `max` characters (code points are not split), ending in an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Where to cut escaped mrkdwn at or before `at` so no entity (&amp; &lt; &gt;) is split. */
export function entitySafeCut(text: string, at: number): number {
  const amp = text.lastIndexOf('&', at - 1);
  // An '&' in escaped text always starts an entity; cutting inside one would show "&am".
  if (amp >= 0 && amp > at - 5) {
    const end = text.indexOf(';', amp);
    if (end < 0 || end >= at) return amp;
  }
  return at;
}

/**
 * truncate() for mrkdwn that is already escaped: the cut never lands inside an entity, so a
 * long title with "&" never ends in a stray "&am…".
 */
export function truncateMrkdwn(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = chars.slice(0, Math.max(0, max - 1)).join('');
  return `${head.slice(0, entitySafeCut(head, head.length))}…`;
}

/** Slack's mrkdwn needs only &, < and > escaped; everything else is literal. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A link in mrkdwn; `|` and `>` would end the link early, so they are escaped. */
export function mrkdwnLink(url: string, label: string): string {
  const safeUrl = url.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C');
  return `<${safeUrl}|${escapeMrkdwn(label).replace(/\|/g, '¦')}>`;
}
