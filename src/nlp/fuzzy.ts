/**
 * Fuzzy word matching shared by title and people search: a bounded Damerau-Levenshtein
 * distance and a word index that finds one-typo variants through deletion neighbourhoods
 * (every word of length >= MIN_FUZZY_WORD is filed under itself and each one-letter deletion;
 * two words within one edit share at least one key).
 */

/** Only words at least this long are matched with a typo. */
export const MIN_FUZZY_WORD = 4;

/** All strings one deletion away (plus the word itself): the deletion-neighbourhood key set. */
function deletions(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment) capped at `max`: returns max + 1 as
 * soon as the distance must exceed it. Typed arrays and an early exit: natural's
 * DamerauLevenshteinDistance builds a matrix of objects per call, ~50x slower on 20-letter
 * titles, so it only serves as the reference in the tests.
 */
export function boundedDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0 || m === 0) return Math.max(n, m);
  let prev2 = new Int32Array(m + 1);
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[m]!, max + 1);
}

/**
 * The phrase with every doubled letter written once ("del torro" -> "del toro", "scorssese" ->
 * "scorsese"), or undefined when it has none. Doubling a letter is the commonest slip in names,
 * and one the catalogue's surname matching cannot see inside a surname of several words.
 */
export function undoubled(phrase: string): string | undefined {
  let out = '';
  for (let i = 0; i < phrase.length; i++) if (i === 0 || phrase[i] !== phrase[i - 1] || phrase[i] === ' ') out += phrase[i];
  return out === phrase ? undefined : out;
}

function distance(a: string, b: string, max = 2): number {
  return boundedDistance(a, b, max);
}

/**
 * A word index with one-edit typo look-up: exact postings, a deletion neighbourhood for typos,
 * and a sorted vocabulary for prefixes (autocomplete: "matr" -> "matrix").
 */
export class WordIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly neighbours = new Map<string, string[]>();
  private sortedVocab: string[] = [];

  add(word: string, id: number): void {
    let list = this.postings.get(word);
    if (!list) {
      list = [];
      this.postings.set(word, list);
      if (word.length >= MIN_FUZZY_WORD) {
        for (const d of deletions(word)) {
          const n = this.neighbours.get(d);
          if (n) n.push(word);
          else this.neighbours.set(d, [word]);
        }
      }
    }
    if (list[list.length - 1] !== id) list.push(id);
  }

  finish(): void {
    this.sortedVocab = [...this.postings.keys()].sort();
  }

  exact(word: string): readonly number[] {
    return this.postings.get(word) ?? [];
  }

  /** Vocabulary words within one edit of `word` (itself excluded). */
  similarWords(word: string): string[] {
    if (word.length < MIN_FUZZY_WORD) return [];
    const found = new Set<string>();
    for (const d of deletions(word)) {
      for (const w of this.neighbours.get(d) ?? []) {
        if (w !== word && !found.has(w) && distance(word, w) <= 1) found.add(w);
      }
    }
    return [...found];
  }

  /** Vocabulary words starting with `prefix`, at most `max`. */
  prefixed(prefix: string, max: number): string[] {
    const out: string[] = [];
    let lo = 0;
    let hi = this.sortedVocab.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sortedVocab[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sortedVocab.length && out.length < max; i++) {
      const w = this.sortedVocab[i]!;
      if (!w.startsWith(prefix)) break;
      if (w !== prefix) out.push(w);
    }
    return out;
  }
}
