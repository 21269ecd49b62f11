/**
 * Text normalisation and tokenisation shared by the parser, intent detection and title search.
 * One linear pass over the characters, no regular expressions that can backtrack: any input
 * length or shape costs time proportional to its (bounded) length.
 */

/** Requests longer than this are cut: the bot rejects messages over 500 characters anyway. */
export const MAX_INPUT_CHARS = 1000;
/** A request never needs more tokens than this; the rest is ignored. */
export const MAX_TOKENS = 200;

export type TokenKind = 'word' | 'number' | 'punct' | 'emoji';

export interface Token {
  kind: TokenKind;
  /** Lower case, accents removed, apostrophes dropped ("children's" -> "childrens"). */
  norm: string;
  /** Numeric value of a number token ("4.5" -> 4.5). */
  value?: number | undefined;
  /** Offsets into the (bounded) source text, for slicing back the original spelling. */
  start: number;
  end: number;
  /** No whitespace before this token (e.g. the "s" of "90s", the "fi" of "sci-fi"). */
  attached: boolean;
  /** A word that ended in "'s" ("nolan's"); the "'s" is dropped from norm. */
  possessive?: boolean | undefined;
  /** A number written after an apostrophe ("'92", "'05"): a year with its century left out. */
  elided?: boolean | undefined;
  /** Letters written with dots ("e.t.", "l.a."), merged into one word. */
  initialism?: boolean | undefined;
}

const COMBINING_LOW = 0x300;
const COMBINING_HIGH = 0x36f;

/** Lower case and strip accents ("Amélie" -> "amelie"). Linear; bounded by the caller. */
export function foldCase(s: string): string {
  const decomposed = s.normalize('NFKD').toLowerCase(); // NFKD also maps ³ -> 3, ligatures, full-width letters
  let out = '';
  for (let i = 0; i < decomposed.length; i++) {
    const c = decomposed.charCodeAt(i);
    if (c >= COMBINING_LOW && c <= COMBINING_HIGH) continue;
    out += decomposed[i];
  }
  // A few letters do not decompose.
  if (out.includes('ß') || out.includes('ø') || out.includes('æ') || out.includes('œ') || out.includes('ł')) {
    out = out.replaceAll('ß', 'ss').replaceAll('ø', 'o').replaceAll('æ', 'ae').replaceAll('œ', 'oe').replaceAll('ł', 'l');
  }
  return out;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

const LETTER = /\p{L}|\p{M}/u; // single code point test: cannot backtrack
const EMOJI = /\p{Extended_Pictographic}/u;

function isLetter(c: string): boolean {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  if (c.charCodeAt(0) < 0x80) return false;
  return LETTER.test(c);
}

function isApostrophe(c: string): boolean {
  return c === "'" || c === '’' || c === '‘' || c === '`';
}

const PUNCT = new Set([',', '.', '!', '?', ';', ':', '/', '<', '>', '&', '+', '(', ')', '"', '=', '~', '*', '#', '@', '★', '☆', '–', '—']);

/** Superscript and subscript digits, read as digits (each is one UTF-16 unit, like its digit). */
const SMALL_DIGITS = new Map<string, string>([...'⁰¹²³⁴⁵⁶⁷⁸⁹', ...'₀₁₂₃₄₅₆₇₈₉'].map((ch, i) => [ch, String(i % 10)]));

/** Split text into tokens. Bounded: at most MAX_INPUT_CHARS characters and MAX_TOKENS tokens. */
export function tokenize(input: string): Token[] {
  const text = boundText(input);
  // code points, so emoji and astral letters stay whole; "Alien³" is "Alien 3", not "Alien"
  const chars = Array.from(text, (ch) => SMALL_DIGITS.get(ch) ?? ch);
  const tokens: Token[] = [];
  let offset = 0; // UTF-16 offset of chars[i]
  let i = 0;
  let prevEnd = -1;
  /** Offset right after an apostrophe that opens a word ("'92"), or -1. */
  let elisionAt = -1;
  const push = (t: Omit<Token, 'attached'>) => {
    tokens.push({ ...t, attached: t.start === prevEnd });
    prevEnd = t.end;
  };
  while (i < chars.length && tokens.length < MAX_TOKENS) {
    const c = chars[i]!;
    if (isDigit(c)) {
      const start = offset;
      let raw = '';
      while (i < chars.length && isDigit(chars[i]!) && raw.length < 12) {
        raw += chars[i];
        offset += chars[i]!.length;
        i++;
      }
      // a decimal part: "4.5", "1.5" (one dot followed by a digit)
      if (i + 1 < chars.length && (chars[i] === '.' || chars[i] === ',') && isDigit(chars[i + 1]!) && raw.length <= 2) {
        const sep = chars[i]!;
        // "4,5" is a decimal only when a single digit follows ("3,4 and 5" stays a list otherwise)
        const digitsAfter = i + 2 < chars.length && isDigit(chars[i + 2]!);
        if (sep === '.' || !digitsAfter) {
          raw += '.';
          offset += 1;
          i++;
          while (i < chars.length && isDigit(chars[i]!) && raw.length < 16) {
            raw += chars[i];
            offset += chars[i]!.length;
            i++;
          }
        }
      }
      // skip any further digits of an absurdly long number
      while (i < chars.length && isDigit(chars[i]!)) {
        offset += chars[i]!.length;
        i++;
      }
      push({ kind: 'number', norm: raw, value: Number(raw), start, end: offset, elided: start === elisionAt || undefined });
      continue;
    }
    if (isLetter(c)) {
      const start = offset;
      let raw = '';
      let possessive = false;
      while (i < chars.length && raw.length < 64) {
        const d = chars[i]!;
        if (isLetter(d)) {
          raw += d;
        } else if (isApostrophe(d) && i + 1 < chars.length && isLetter(chars[i + 1]!)) {
          // "children's" / "nolan's": a possessive; "don't", "i'd": just drop the apostrophe
          const next = chars[i + 1]!;
          const after = chars[i + 2];
          if ((next === 's' || next === 'S') && (after === undefined || !isLetter(after))) {
            possessive = true;
            offset += d.length + next.length;
            i += 2;
            break;
          }
        } else {
          break;
        }
        offset += d.length;
        i++;
      }
      while (i < chars.length && isLetter(chars[i]!)) {
        offset += chars[i]!.length;
        i++;
      }
      const norm = foldCase(raw);
      push({ kind: 'word', norm, start, end: offset, possessive: possessive || undefined });
      continue;
    }
    if (isApostrophe(c)) {
      // "90's": an apostrophe between digits and "s" is dropped and the "s" stays attached;
      // a leading "'90s" too
      if (prevEnd === offset) prevEnd = offset + c.length;
      else elisionAt = offset + c.length;
      offset += c.length;
      i++;
      continue;
    }
    if (PUNCT.has(c)) {
      push({ kind: 'punct', norm: c, start: offset, end: offset + c.length });
      offset += c.length;
      i++;
      continue;
    }
    if (c.length > 1 || c.charCodeAt(0) > 0x2000) {
      if (EMOJI.test(c)) {
        push({ kind: 'emoji', norm: c, start: offset, end: offset + c.length });
      }
    }
    // whitespace, hyphens, variation selectors and anything else separate tokens
    if (c === '-' || c === '_') {
      // hyphens keep the next token attached ("sci-fi"): do not reset prevEnd
      offset += c.length;
      prevEnd = prevEnd === offset - c.length ? offset : prevEnd;
      i++;
      continue;
    }
    offset += c.length;
    i++;
  }
  return mergeInitialisms(tokens);
}

/**
 * "e.t.", "l.a.", "a.k.a." -> one word ("et", "la", "aka"): single letters joined by dots, so a
 * title typed with or without its dots is the same words ("E.T. the Extra-Terrestrial").
 */
function mergeInitialisms(tokens: Token[]): Token[] {
  const single = (t: Token | undefined) => t?.kind === 'word' && t.norm.length === 1;
  const dot = (t: Token | undefined) => t?.kind === 'punct' && t.norm === '.' && t.attached;
  if (!tokens.some((t, k) => single(t) && dot(tokens[k + 1]) && single(tokens[k + 2]) && tokens[k + 2]!.attached)) return tokens;
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (!(single(t) && dot(tokens[k + 1]) && single(tokens[k + 2]) && tokens[k + 2]!.attached)) {
      out.push(t);
      continue;
    }
    let norm = t.norm;
    let end = t.end;
    let j = k + 2;
    while (single(tokens[j]) && tokens[j]!.attached) {
      norm += tokens[j]!.norm;
      end = tokens[j]!.end;
      if (dot(tokens[j + 1])) end = tokens[++j]!.end;
      j++;
      if (!dot(tokens[j - 1]) || !single(tokens[j])) break;
    }
    out.push({ kind: 'word', norm, start: t.start, end, attached: t.attached, initialism: true });
    k = j - 1;
  }
  return out;
}

/** Cut the input to MAX_INPUT_CHARS without splitting a surrogate pair. */
export function boundText(input: string): string {
  if (input.length <= MAX_INPUT_CHARS) return input;
  let end = MAX_INPUT_CHARS;
  const c = input.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end -= 1;
  return input.slice(0, end);
}

/** Normalised words of a text joined by single spaces: the key used for lexicon and title look-ups. */
export function normalizeKey(text: string): string {
  return tokenize(text)
    .filter((t) => t.kind === 'word' || t.kind === 'number')
    .map((t) => t.norm)
    .join(' ');
}
