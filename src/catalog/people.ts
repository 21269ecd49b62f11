/**
 * The people index: directors and cast, matched by full name, surname (one word or several: "de
 * niro"), a nickname or short first name ("sly stallone", "nic cage"), a first name one prolific
 * person owns ("denzel"), a known alias ("arnie") and small typos, with how many films each is
 * credited for in which role. Same normalisation and typo index as title search.
 */
import { boundedDistance, WordIndex } from '../nlp/fuzzy.js';
import { firstNameMatches, NAME_ALIASES, NICKNAMES } from '../nlp/nicknames.js';
import { titleWords, type SearchOptions } from './search.js';

function distance(a: string, b: string, max = 2): number {
  return boundedDistance(a, b, max);
}

export type PersonRole = 'actor' | 'director';

export interface PersonMatch {
  name: string;
  roles: PersonRole[];
  /** The role of at least two thirds of the person's credits, else null. */
  primaryRole: PersonRole | null;
  /** Movies credited in the catalogue. */
  movies: number;
  /**
   * 1 full name; 0.95 a known alias ("arnie"); 0.9 full name with a typo, a nickname or a middle
   * name left out ("sam jackson"); 0.87 a first name that one prolific person dominates
   * ("denzel", "keanu"); 0.85 surname (one or more words: "de niro"); 0.75 surname with a typo;
   * 0.55 first name.
   */
  score: number;
}

interface PersonEntry {
  name: string;
  words: string[];
  roles: Set<PersonRole>;
  movies: number;
  credits: Record<PersonRole, number>;
}

/** A first name is "known" (0.87) when its top bearer has this many credits and this multiple of everyone else's. */
const KNOWN_FIRST_NAME_CREDITS = 8;
const KNOWN_FIRST_NAME_LEAD = 3;

export class PeopleIndex {
  private readonly people: PersonEntry[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly words = new WordIndex();

  /** Add one credit; call once per (movie, person, role). */
  add(name: string, role: PersonRole): void {
    const words = titleWords(name);
    if (words.length === 0) return;
    const key = words.join(' ');
    let idx = this.byKey.get(key);
    if (idx === undefined) {
      idx = this.people.length;
      this.people.push({ name, words, roles: new Set(), movies: 0, credits: { actor: 0, director: 0 } });
      this.byKey.set(key, idx);
      for (const w of words) this.words.add(w, idx);
    }
    const p = this.people[idx]!;
    p.roles.add(role);
    p.movies += 1;
    p.credits[role] += 1;
  }

  finish(): void {
    this.words.finish();
  }

  get size(): number {
    return this.people.length;
  }

  /** Exact full-name look-up on normalised words (cheap: used while scanning free text). */
  exact(phrase: string): PersonMatch | undefined {
    const idx = this.byKey.get(titleWords(phrase).join(' '));
    return idx === undefined ? undefined : this.toMatch(this.people[idx]!, 1);
  }

  search(phrase: string, opts: SearchOptions = {}): PersonMatch[] {
    const limit = Math.max(1, Math.min(opts.limit ?? 10, 100));
    const typed = titleWords(phrase);
    if (typed.length === 0 || typed.length > 5) return [];
    const alias = NAME_ALIASES[typed.join(' ')];
    const q = alias ? alias.split(' ') : typed;
    const exactIdx = this.byKey.get(q.join(' '));
    if (opts.fuzzy === false) return exactIdx === undefined ? [] : [this.toMatch(this.people[exactIdx]!, 1)];
    const scores = new Map<number, number>();
    if (exactIdx !== undefined) scores.set(exactIdx, alias ? 0.95 : 1);
    // candidates: the rarest word's people (with one-typo variants) and, for a full name, the
    // surname's (a nickname first word, "nic cage", may find nobody on its own)
    let rarest: number[] | undefined;
    for (const w of q) {
      const list = this.postingsWithTypos(w);
      if (list.length && (!rarest || list.length < rarest.length)) rarest = list;
    }
    const candidates = new Set(rarest ?? []);
    if (q.length > 1) for (const idx of this.postingsWithTypos(q[q.length - 1]!)) candidates.add(idx);
    for (const idx of candidates) {
      if (scores.has(idx)) continue;
      const s = scorePerson(q, this.people[idx]!.words);
      if (s > 0) scores.set(idx, s);
    }
    if (q.length === 1) this.knownFirstName(q[0]!, scores);
    const out = [...scores].map(([idx, s]) => this.toMatch(this.people[idx]!, s));
    out.sort((a, b) => b.score - a.score || b.movies - a.movies || a.name.localeCompare(b.name));
    return out.slice(0, limit);
  }

  private postingsWithTypos(w: string): number[] {
    const list: number[] = [];
    for (const v of [w, ...this.words.similarWords(w)]) list.push(...this.words.exact(v));
    return list;
  }

  /**
   * "denzel", "keanu", "arnold": a first name (or its short form) whose top bearer has far more
   * credits than anyone else answering to it, including those with it as a surname ("Tom Arnold").
   */
  private knownFirstName(word: string, scores: Map<number, number>): void {
    const bearers = new Map<number, number>();
    const givenNames = [word, ...(NICKNAMES[word] ?? []), ...(word.length >= 3 ? this.words.prefixed(word, 20) : [])];
    for (const given of givenNames) {
      for (const idx of this.words.exact(given)) {
        const p = this.people[idx]!;
        if (p.words.length > 1 && firstNameMatches(word, p.words[0]!)) bearers.set(idx, p.movies);
      }
    }
    let top = -1;
    let topMovies = 0;
    let rest = 0;
    for (const [idx, movies] of bearers) {
      if (movies > topMovies) {
        rest = Math.max(rest, topMovies);
        top = idx;
        topMovies = movies;
      } else rest = Math.max(rest, movies);
    }
    // surname bearers compete too: "arnold" is Schwarzenegger only because Tom Arnold has 3 credits
    // and a director's surname weighs triple: "cameron" is James Cameron before Cameron Diaz
    for (const [idx, s] of scores) {
      if (s < 0.85 || idx === top) continue;
      const p = this.people[idx]!;
      rest = Math.max(rest, p.movies * (p.credits.director * 2 >= p.movies ? 3 : 1));
    }
    if (top >= 0 && topMovies >= KNOWN_FIRST_NAME_CREDITS && topMovies >= KNOWN_FIRST_NAME_LEAD * rest) scores.set(top, 0.87);
    else for (const [idx] of bearers) if (!scores.has(idx)) scores.set(idx, 0.55);
  }

  private toMatch(p: PersonEntry, score: number): PersonMatch {
    const primaryRole = p.credits.actor * 3 >= p.movies * 2 ? 'actor' : p.credits.director * 3 >= p.movies * 2 ? 'director' : null;
    return { name: p.name, roles: [...p.roles].sort(), primaryRole, movies: p.movies, score };
  }
}

/** Score a query against a person's name words (the scale is PersonMatch.score's). */
export function scorePerson(q: readonly string[], name: readonly string[]): number {
  const qKey = q.join(' ');
  const nKey = name.join(' ');
  if (qKey === nKey) return 1;
  if (q.length === 1) {
    const w = q[0]!;
    const last = name[name.length - 1]!;
    const first = name[0]!;
    if (name.length > 1 && w === last) return 0.85;
    if (name.length > 1 && w.length >= 5 && distance(w, last) <= 1) return 0.75;
    if (name.length > 1 && w === first) return 0.55;
    if (name.length === 1 && w.length >= 5 && distance(w, nKey) <= 1) return 0.85;
    return 0;
  }
  // a surname of several words: "de niro", "del toro", "von trier"
  if (q.length < name.length && name.slice(name.length - q.length).join(' ') === qKey) return 0.85;
  if (q.length === name.length) {
    // one typo per word (two in long words); a word may take two when another word is exact
    // ("tom hanx")
    const exactWords = q.filter((w, i) => w === name[i]).length;
    let typos = 0;
    for (let i = 0; i < q.length; i++) {
      const a = q[i]!;
      const b = name[i]!;
      if (a === b) continue;
      // a short form of the first name ("leo dicaprio", "nic cage", "marty scorsese") counts as one slip
      if (i === 0 && q.length > 1 && firstNameMatches(a, b)) {
        typos += 1;
        continue;
      }
      // a short word may only drop a doubled letter, next to an exact word ("brad pit", "johnny dep")
      const d =
        a.length >= 4
          ? distance(a, b)
          : exactWords > 0 && b.length === a.length + 1 && b.startsWith(a) && b[a.length] === b[a.length - 1]
            ? 1
            : 99;
      if (d > (a.length >= 7 || exactWords > 0 ? 2 : 1)) return 0;
      typos += d;
    }
    return typos <= 1 ? 0.9 : typos === 2 ? 0.85 : 0;
  }
  // a middle name or initial left out: "sam jackson" for Samuel L. Jackson
  if (q.length === 2 && name.length > 2 && firstNameMatches(q[0]!, name[0]!)) {
    const last = name[name.length - 1]!;
    if (q[1] === last) return 0.9;
    if (q[1]!.length >= 5 && distance(q[1]!, last) <= 1) return 0.85;
  }
  return 0;
}
