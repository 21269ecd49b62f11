/**
 * The diversity step: at most `franchiseCap` films of one franchise (no ten sequels of one
 * film) and a light MMR penalty on genre overlap with what is already picked. Pure.
 */
const ROMAN = /\b(ii|iii|iv|v|vi|vii|viii|ix|x)\b/g;
const STOP = new Set(['the', 'a', 'an', 'of', 'and', 'part', 'episode', 'chapter', 'la', 'le', 'el', 'les', 'die', 'der']);

/**
 * A franchise key from a title: lower case, year and subtitle removed, sequel numbers and
 * roman numerals dropped, first two significant words. "Toy Story 2 (1999)" -> "toy story",
 * "Star Wars: Episode V - The Empire Strikes Back (1980)" -> "star wars".
 */
export function franchiseKey(title: string): string {
  let t = title
    .toLowerCase()
    .replace(/\(\d{4}[^)]*\)\s*$/, '')
    .trim();
  // MovieLens moves articles to the end: "Matrix, The" -> "matrix"
  t = t.replace(/,\s*(the|a|an)$/, '');
  t = t.split(/[:\-–(]/)[0] ?? t;
  t = t.replace(ROMAN, ' ').replace(/\d+/g, ' ');
  const words = t.split(/[^a-z0-9'&]+/).filter((w) => w && !STOP.has(w));
  return words.slice(0, 2).join(' ');
}

export interface DiversityOptions {
  franchiseCap: number;
  /** Score penalty per unit of genre Jaccard overlap with the closest earlier pick. */
  genrePenalty: number;
}

export const DIVERSITY_DEFAULTS: DiversityOptions = { franchiseCap: 2, genrePenalty: 0.1 };

function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.includes(x)) inter++;
  return inter / (a.length + b.length - inter);
}

/**
 * Re-ranks candidates (best first, with their scores) into `k` picks. Greedy MMR: each step
 * takes the candidate whose score minus the overlap penalty is highest, skipping franchises
 * already at their cap. Candidates are assumed to be a short list (k * 3 or so).
 */
export function diversify(
  candidates: Int32Array,
  scores: Float32Array,
  k: number,
  info: { franchise(item: number): string; genres(item: number): readonly string[] },
  opts: DiversityOptions = DIVERSITY_DEFAULTS,
): Int32Array {
  const picked: number[] = [];
  const used = new Uint8Array(candidates.length);
  // each candidate's largest genre overlap with the picks so far, updated once per pick
  const overlap = new Float64Array(candidates.length);
  const perFranchise = new Map<string, number>();
  while (picked.length < k) {
    let best = -1;
    let bestValue = -Infinity;
    for (let c = 0; c < candidates.length; c++) {
      if (used[c]) continue;
      const item = candidates[c]!;
      const key = info.franchise(item);
      if (key && (perFranchise.get(key) ?? 0) >= opts.franchiseCap) continue;
      const value = scores[item]! - opts.genrePenalty * overlap[c]!;
      if (value > bestValue) {
        bestValue = value;
        best = c;
      }
    }
    if (best < 0) break;
    used[best] = 1;
    const item = candidates[best]!;
    picked.push(item);
    const key = info.franchise(item);
    if (key) perFranchise.set(key, (perFranchise.get(key) ?? 0) + 1);
    if (opts.genrePenalty > 0 && picked.length < k) {
      const g = info.genres(item);
      for (let c = 0; c < candidates.length; c++) if (!used[c]) overlap[c] = Math.max(overlap[c]!, jaccard(info.genres(candidates[c]!), g));
    }
  }
  return Int32Array.from(picked);
}
