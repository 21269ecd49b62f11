/**
 * The labelled corpus: requests written the way people type them, with the expected parse
 * (tests/fixtures/nlp/preferences.jsonl) and intents (intents.jsonl). Each expectation and
 * each parse become sets of facts ("genre+:Comedy", "years.from:1990", "person-:Adam Sandler",
 * ...); the test prints precision and recall per field and requires 95% overall.
 *
 * People and titles need the real catalogue: MOVIELENS_DIR and REELMATE_ENRICH_FILE, by
 * default the shared datasets beside the checkout; skipped when they are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogFromFiles, type Catalog } from '../../../src/catalog/catalog.js';
import { detectIntent } from '../../../src/nlp/intent.js';
import { parsePreferences } from '../../../src/nlp/parse.js';
import type { Preferences } from '../../../src/nlp/types.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const fixtures = path.join(root, 'tests/fixtures/nlp');
const movielensDir = process.env.MOVIELENS_DIR ?? path.join(root, '../shared/datasets/ml-latest-small');
const enrichFile = process.env.REELMATE_ENRICH_FILE ?? path.join(root, '../shared/datasets/tmdb-enrichment/movies_enriched.jsonl');
const haveData = existsSync(path.join(movielensDir, 'movies.csv'));

interface Labelled {
  text: string;
  g?: string[];
  ng?: string[];
  y?: [number | null, number | null];
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

interface LabelledIntent {
  text: string;
  command: string;
  args?: Record<string, string | number>;
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(path.join(fixtures, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

type Fact = `${string}:${string}`;

/** Facts of an expectation; roles only where the label names one. */
function expectedFacts(l: Labelled): { facts: Set<Fact>; roled: Set<string> } {
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

function actualFacts(p: Preferences, roled: ReadonlySet<string>): Set<Fact> {
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

/** The documented arguments; aliases for particular commands (action, constraints, number) are not scored. */
const INTENT_ARGS = new Set(['title', 'stars', 'op', 'query']);

function intentFacts(command: string, args: Record<string, string | number | undefined>): Set<Fact> {
  const f = new Set<Fact>([`command:${command}`]);
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined || !INTENT_ARGS.has(k) || (command === 'recommend' && k === 'query')) continue;
    f.add(`${command}.${k}:${typeof v === 'string' ? v.trim().toLowerCase() : v}`);
  }
  return f;
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

class Scorer {
  readonly byField = new Map<string, Tally>();
  readonly misses: string[] = [];

  add(text: string, expected: Set<Fact>, actual: Set<Fact>): void {
    const bump = (fact: string, k: keyof Tally) => {
      const field = fact.slice(0, fact.indexOf(':'));
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

  report(title: string): string {
    const rows = [...this.byField].sort(([a], [b]) => a.localeCompare(b));
    const pct = (n: number, d: number) => (d === 0 ? '   - ' : `${((100 * n) / d).toFixed(1).padStart(5)}`);
    const lines = [`${title}: field          precision  recall   (tp/fp/fn)`];
    for (const [field, t] of rows) {
      lines.push(`  ${field.padEnd(22)} ${pct(t.tp, t.tp + t.fp)}%   ${pct(t.tp, t.tp + t.fn)}%   (${t.tp}/${t.fp}/${t.fn})`);
    }
    const { precision, recall } = this.total();
    lines.push(`  ${'ALL'.padEnd(22)} ${(100 * precision).toFixed(1).padStart(5)}%   ${(100 * recall).toFixed(1).padStart(5)}%`);
    if (this.misses.length) lines.push('  misses:', ...this.misses.map((m) => `    ${m}`));
    return lines.join('\n');
  }
}

describe.skipIf(!haveData)('labelled corpus (real catalogue)', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await loadCatalogFromFiles({ movielensDir, enrichFile: existsSync(enrichFile) ? enrichFile : undefined });
  });

  it('has at least 150 varied preference requests and the intents', () => {
    expect(readJsonl<Labelled>('preferences.jsonl').length).toBeGreaterThanOrEqual(150);
    expect(readJsonl<LabelledIntent>('intents.jsonl').length).toBeGreaterThanOrEqual(50);
  });

  it('parses preferences with at least 95% precision and recall', () => {
    const scorer = new Scorer();
    for (const l of readJsonl<Labelled>('preferences.jsonl')) {
      const { facts, roled } = expectedFacts(l);
      scorer.add(l.text, facts, actualFacts(parsePreferences(l.text, catalog), roled));
    }
    console.log(scorer.report('preferences'));
    const { precision, recall } = scorer.total();
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('detects intents with at least 95% precision and recall', () => {
    const scorer = new Scorer();
    for (const l of readJsonl<LabelledIntent>('intents.jsonl')) {
      const actual = detectIntent(l.text);
      scorer.add(l.text, intentFacts(l.command, l.args ?? {}), intentFacts(actual.command, actual.args));
    }
    console.log(scorer.report('intents'));
    const { precision, recall } = scorer.total();
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
