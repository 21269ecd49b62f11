/**
 * One chat turn as data: what `reelmate chat --json` prints for each message and what the
 * dialogue tests score. The intent and the effective request come from the bot itself.
 */
import { preferencesJson } from '../nlp/preferences-json.js';
import { predictedStars, runtime, stars } from './format.js';
import type { BotHandler, InboundMessage, Reply } from './types.js';

export interface ChatTurn {
  /** What the message was taken as ("recommend", "rate", "why", "dismiss", ...); "none" when the bot could not read it. */
  intent: string;
  /** The effective request (the `reelmate parse --json` shape), or null when the turn is not a recommendation. */
  request: Record<string, unknown> | null;
  /** The movie cards shown, in order. */
  movies: { movieId: number; title: string }[];
  text: string;
}

export function turnOf(reply: Reply): ChatTurn {
  const movies = (reply.cards ?? []).flatMap((c) => (c.kind === 'movie' && c.movie ? [{ movieId: c.movie.movieId, title: c.title }] : []));
  const intent = reply.turn?.intent ?? 'none';
  const request =
    reply.turn?.request && (intent === 'recommend' || intent === 'similar' || intent === 'more')
      ? preferencesJson(reply.turn.request)
      : null;
  return { intent, request, movies, text: reply.text ?? '' };
}

export async function chatTurn(bot: BotHandler, message: InboundMessage): Promise<{ turn: ChatTurn; reply: Reply }> {
  const reply = await bot.onMessage(message);
  return { turn: turnOf(reply), reply };
}

/**
 * A reply as the terminal chat shows it: the text, then the cards. The cards of a list are
 * numbered as the bot counts them, so "why 2" or "rate 2 4" point at the right one.
 */
export function chatText(reply: Reply): string {
  const lines: string[] = reply.text ? [reply.text] : [];
  const cards = reply.cards ?? [];
  const movies = cards.filter((c) => c.kind === 'movie');
  const numbered = movies.length > 1 || cards.some((c) => c.actions?.some((a) => a.kind === 'next_page'));
  let n = 0;
  for (const card of cards) {
    if (card.kind === 'movie') {
      n++;
      const m = card.movie;
      const you =
        m?.userRating !== undefined
          ? `  you: ${stars(m.userRating)}`
          : m?.predicted !== undefined
            ? `  ${predictedStars(m.predicted)} for you`
            : '';
      lines.push(`${numbered ? `${n}.` : '▸'} ${card.title}${you}`);
      const facts = [
        (m?.genres ?? []).filter((g) => g !== '(no genres listed)').join(', '),
        m?.runtime ? runtime(m.runtime) : '',
        m?.directors?.length ? `dir. ${m.directors.slice(0, 2).join(', ')}` : '',
      ].filter(Boolean);
      if (facts.length) lines.push(`   ${facts.join(' · ')}`);
      if (card.body) lines.push(`   ${card.body}`);
      if (card.footer) lines.push(`   — ${card.footer}`);
    } else if (card.actions?.some((a) => a.kind === 'next_page')) {
      lines.push('   (say "more" for the next ones)');
    } else {
      lines.push(`▸ ${card.title}`);
      if (card.body) lines.push(...card.body.split('\n').map((l) => `   ${l}`));
      for (const f of card.fields ?? []) lines.push(`   ${f.label}: ${f.value}`);
    }
  }
  if (reply.attachment) lines.push(`(attachment ${reply.attachment.filename}, ${reply.attachment.content.length} characters)`);
  return lines.join('\n');
}
