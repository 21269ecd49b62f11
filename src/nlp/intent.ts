/**
 * Intent detection for free text addressed to the bot: which command, with which arguments.
 * This module is the machinery only: it normalises the message (chat spellings, filler and
 * punctuation at both ends) and asks the rules, in stage order, until one answers; anything no
 * rule claims is a request for the fallback command with the whole text as the query. The rules
 * and their words belong to the features (src/features/<name>/intent.ts), which know what their
 * commands take; titles come back in the user's own spelling (sliced from the text).
 *
 * Stages (lower runs first; a rule's stage is where its words win over another's):
 *   10-60    whole-message phrases (help, more, forget-me, export-me, profile, onboard)
 *   70-79    loose account phrases in short messages
 *   80-120   watch party, watchlist, rate, erase-me verbs, party verbs without "party"
 *   130-180  title commands (why, seen, similar, search) and the last bare words
 */
import { phraseAt, type Words } from './intent-text.js';
import type { DetectedIntent } from './intent-types.js';
import { phraseKey } from './phrases.js';
import { boundText, tokenize, type Token } from './text.js';
import { isStarSymbol } from './intent-text.js';

export type { DetectedIntent } from './intent-types.js';

/** What every rule reads: the message as typed and as normalised tokens. */
export interface IntentInput {
  /** The message, bounded, without a leading "/" or "!"; titles are sliced from it. */
  text: string;
  /** Every token, chat spellings read ("u" -> "you", a leading "y" -> "why"). */
  all: Words;
  /** The tokens without filler and punctuation at both ends; never empty. */
  words: Words;
  /** `words` as one normalised string ("what can you do"). */
  key: string;
  /** Every word of the message, punctuation and emoji left out. */
  fullKey: string;
}

export interface IntentRule {
  /** Order among all rules (see the table above); equal stages keep registry order. */
  stage: number;
  detect(input: IntentInput): DetectedIntent | undefined;
}

export interface IntentVocabulary {
  rules: readonly IntentRule[];
  /** The command for a message with no words ("?", "👋"). */
  empty: string;
  /** The command for anything no rule claims; it gets the whole text as `query`. */
  fallback: string;
}

/** Generic filler around any command: greetings and politeness at the start, thanks at the end. */
export const LEADING_FILLER = [
  'hey reelmate',
  'hi reelmate',
  'ok reelmate',
  'reelmate',
  'hey bot',
  'bot',
  'hey',
  'hi',
  'hello',
  'yo',
  'ok',
  'okay',
  'so',
  'please',
  'pls',
  'plz',
  'can you',
  'could you',
  'would you',
  'will you',
  'can u',
  'could u',
  'i want to',
  'i wanna',
  'i would like to',
  'id like to',
  'i d like to',
  'lets',
  'let',
  'let us',
  'go ahead and',
  'just',
  'um',
  'umm',
  'uh',
  'well',
];
export const TRAILING_FILLER = ['please', 'pls', 'plz', 'thanks', 'thank you', 'thx', 'ty', 'for me', 'now', 'lol'];

/** Drop punctuation and filler at both ends. */
function trim(tokens: Token[]): Token[] {
  let a = 0;
  let b = tokens.length;
  for (;;) {
    while (a < b && (tokens[a]!.kind === 'punct' || tokens[a]!.kind === 'emoji')) a++;
    const n = phraseAt(tokens.slice(a, b), 0, LEADING_FILLER);
    // never strip a greeting that is the whole message ("hi" is help)
    if (n && a + n < b) a += n;
    else break;
  }
  for (;;) {
    while (b > a && (tokens[b - 1]!.kind === 'punct' || tokens[b - 1]!.kind === 'emoji') && !isStarSymbol(tokens[b - 1]!.norm)) b--;
    let cut = 0;
    for (const p of TRAILING_FILLER) {
      const n = p.split(' ').length;
      if (b - n > a && phraseKey(tokens, b - n, n) === p) cut = Math.max(cut, n);
    }
    if (!cut) break;
    b -= cut;
  }
  return tokens.slice(a, b);
}

/** Chat spellings read as the word they stand for. */
const CHAT_SPELLINGS: Record<string, string> = { u: 'you' };

/** Words after a leading "y" that make it "why". */
const WHY_FOLLOWERS = new Set(['would', 'did', 'do', 'does', 'is', 'this', 'that', 'recommend', 'should', 'are', 'was', 'not']);

/** The normalised message the rules read, or undefined when nothing but filler is left. */
export function intentInput(input: string): { text: string; input?: IntentInput } {
  let text = boundText(input).trim();
  // "/rate heat 4" or "!rate heat 4" typed as text
  if (text.startsWith('/') || text.startsWith('!')) text = text.slice(1);
  const all = tokenize(text);
  // "y would i like fargo": chat spelling of "why" at the start
  if (all[0]?.norm === 'y' && all.length > 2 && WHY_FOLLOWERS.has(all[1]!.norm)) all[0] = { ...all[0], norm: 'why' };
  // "why did u pick", "ur list": chat spellings of "you" (titles are sliced from the text, so "U-571" keeps its spelling)
  for (let k = 0; k < all.length; k++) {
    const you = CHAT_SPELLINGS[all[k]!.norm];
    if (you !== undefined && !all[k + 1]?.attached) all[k] = { ...all[k]!, norm: you };
  }
  const words = trim(all);
  if (words.length === 0) return { text };
  const fullKey = all
    .filter((x) => x.kind !== 'punct' && x.kind !== 'emoji')
    .map((x) => x.norm)
    .join(' ');
  return { text, input: { text, all, words, key: words.map((x) => x.norm).join(' '), fullKey } };
}

/** A detector over the given rules: pure, and the same answer for the same text. */
export function createIntentDetector(vocabulary: IntentVocabulary): (input: string) => DetectedIntent {
  // a stable sort: rules of one stage keep the order they were listed in
  const rules = [...vocabulary.rules].sort((a, b) => a.stage - b.stage);
  return (raw: string): DetectedIntent => {
    const { text, input } = intentInput(raw);
    if (!input) return { command: vocabulary.empty, args: {} };
    for (const rule of rules) {
      const found = rule.detect(input);
      if (found) return found;
    }
    return { command: vocabulary.fallback, args: { query: text.trim() } };
  };
}
