/**
 * The fact scheme the labelled parser corpora are scored with. Each expectation and each parse
 * become sets of facts ("genre+:Comedy", "years.from:1990", "person-:Adam Sandler", ...), so a
 * corpus can report precision and recall per field and which facts a request missed.
 */
import { readFileSync } from 'node:fs';
import type { Preferences } from '../../src/nlp/types.js';

/** One labelled request (tests/fixtures/nlp/preferences.jsonl and casual.jsonl). */
export interface Labelled {
  text: string;
  g?: string[];
  ng?: string[];
  y?: [number | null, number | null];
  /** "Name", "Name:actor" / "Name:director" (the role is scored only when given), "-Name" = excluded. */
  p?: string[];
  rt?: [number | null, number | null];
  lang?: string;
  foreign?: boolean;
  sim?: number[];
  m?: string[];
  nm?: string[];
  q?: string;
  n?: number;
}

export type Fact = `${string}:${string}`;

export function readJsonlFile<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Facts of an expectation; roles only where the label names one. */
export function expectedFacts(l: Labelled): { facts: Set<Fact>; roled: Set<string> } {
  const f = new Set<Fact>();
  const roled = new Set<string>();
  for (const g of l.g ?? []) f.add(`genre+:${g}`);
  for (const g of l.ng ?? []) f.add(`genre-:${g}`);
  if (l.y?.[0] != null) f.add(`years.from:${l.y[0]}`);
  if (l.y?.[1] != null) f.add(`years.to:${l.y[1]}`);
  for (const raw of l.p ?? []) {
    const exclude = raw.startsWith('-');
    const [name, role] = (exclude ? raw.slice(1) : raw).split(':') as [string, string | undefined];
    f.add(`person${exclude ? '-' : '+'}:${name}`);
    if (role) {
      f.add(`role:${name}=${role}`);
      roled.add(name);
    }
  }
  if (l.rt?.[0] != null) f.add(`runtime.min:${l.rt[0]}`);
  if (l.rt?.[1] != null) f.add(`runtime.max:${l.rt[1]}`);
  if (l.lang) f.add(`language:${l.lang}`);
  if (l.foreign) f.add('foreign:true');
  for (const id of l.sim ?? []) f.add(`similar:${id}`);
  for (const m of l.m ?? []) f.add(`mood+:${m}`);
  for (const m of l.nm ?? []) f.add(`mood-:${m}`);
  if (l.q) f.add(`quality:${l.q}`);
  if (l.n != null) f.add(`limit:${l.n}`);
  return { facts: f, roled };
}

export function actualFacts(p: Preferences, roled: ReadonlySet<string>): Set<Fact> {
  const f = new Set<Fact>();
  for (const g of p.genres.include) f.add(`genre+:${g}`);
  for (const g of p.genres.exclude) f.add(`genre-:${g}`);
  if (p.years?.from != null) f.add(`years.from:${p.years.from}`);
  if (p.years?.to != null) f.add(`years.to:${p.years.to}`);
  for (const person of p.people) {
    f.add(`person${person.exclude ? '-' : '+'}:${person.name}`);
    if (roled.has(person.name)) f.add(`role:${person.name}=${person.role}`);
  }
  if (p.runtime?.min != null) f.add(`runtime.min:${p.runtime.min}`);
  if (p.runtime?.max != null) f.add(`runtime.max:${p.runtime.max}`);
  if (p.language) f.add(`language:${p.language}`);
  if (p.foreign) f.add('foreign:true');
  for (const s of p.similarTo) f.add(`similar:${s.movieId}`);
  for (const m of p.moods) f.add(`mood+:${m}`);
  for (const m of p.excludeMoods ?? []) f.add(`mood-:${m}`);
  if (p.quality) f.add(`quality:${p.quality}`);
  if (p.limit != null) f.add(`limit:${p.limit}`);
  return f;
}

/** The part of a fact before the first colon: "genre+", "years.from", "role", ... */
export function factField(fact: string): string {
  return fact.slice(0, fact.indexOf(':'));
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

/** Precision and recall per fact field, and the facts each request got wrong. */
export class Scorer {
  readonly byField = new Map<string, Tally>();
  readonly misses: string[] = [];

  add(text: string, expected: Set<Fact>, actual: Set<Fact>): void {
    const bump = (fact: string, k: keyof Tally) => {
      const field = factField(fact);
      const t = this.byField.get(field) ?? { tp: 0, fp: 0, fn: 0 };
      t[k]++;
      this.byField.set(field, t);
    };
    const wrong: string[] = [];
    for (const fact of actual) {
      if (expected.has(fact)) bump(fact, 'tp');
      else {
        bump(fact, 'fp');
        wrong.push(`+${fact}`);
      }
    }
    for (const fact of expected) {
      if (!actual.has(fact)) {
        bump(fact, 'fn');
        wrong.push(`-${fact}`);
      }
    }
    if (wrong.length) this.misses.push(`${JSON.stringify(text)}: ${wrong.join(' ')}`);
  }

  total(): { precision: number; recall: number } {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const t of this.byField.values()) {
      tp += t.tp;
      fp += t.fp;
      fn += t.fn;
    }
    return { precision: tp / Math.max(1, tp + fp), recall: tp / Math.max(1, tp + fn) };
  }

  report(title: string, opts: { misses?: boolean } = {}): string {
    const rows = [...this.byField].sort(([a], [b]) => a.localeCompare(b));
    const pct = (n: number, d: number) => (d === 0 ? '   - ' : `${((100 * n) / d).toFixed(1).padStart(5)}`);
    const lines = [`${title}: field          precision  recall   (tp/fp/fn)`];
    for (const [field, t] of rows) {
      lines.push(`  ${field.padEnd(22)} ${pct(t.tp, t.tp + t.fp)}%   ${pct(t.tp, t.tp + t.fn)}%   (${t.tp}/${t.fp}/${t.fn})`);
    }
    const { precision, recall } = this.total();
    lines.push(`  ${'ALL'.padEnd(22)} ${(100 * precision).toFixed(1).padStart(5)}%   ${(100 * recall).toFixed(1).padStart(5)}%`);
    if ((opts.misses ?? true) && this.misses.length) lines.push('  misses:', ...this.misses.map((m) => `    ${m}`));
    return lines.join('\n');
  }
}
