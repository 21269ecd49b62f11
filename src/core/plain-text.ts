/** Reply -> plain text for terminals and logs (pure): what a user would read, buttons listed. */
import type { Card, Reply } from './types.js';

function cardText(card: Card): string[] {
  const lines = [`▸ ${card.title}${card.movie?.predicted !== undefined ? `  (${card.movie.predicted.toFixed(1)}★ for you)` : ''}`];
  if (card.body) lines.push(...card.body.split('\n').map((l) => `  ${l}`));
  const fields = (card.fields ?? []).filter((f) => f.label !== 'For you');
  if (fields.length) lines.push(`  ${fields.map((f) => `${f.label}: ${f.value}`).join(' · ')}`);
  if (card.party?.candidates?.length) {
    card.party.candidates.forEach((c, i) =>
      lines.push(
        `  ${i + 1}. ${c.title}  ${c.groupStars === null ? 'no stars yet' : `group ${c.groupStars.toFixed(1)}★`}${c.votes ? `  ${c.votes} vote(s)` : ''}`,
      ),
    );
  }
  const links = card.movie?.links ?? [];
  if (links.length) lines.push(`  ${links.map((l) => `${l.label}: ${l.url}`).join('  ')}`);
  if (card.actions?.length) lines.push(`  [${card.actions.map((a) => a.label).join('] [')}]`);
  if (card.footer) lines.push(`  — ${card.footer}`);
  return lines;
}

export function replyToPlainText(reply: Reply): string {
  const lines: string[] = [];
  if (reply.text) lines.push(reply.text);
  for (const card of reply.cards ?? []) lines.push('', ...cardText(card));
  if (reply.attachment) lines.push('', `(attachment ${reply.attachment.filename}, ${reply.attachment.content.length} characters)`);
  return lines.join('\n');
}
