/**
 * Content-based ranker: TF-IDF item vectors over genres, tags, keywords, directors, cast and
 * the overview (tokenised and Porter-stemmed with `natural`), L2-normalised; a user's profile
 * is the sum of the vectors of what they rated, weighted by rating minus their mean, and an
 * item's score is its cosine with the profile. It can score movies nobody has rated, which is
 * what the hybrid's cold-movie fallback needs.
 *
 * idf = 1 + ln(N / (1 + df)), natural's TfIdf formula; we count document frequencies once in
 * a Map because TfIdf.idf() scans every document per term (too slow for a 9,000-film catalogue).
 */
import { PorterStemmer, WordTokenizer } from '../../util/natural.js';
import { decodeModel, encodeModel, f32, i32, num } from '../codec.js';
import type { FitOptions, HyperParams, ItemMeta, Recommender, TrainingData, UserHistory } from '../types.js';
import { historiesFromArrays, historiesOf, historiesToArrays, predictByFoldIn, type Histories } from './item-graph.js';

export const CONTENT_DEFAULTS = {
  wGenre: 1,
  wTag: 1,
  wKeyword: 1,
  wDirector: 1.5,
  wCast: 1,
  wOverview: 0.5,
  /** Only the first few billed actors say much about a film. */
  castLimit: 5,
  keepHistory: true,
} as const;

const STOPWORDS = new Set(
  'a an and are as at be by for from has he her his in is it its of on or that the their they this to was were will with who when where which while after before into about over under his hers them then than but not no one two three four five new old s t'.split(
    ' ',
  ),
);

const tokenizer = new WordTokenizer();
/** Stemming dominates fit time; a catalogue repeats its words, so remember each stem once. */
const stems = new Map<string, string>();
function stem(w: string): string {
  let s = stems.get(w);
  if (s === undefined) {
    s = PorterStemmer.stem(w);
    if (stems.size < 200_000) stems.set(w, s);
  }
  return s;
}

/** Overview words: lower case, stop words out, stemmed ("running" -> "run"). */
export function overviewTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of tokenizer.tokenize(text.toLowerCase())) {
    if (w.length < 3 || STOPWORDS.has(w) || /^\d+$/.test(w)) continue;
    out.push(`o:${stem(w)}`);
  }
  return out;
}

/** Weighted terms of one movie; field prefixes keep "drama" the genre apart from "drama" the tag. */
export function itemTerms(m: ItemMeta, p: Record<string, number | string | boolean>): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (t: string, w: number) => terms.set(t, (terms.get(t) ?? 0) + w);
  for (const g of m.genres) add(`g:${g.toLowerCase()}`, Number(p.wGenre));
  for (const t of m.tags) add(`t:${t.toLowerCase()}`, Number(p.wTag));
  for (const k of m.keywords) add(`k:${k.toLowerCase()}`, Number(p.wKeyword));
  for (const d of m.directors) add(`d:${d.toLowerCase()}`, Number(p.wDirector));
  for (const c of m.cast.slice(0, Number(p.castLimit))) add(`c:${c.toLowerCase()}`, Number(p.wCast));
  if (m.overview) for (const o of overviewTerms(m.overview)) add(o, Number(p.wOverview));
  return terms;
}

export class ContentModel implements Recommender {
  readonly name = 'content';
  readonly kind = 'ranking' as const;
  private p: Record<string, number | string | boolean>;
  private nItems = 0;
  private nTerms = 0;
  // item vectors, CSR over term ids, L2-normalised
  private rowPtr: Int32Array = new Int32Array(1);
  private cols: Int32Array = new Int32Array(0);
  private vals: Float32Array = new Float32Array(0);
  private hist: Histories | null = null;
  // the same vectors by term (postings), so scoring touches only the profile's terms
  private termPtr: Int32Array = new Int32Array(1);
  private termItems: Int32Array = new Int32Array(0);
  private termVals: Float32Array = new Float32Array(0);

  constructor(params: HyperParams = {}) {
    this.p = { ...CONTENT_DEFAULTS, ...params };
  }

  private buildPostings(): void {
    const count = new Int32Array(this.nTerms + 1);
    for (let q = 0; q < this.cols.length; q++) count[this.cols[q]! + 1]!++;
    for (let t = 0; t < this.nTerms; t++) count[t + 1]! += count[t]!;
    const fill = count.slice(0, this.nTerms);
    const items = new Int32Array(this.cols.length);
    const vals = new Float32Array(this.cols.length);
    for (let i = 0; i < this.nItems; i++)
      for (let q = this.rowPtr[i]!; q < this.rowPtr[i + 1]!; q++) {
        const at = fill[this.cols[q]!]!++;
        items[at] = i;
        vals[at] = this.vals[q]!;
      }
    this.termPtr = count;
    this.termItems = items;
    this.termVals = vals;
  }
  get params(): HyperParams {
    return this.p;
  }

  fit(data: TrainingData, _opts?: FitOptions): void {
    this.nItems = data.nItems;
    this.hist = this.p.keepHistory ? historiesOf(data) : null;
    const metas = data.items ?? [];
    const docs = Array.from({ length: data.nItems }, (_, i) => (metas[i] ? itemTerms(metas[i], this.p) : new Map<string, number>()));
    const ids = new Map<string, number>();
    const df: number[] = [];
    for (const d of docs)
      for (const t of d.keys()) {
        let id = ids.get(t);
        if (id === undefined) {
          id = ids.size;
          ids.set(t, id);
          df.push(0);
        }
        df[id]!++;
      }
    const nDocs = docs.filter((d) => d.size > 0).length || 1;
    const idf = df.map((c) => 1 + Math.log(nDocs / (1 + c)));
    const rowPtr = new Int32Array(data.nItems + 1);
    let nnz = 0;
    for (let i = 0; i < docs.length; i++) {
      // a term seen in a single film cannot connect two films: drop it
      for (const t of docs[i]!.keys()) if (df[ids.get(t)!]! > 1) nnz++;
      rowPtr[i + 1] = nnz;
    }
    const cols = new Int32Array(nnz);
    const vals = new Float32Array(nnz);
    for (let i = 0; i < docs.length; i++) {
      let k = rowPtr[i]!;
      let norm = 0;
      for (const [t, tf] of docs[i]!) {
        const id = ids.get(t)!;
        if (df[id]! <= 1) continue;
        const w = tf * idf[id]!;
        cols[k] = id;
        vals[k++] = w;
        norm += w * w;
      }
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let q = rowPtr[i]!; q < rowPtr[i + 1]!; q++) vals[q]! *= inv;
    }
    this.nTerms = ids.size;
    this.rowPtr = rowPtr;
    this.cols = cols;
    this.vals = vals;
    this.buildPostings();
  }

  /** Profile = sum of (rating - user mean) * item vector; all-equal ratings count as liked. */
  profile(history: UserHistory): Float32Array {
    const profile = new Float32Array(this.nTerms);
    const n = history.items.length;
    let mean = 0;
    for (let t = 0; t < n; t++) mean += history.ratings[t]!;
    mean = n ? mean / n : 0;
    let spread = 0;
    for (let t = 0; t < n; t++) spread += Math.abs(history.ratings[t]! - mean);
    for (let t = 0; t < n; t++) {
      const i = history.items[t]!;
      if (i < 0 || i >= this.nItems) continue;
      const w = spread > 0 ? history.ratings[t]! - mean : 1;
      if (w === 0) continue;
      for (let q = this.rowPtr[i]!; q < this.rowPtr[i + 1]!; q++) profile[this.cols[q]!]! += w * this.vals[q]!;
    }
    return profile;
  }

  /** The history's profile and 1 / its length (0 for an empty profile): scores are cosines. */
  private unitProfile(history: UserHistory): { profile: Float32Array; inv: number } {
    const profile = this.profile(history);
    let norm = 0;
    for (let t = 0; t < profile.length; t++) norm += profile[t]! * profile[t]!;
    return { profile, inv: norm > 0 ? 1 / Math.sqrt(norm) : 0 };
  }

  scoreHistory(history: UserHistory, out: Float32Array): void {
    if (history.items.length === 0 || this.nItems === 0) {
      out.fill(Number.NaN);
      return;
    }
    const { profile, inv } = this.unitProfile(history);
    out.fill(0, 0, this.nItems);
    // walk the postings of the profile's terms only: a few thousand, not every film's vector
    const { termPtr, termItems, termVals } = this;
    for (let t = 0; t < profile.length; t++) {
      const w = profile[t]!;
      if (w === 0) continue;
      const x = w * inv;
      const end = termPtr[t + 1]!;
      for (let q = termPtr[t]!; q < end; q++) out[termItems[q]!]! += x * termVals[q]!;
    }
    if (out.length > this.nItems) out.fill(Number.NaN, this.nItems);
  }

  /**
   * scoreHistory's values for a few films only (candidates before ranking): the profile's
   * cosine with each film's own vector, so the cost is the films' terms, not the postings of
   * every profile term (on a big catalogue those reach most films).
   */
  scoreItems(history: UserHistory, items: Int32Array, out: Float32Array): void {
    if (history.items.length === 0 || this.nItems === 0) {
      out.fill(Number.NaN);
      return;
    }
    const { profile, inv } = this.unitProfile(history);
    for (let k = 0; k < items.length; k++) {
      const i = items[k]!;
      if (i < 0 || i >= this.nItems) {
        out[k] = Number.NaN;
        continue;
      }
      let s = 0;
      for (let q = this.rowPtr[i]!; q < this.rowPtr[i + 1]!; q++) s += profile[this.cols[q]!]! * this.vals[q]!;
      out[k] = s * inv;
    }
  }

  predict(user: number, items: Int32Array): Float32Array {
    return predictByFoldIn(this.hist, this.nItems, user, items, (h, out) => this.scoreHistory(h, out));
  }

  save(): Uint8Array {
    return encodeModel({
      name: this.name,
      meta: { params: this.p, nItems: this.nItems, nTerms: this.nTerms },
      arrays: { rowPtr: this.rowPtr, cols: this.cols, vals: this.vals, ...(this.hist ? historiesToArrays(this.hist) : {}) },
    });
  }

  load(bytes: Uint8Array): void {
    const d = decodeModel(bytes, this.name);
    this.p = { ...CONTENT_DEFAULTS, ...(d.meta.params as HyperParams) };
    this.nItems = num(d, 'nItems');
    this.nTerms = num(d, 'nTerms');
    this.rowPtr = i32(d, 'rowPtr');
    this.cols = i32(d, 'cols');
    this.vals = f32(d, 'vals');
    this.hist = d.arrays['hist.userPtr'] ? historiesFromArrays(d) : null;
    this.buildPostings();
  }
}

export const createContent = (params?: HyperParams): Recommender => new ContentModel(params);
