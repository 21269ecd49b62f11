/**
 * The title a command acts on, out of a chatty message: "why jaws?? i said no horror" -> "jaws",
 * "already seen get out, dont show it again" -> "get out", "ive watched inception like 6 times"
 * -> "inception", "why did u pick the notebook for me" -> "the notebook". The title runs up to
 * the first clause break, and chatter about time and repetition after it is not part of it.
 * A comma or full stop ends the title only when a new clause starts after it, so titles with
 * a comma ("crouching tiger, hidden dragon", "dude, wheres my car") stay whole.
 */
import { phraseKey } from './phrases.js';
import { tokenize, type Token } from './text.js';

const CLAUSE_PUNCT = new Set([',', '.', ';', '!', '?']);

/** Words that open a new clause after a comma: a person, an auxiliary, a verdict, a wish. */
const CLAUSE_STARTERS = new Set([
  'i',
  'im',
  'id',
  'ive',
  'ill',
  'we',
  'were',
  'weve',
  'you',
  'u',
  'it',
  'its',
  'itd',
  'she',
  'he',
  'they',
  'theyre',
  'dont',
  'didnt',
  'never',
  'not',
  'no',
  'but',
  'so',
  'lol',
  'lmao',
  'haha',
  'pls',
  'please',
  'thanks',
  'thx',
  'because',
  'cause',
  'cuz',
  'since',
  'tbh',
  'honestly',
  'was',
  'is',
  'loved',
  'hated',
  'liked',
  'great',
  'awesome',
  'terrible',
  'amazing',
  'want',
  'wanna',
  'need',
  'gonna',
  'already',
  'seen',
  'watched',
  'also',
  'anyway',
  'changed',
  'stop',
  'do',
  'did',
  'why',
  'what',
  'how',
  'just',
  'then',
  'and then',
  'show',
  'give',
  'gave',
  'rated',
  'rate',
  'would',
  'could',
  'should',
  'can',
  'cant',
  'wont',
]);

/** Chatter after a title: when, again, for whom ("last night", "again", "for me"). Longest first. */
const TRAILING_CHATTER = [
  'last night',
  'last week',
  'last weekend',
  'last month',
  'last year',
  'this week',
  'this weekend',
  'the other day',
  'the other night',
  'a while ago',
  'a while back',
  'years ago',
  'ages ago',
  'yesterday',
  'tonight',
  'today',
  'recently',
  'already',
  'again',
  'before',
  'yet',
  'too',
  'for me',
  'to me',
  'for us',
  'to us',
  'seen',
  'watched',
  'lol',
  'haha',
  'pls',
  'please',
  'once',
  'twice',
  'as well',
  'btw',
  'tbh',
  'ever',
  'in theaters',
  'in the cinema',
  'at the cinema',
];
/** Words that may lead up to "times": "like 6 times", "a million times", "so many times". */
const TIMES_LEAD = new Set([
  'like',
  'about',
  'over',
  'at',
  'least',
  'maybe',
  'a',
  'million',
  'hundred',
  'thousand',
  'dozen',
  'few',
  'couple',
  'of',
  'many',
  'so',
  'too',
  'multiple',
  'several',
  'bunch',
  'lot',
  'lots',
  'countless',
  'more',
  'than',
  'two',
  'three',
  'four',
  'five',
  'ten',
]);

/** Index of the token that ends the title clause starting at `from` (tokens.length when none does). */
export function titleClauseEnd(tokens: readonly Token[], from: number): number {
  for (let k = from + 1; k < tokens.length; k++) {
    if (!CLAUSE_PUNCT.has(tokens[k]!.norm)) continue;
    // a run of punctuation ("??", "!,"): a question mark always ends the title, a comma or stop
    // only when a new clause follows it
    let j = k;
    let question = false;
    for (; j < tokens.length && (CLAUSE_PUNCT.has(tokens[j]!.norm) || tokens[j]!.kind === 'emoji'); j++)
      if (tokens[j]!.norm === '?') question = true;
    if (j >= tokens.length || question || CLAUSE_STARTERS.has(tokens[j]!.norm) || tokens[j]!.kind === 'number') return k;
    k = j - 1;
  }
  return tokens.length;
}

/** The end of a title span [from, end) once the chatter at its end is dropped. */
export function withoutTrailingChatter(tokens: readonly Token[], from: number, end: number): number {
  for (;;) {
    const before = end;
    while (end > from + 1 && tokens[end - 1]!.kind === 'punct') end--;
    // "like 6 times", "a million times", "3x"
    if (end > from + 1 && tokens[end - 1]!.norm === 'times') {
      end--;
      while (end > from + 1 && (tokens[end - 1]!.kind === 'number' || TIMES_LEAD.has(tokens[end - 1]!.norm))) end--;
    }
    for (const phrase of TRAILING_CHATTER) {
      const n = phrase.split(' ').length;
      if (end - n > from && phraseKey(tokens, end - n, n) === phrase) {
        end -= n;
        break;
      }
    }
    if (end === before) return end;
  }
}

/** The title span starting at `from`: up to the clause break, without trailing chatter. */
export function titleSpan(tokens: readonly Token[], from: number): { start: number; end: number } {
  return { start: from, end: withoutTrailingChatter(tokens, from, titleClauseEnd(tokens, from)) };
}

/** Words that start a question or a remark, never a title, after "why" / "seen": "why did you", "why not", "seen all the". */
const NOT_A_TITLE_START = new Set([
  'not',
  'did',
  'do',
  'does',
  'would',
  'is',
  'are',
  'was',
  'should',
  'you',
  'u',
  'all',
  'dont',
  'didnt',
  'cant',
]);

/**
 * Is the text a title and nothing else ("heat", "crouching tiger, hidden dragon")? False when a
 * clause or chatter follows the title ("jaws?? i said no horror", "heat last night, 4 stars") or
 * the text opens like a question ("did you pick memento").
 */
export function isBareTitle(text: string): boolean {
  const tokens = tokenize(text);
  // "heat?", "alien!!": a mark at the very end asks or exclaims, it adds nothing to the title
  while (tokens.length > 1 && (tokens[tokens.length - 1]!.kind === 'punct' || tokens[tokens.length - 1]!.kind === 'emoji')) tokens.pop();
  if (tokens.length === 0 || NOT_A_TITLE_START.has(tokens[0]!.norm)) return false;
  return titleSpan(tokens, 0).end === tokens.length;
}
