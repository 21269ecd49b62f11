/**
 * The labelled corpus: requests written the way people type them, with the expected parse
 * (tests/fixtures/nlp/preferences.jsonl) and intents (intents.jsonl). Each expectation and
 * each parse become sets of facts ("genre+:Comedy", "years.from:1990", "person-:Adam Sandler",
 * ...; tests/helpers/nlp-facts.ts); the test prints precision and recall per field and requires
 * 95% overall.
 *
 * People and titles need the real catalogue: MOVIELENS_DIR and REELMATE_ENRICH_FILE, by
 * default the shared datasets beside the checkout; skipped when they are absent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogFromFiles, type Catalog } from '../../../src/catalog/catalog.js';
import { detectIntent } from '../../../src/features/index.js';
import { parsePreferences } from '../../../src/nlp/parse.js';
import { Scorer, actualFacts, expectedFacts, readJsonlFile, type Fact, type Labelled } from '../../helpers/nlp-facts.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const fixtures = path.join(root, 'tests/fixtures/nlp');
const movielensDir = process.env.MOVIELENS_DIR ?? path.join(root, '../shared/datasets/ml-latest-small');
const enrichFile = process.env.REELMATE_ENRICH_FILE ?? path.join(root, '../shared/datasets/tmdb-enrichment/movies_enriched.jsonl');
const haveData = existsSync(path.join(movielensDir, 'movies.csv'));

interface LabelledIntent {
  text: string;
  command: string;
  args?: Record<string, string | number>;
}

function readJsonl<T>(file: string): T[] {
  return readJsonlFile<T>(path.join(fixtures, file));
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
