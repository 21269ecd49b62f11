/**
 * Emoji in requests: each stands for the words of its lexicon entry ("👻" scary, "🚀" sci fi), so
 * the scanner reads them like words. Faces that laugh or cry are read only as a wish; after a
 * remark they are the writer's reaction to it.
 */
import { EMOJI_WORDS } from './lexicon.js';
import { matchPhrase } from './phrases.js';
import { MOVIE_NOUNS } from './quantities.js';
import type { Token } from './text.js';

/** Faces that laugh or cry: a wish next to a request ("something 😂"), a reaction after a remark. */
const REACTION_FACES = new Set(['😂', '🤣', '😆', '😭', '😢']);
/** Words a wished-for face may follow ("something 😂", "a movie 😭 pls"). */
const REQUEST_WORDS = new Set([
  ...MOVIE_NOUNS,
  'stuff',
  'pls',
  'please',
  'plz',
  'something',
  'smth',
  'sth',
  'anything',
  'a',
  'an',
  'some',
  'me',
  'us',
  'tonight',
]);

/**
 * A laughing or crying face right after a remark ("my bf would literally walk out 😂") laughs
 * at the remark; it wishes for a comedy (or a weepie) only at the start, after a request word or
 * after a lexicon phrase ("something 😂", "a comedy 🤣", "need a good cry 😭").
 */
function isReaction(tokens: readonly Token[], k: number): boolean {
  if (!REACTION_FACES.has(tokens[k]!.norm.replace('\uFE0F', ''))) return false;
  let p = k - 1;
  while (p >= 0 && tokens[p]!.kind === 'emoji') p--;
  if (p < 0) return false;
  const prev = tokens[p]!;
  if (prev.kind !== 'word' || REQUEST_WORDS.has(prev.norm)) return false;
  // a lexicon phrase ending right before the face ("make me laugh 😂"), of up to three words
  for (let start = Math.max(0, p - 2); start <= p; start++) {
    const m = matchPhrase(tokens, start);
    if (m && start + m.length === p + 1 && m.entry.kind !== 'connector' && m.entry.kind !== 'stop' && m.entry.kind !== 'filler')
      return false;
  }
  return true;
}

/** Replace emoji with the words they stand for, so the lexicon sees them. */
export function expandEmoji(tokens: Token[]): Token[] {
  if (!tokens.some((t) => t.kind === 'emoji')) return tokens;
  const out: Token[] = [];
  for (const [k, t] of tokens.entries()) {
    if (t.kind !== 'emoji') {
      out.push(t);
      continue;
    }
    const words = EMOJI_WORDS[t.norm.replace('\uFE0F', '')];
    if (!words || isReaction(tokens, k)) continue;
    for (const w of words.split(' ')) out.push({ kind: 'word', norm: w, start: t.start, end: t.end, attached: false });
  }
  return out;
}
