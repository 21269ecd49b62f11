/** Reading rendered Block Kit back in tests, the way a person's click would pick an element. */

export interface BlockLike {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Record<string, unknown>[];
}

export function asBlocks(value: unknown): BlockLike[] {
  if (!Array.isArray(value)) throw new Error(`expected blocks, got ${JSON.stringify(value)?.slice(0, 200)}`);
  return value as BlockLike[];
}

/** The element a click on card `cardIndex`'s "n stars" would send, with its block id. */
export function starButton(
  blocks: BlockLike[],
  cardIndex: number,
  stars: number,
  prefix = 'c',
): { block_id: string; action: Record<string, unknown> } {
  const block = blocks.find((b) => b.type === 'actions' && b.block_id?.startsWith(`${prefix}${cardIndex}.`));
  if (!block) throw new Error(`no actions block for card ${cardIndex}`);
  const button = block.elements?.filter((e) => e.type === 'button' && String(e.action_id).startsWith('rm.rate'))[stars - 1];
  if (!button) throw new Error(`no ${stars}-star button on card ${cardIndex}`);
  return { block_id: block.block_id!, action: { ...button, block_id: block.block_id, type: 'button' } };
}

/** Choosing an option of card `cardIndex`'s overflow menu. */
export function overflowChoice(blocks: BlockLike[], cardIndex: number, label: string, prefix = 'c'): Record<string, unknown> {
  const block = blocks.find((b) => b.type === 'actions' && b.block_id?.startsWith(`${prefix}${cardIndex}.`));
  const overflow = block?.elements?.find((e) => e.type === 'overflow') as
    | { action_id: string; options: { text: { text: string }; value: string }[] }
    | undefined;
  const option = overflow?.options.find((o) => o.text.text.includes(label));
  if (!overflow || !option) throw new Error(`no overflow option "${label}" on card ${cardIndex}`);
  return { type: 'overflow', action_id: overflow.action_id, block_id: block!.block_id, selected_option: option };
}

export function allText(blocks: unknown): string {
  return JSON.stringify(blocks);
}
