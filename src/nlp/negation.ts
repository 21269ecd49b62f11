/**
 * The scope of a negation while the parser scans left to right. A cue ("no", "without",
 * "hates", "can't stand") negates the next item, across filler and up to two unknown words
 * ("avoid anything sad", "no cheesy romance", "refuses to watch anything with Johnny Depp"),
 * and the items that continue it as a list of the same kind: "no horror, gore or romance",
 * "no musicals no cartoons", "without Cage or Sandler". Anything else ends it, so the wishes
 * after a "no X" clause stay wishes: "funny, no romance, 2000s" keeps the 2000s, "no war movies,
 * french" keeps French, "nothing sad, comedy pls" keeps the comedy.
 */
import type { Token } from './text.js';

/** Items that may continue one negated list: tastes (genres, moods), people, titles. */
export type ItemKind = 'taste' | 'person' | 'title' | 'other';

const MAX_UNKNOWN_AFTER_CUE = 2;

/** Words that carry a negation across them ("no more horror", "not any scary stuff"). */
const TRANSPARENT = new Set([
  'too',
  'very',
  'any',
  'more',
  'much',
  'really',
  'super',
  'overly',
  'so',
  'that',
  'a',
  'an',
  'the',
  'of',
  'ever',
  'at',
  'all',
  'anything',
  'something',
  'things',
  'thing',
  'stuff',
  'movies',
  'films',
  'with',
  'w',
  'overtly',
  'extremely',
  'crazy',
  'kinda',
  'too',
  'even',
  'remotely',
  'particularly',
  'especially',
  'truly',
  'totally',
  'like',
  'anythin',
  'smth',
  'sth',
]);

/** Is this a word a negation reaches across ("any", "with", "w")? Such a word alone never names a film to leave out ("W."). */
export function isTransparentWord(norm: string): boolean {
  return TRANSPARENT.has(norm);
}

/** Words that end an enumeration's clause: a list never runs past them. */
const CLAUSE_ENDS = new Set(['.', '!', '?', ';', 'but', 'so', 'though', 'however', 'then', 'because', 'cause', 'cuz', 'since']);

/** Does a list that reached a comma at i go on to an "or"/"nor" in the same clause ("A, B or C")? */
function enumerationAhead(tokens: readonly Token[], i: number): boolean {
  for (let k = i + 1; k < tokens.length && k < i + 12; k++) {
    const w = tokens[k]!.norm;
    if (CLAUSE_ENDS.has(w)) return false;
    if (w === 'or' || w === 'nor') return true;
  }
  return false;
}

export class NegationScope {
  private active = false;
  /** Right after the cue, before its first item. */
  private fresh = false;
  private unknownAfterCue = 0;
  private listKind: ItemKind | null = null;

  /** A negation cue at the current position. */
  cue(): void {
    this.active = true;
    this.fresh = true;
    this.unknownAfterCue = 0;
    this.listKind = null;
  }

  /** Nothing negated any more. */
  end(): void {
    this.active = false;
    this.fresh = false;
  }

  /** A cue was just read and no item yet ("nothing before 1980" bounds years the other way). */
  get isFresh(): boolean {
    return this.active && this.fresh;
  }

  get isActive(): boolean {
    return this.active;
  }

  /**
   * An item of `kind` starts here: is it negated? The first item after a cue is; a later one only
   * when it continues a list of the same kind of item. Quantities and the like never continue.
   */
  take(kind: ItemKind): boolean {
    if (!this.active) return false;
    if (this.fresh) {
      this.fresh = false;
      this.listKind = kind;
      if (kind === 'other') this.active = false;
      return true;
    }
    if (kind !== 'other' && kind === this.listKind) return true;
    this.end();
    return false;
  }

  /**
   * A connector at i ("and", "or", ","). It continues the list only right after an item, and a
   * bare comma only when an "or"/"nor" closes the enumeration later in the clause.
   */
  connector(tokens: readonly Token[], i: number, afterItem: boolean): void {
    if (!this.active) return;
    if (!afterItem) {
      this.end();
      return;
    }
    if (tokens[i]!.norm === ',' && !enumerationAhead(tokens, i)) this.end();
  }

  /** A token nothing understood: a negation before its first item survives filler and two unknown words. */
  skip(t: Token): void {
    if (!this.active) return;
    const keeps = this.fresh && (TRANSPARENT.has(t.norm) || (t.kind === 'word' && this.unknownAfterCue++ < MAX_UNKNOWN_AFTER_CUE));
    if (!keeps) this.end();
  }
}
