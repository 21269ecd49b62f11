/**
 * The casual-phrasing corpus (tests/fixtures/nlp/casual.jsonl): requests written as people type
 * in chat (lowercase, typos, "w/", "pls", "lol", emoji, run-on sentences), labelled BEFORE the
 * parser was changed for them, so it measures how the parser generalises, not what it was tuned
 * on. Ten style classes (`cls`): negation through verbs and clauses, numbers that are not counts,
 * nicknames and misspellings, ordinary words that look like titles or names, "like X but Y",
 * languages, wishes after a "no X" clause, moods under negation, plain requests, and messages
 * that are not recommendations but look like them (or the reverse).
 *
 * Labels use the fact scheme of corpus.test.ts (tests/helpers/nlp-facts.ts) plus `cmd`, the
 * command the bot should run (default "recommend"), and for other commands optional `args`: the
 * movie the command would act on (`movieId`, resolved from the title the router found the way the
 * commands resolve it), `stars`, and the watchlist `op`. Only recommend lines have their
 * preferences scored. Conventions: "90s" = 1990-1999; "after/post 2005" = from 2006, "before 2000"
 * = to 1999, "since 2010" = from 2010; "under N min" = max N; "not too long" = max 120; "we've got
 * 2 hours" = max 120; kids as the audience ("for the kids") = Children + mood "for the kids", "not
 * for kids" = no Children; moods only from the canonical names in src/nlp/types.ts and the README
 * ("feel-good", "dark", "mind-bending", "for the kids", "date night", "funnier", "lighter"; excluded:
 * "gory", "violent", "sad", "dark"); a title the request only mentions ("tarantino but not pulp
 * fiction") is not a seed.
 *
 * Scores: precision and recall per fact field, and **field accuracy**: over every (request,
 * field) pair where the label or the outcome has something in that field (fields: the label keys
 * g, ng, y, p, rt, lang, foreign, sim, m, nm, q, n, and cmd, which counts only when the label or
 * the router says something other than "recommend"), the share where the outcome's facts for the
 * field equal the label's exactly; plus the requests fully right (every field right). The goal is
 * 95% field accuracy. THIS TEST FAILS UNTIL THE PARSER IS IMPROVED: that is expected; it is the
 * measure the parser work is judged by.
 *
 * Another file in the same format (a held-out set) is scored with
 *   CASUAL_CORPUS_FILE=path/to/file.jsonl npx vitest run --config tests/vitest.config.ts tests/unit/nlp/casual-corpus.test.ts
 *
 * First blind score: the parser of main at bd73171, before any change for this corpus, 308
 * requests. Field accuracy 75.8% (433 of 571 pairs), 200 of 308 requests fully right. (The very
 * first run scored 75.2%, 433/576, 195 fully right; it then showed that five lines left without
 * a mood label on purpose, "cozy" x2, "w a twist" x2, "a good cry", were scored as if they
 * expected no mood, so those lines got `unscored: ["m"]`, and the "jump scares" line
 * `unscored: ["nm"]`. No other label changed after the parser was run.)
 *
 *   field  pairs right  accuracy     fact field    precision recall (tp/fp/fn)
 *   g       201   181    90.0%       genre+         91.5%   98.6%  (214/20/3)
 *   ng       40    24    60.0%       genre-         87.9%   65.9%  (29/4/15)
 *   y        62    55    88.7%       years.from     96.5%   90.2%  (55/2/6)
 *                                    years.to       96.2%   91.1%  (51/2/5)
 *   p        85    44    51.8%       person+        95.2%   53.3%  (40/2/35)
 *                                    person-        85.7%   92.3%  (12/2/1)
 *                                    role           84.6%   44.6%  (33/6/41)
 *   rt       20    15    75.0%       runtime.max    78.9%   78.9%  (15/4/4)
 *                                    runtime.min    33.3%   50.0%  (1/2/1)
 *   lang     20    18    90.0%       language      100.0%   90.0%  (18/0/2)
 *   foreign   5     4    80.0%       foreign        80.0%  100.0%  (4/1/0)
 *   sim      29    20    69.0%       similar       100.0%   66.7%  (20/0/10)
 *   m        39    33    84.6%       mood+          85.0%   97.1%  (34/6/1)
 *   nm       17    14    82.4%       mood-         100.0%   83.3%  (15/0/3)
 *   q         5     3    60.0%       quality        75.0%   75.0%  (3/1/1)
 *   n        17    11    64.7%       limit          64.7%  100.0%  (11/6/0)
 *   cmd      31    11    35.5%       command        51.6%   51.6%  (16/15/15)
 *                                    cmd.movieId    43.8%   43.8%  (7/9/9)
 *                                    cmd.stars      62.5%   62.5%  (5/3/3)
 *                                    cmd.op        100.0%  100.0%  (4/0/0)
 *   ALL     571   433    75.8%       ALL facts      87.4%   79.1%
 *
 *   class          requests  fully right  field accuracy
 *   negation           31         13          41.0%
 *   numbers            30         19          83.6%
 *   names              36          7          53.1%
 *   words              28         23          82.9%
 *   like               29         18          80.3%
 *   language           21         20          95.0%
 *   after-no           17         12          89.8%
 *   mood-negation      14         10          79.3%
 *   plain              73         66          94.4%
 *   intent             29         12          42.5%
 *
 * After the parser work (rules written for each class, checked on sentences outside this corpus:
 * tests/unit/nlp/casual-classes.test.ts): field accuracy 98.1% (529 of 539 pairs), 299 of 308
 * fully right; every class at 100% but "like" (98.4%) and "intent" (73.5%). Nine of the ten
 * misses are messages whose first word is a command word the router takes before intent
 * detection sees them ("watched heat last night, 4 stars" -> seen, "similar to amelie but in
 * english" -> similar, "why zodiac??" -> why with no title, "watchlist is full of dramas ..."),
 * the tenth its preference part ("watchlist is full of dramas" reads Drama).
 *
 *   field  pairs right  accuracy          class          requests  fully right  field accuracy
 *   g       192   191    99.5%            negation           31         31         100.0%
 *   ng       38    38   100.0%            numbers            30         30         100.0%
 *   y        62    62   100.0%            names              36         36         100.0%
 *   p        83    83   100.0%            words              28         28         100.0%
 *   rt       20    20   100.0%            like               29         28          98.4%
 *   lang     20    20   100.0%            language           21         21         100.0%
 *   foreign   4     4   100.0%            after-no           17         17         100.0%
 *   sim      29    29   100.0%            mood-negation      14         14         100.0%
 *   m        34    34   100.0%            plain              73         73         100.0%
 *   nm       17    17   100.0%            intent             29         21          73.5%
 *   q         4     4   100.0%
 *   n        11    11   100.0%
 *   cmd      25    16    64.0%
 *   ALL     539   529    98.1%
 *
 * People and titles need the real catalogue: MOVIELENS_DIR and REELMATE_ENRICH_FILE, by default
 * the shared data sets beside the checkout; skipped when they are absent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogFromFiles, type Catalog } from '../../../src/catalog/catalog.js';
import { parseRateText } from '../../../src/features/rate/command.js';
import { argText, type CommandArgs } from '../../../src/features/types.js';
import { parseWatchlistText } from '../../../src/features/watchlist/command.js';
import { routeMessage } from '../../../src/bot/route.js';
import { articleToFront, pickTitle } from '../../../src/core/titles.js';
import { detectIntent } from '../../../src/features/index.js';
import { parsePreferences } from '../../../src/nlp/parse.js';
import { Scorer, actualFacts, expectedFacts, factField, readJsonlFile, type Fact, type Labelled } from '../../helpers/nlp-facts.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const defaultFile = path.join(root, 'tests/fixtures/nlp/casual.jsonl');
const corpusFile = process.env.CASUAL_CORPUS_FILE ? path.resolve(process.env.CASUAL_CORPUS_FILE) : defaultFile;
const movielensDir = process.env.MOVIELENS_DIR ?? path.join(root, '../shared/datasets/ml-latest-small');
const enrichFile = process.env.REELMATE_ENRICH_FILE ?? path.join(root, '../shared/datasets/tmdb-enrichment/movies_enriched.jsonl');
const haveData = existsSync(path.join(movielensDir, 'movies.csv'));

const GOAL = 0.95;

interface CasualLabel extends Labelled {
  /** Style class, for the per-class table. */
  cls?: string;
  /** The command the bot should run; "recommend" when absent. */
  cmd?: string;
  args?: { movieId?: number; stars?: number; op?: string };
  /**
   * Label keys left unlabelled on purpose (a mood-like phrase such as "cozy" or "a good cry"
   * whose canonical mood name was not known when the corpus was written): neither the label's
   * nor the parse's facts for them are scored.
   */
  unscored?: string[];
}

/** The label key a fact belongs to (field accuracy is counted per label key). */
const FIELD_OF: Record<string, string> = {
  'genre+': 'g',
  'genre-': 'ng',
  'years.from': 'y',
  'years.to': 'y',
  'person+': 'p',
  'person-': 'p',
  role: 'p',
  'runtime.min': 'rt',
  'runtime.max': 'rt',
  language: 'lang',
  foreign: 'foreign',
  similar: 'sim',
  'mood+': 'm',
  'mood-': 'nm',
  quality: 'q',
  limit: 'n',
  command: 'cmd',
  'cmd.movieId': 'cmd',
  'cmd.stars': 'cmd',
  'cmd.op': 'cmd',
};
const FIELDS = ['g', 'ng', 'y', 'p', 'rt', 'lang', 'foreign', 'sim', 'm', 'nm', 'q', 'n', 'cmd'];

interface Outcome {
  command: string;
  movieId: number | null;
  stars: number | null;
  op: string | null;
}

/**
 * What the bot would do with the message: the command the router picks (a leading command word,
 * else detectIntent), and for title commands the movie and stars the command would act on,
 * read from the routed arguments the way each command reads them.
 */
function outcomeOf(text: string, catalog: Catalog): Outcome {
  const route = routeMessage({ text }, detectIntent);
  if (!route.command) return { command: 'none', movieId: null, stars: null, op: null };
  const args: CommandArgs = route.args;
  const resolve = (title: string): number | null => {
    const picked = pickTitle(catalog.findTitles(articleToFront(title), 8));
    return picked.kind === 'found' ? picked.hit.movieId : null;
  };
  const name = route.command.name;
  if (name === 'rate') {
    const structured = args.stars !== undefined && String(args.stars).trim() !== '';
    const parsed = structured ? { title: argText(args, 'title'), stars: Number(args.stars) } : parseRateText(argText(args, 'title'));
    return { command: name, movieId: parsed.title ? resolve(parsed.title) : null, stars: parsed.stars, op: null };
  }
  if (name === 'watchlist') {
    const named = args.action ?? args.op;
    const action = named === undefined || String(named).trim() === '' ? undefined : String(named);
    const { op, title } = parseWatchlistText(action === undefined ? argText(args, 'title') : String(args.title ?? '').trim(), action);
    return { command: name, movieId: op !== 'list' && title ? resolve(title) : null, stars: null, op };
  }
  if (name === 'why' || name === 'seen' || name === 'similar') {
    const title = argText(args, 'title');
    return { command: name, movieId: title ? resolve(title) : null, stars: null, op: null };
  }
  return { command: name, movieId: null, stars: null, op: null };
}

/** Command facts, only where the label or the router says something other than "recommend". */
function commandFacts(l: CasualLabel, o: Outcome): { expected: Set<Fact>; actual: Set<Fact> } {
  const cmd = l.cmd ?? 'recommend';
  if (cmd === 'recommend' && o.command === 'recommend') return { expected: new Set(), actual: new Set() };
  const expected = new Set<Fact>([`command:${cmd}`]);
  const actual = new Set<Fact>([`command:${o.command}`]);
  for (const key of ['movieId', 'stars', 'op'] as const) {
    const want = l.args?.[key];
    if (want === undefined) continue;
    expected.add(`cmd.${key}:${want}`);
    actual.add(`cmd.${key}:${o[key] ?? 'none'}`);
  }
  return { expected, actual };
}

function byField(facts: ReadonlySet<Fact>): Map<string, Set<Fact>> {
  const out = new Map<string, Set<Fact>>();
  for (const fact of facts) {
    const field = FIELD_OF[factField(fact)] ?? factField(fact);
    const set = out.get(field) ?? new Set<Fact>();
    set.add(fact);
    out.set(field, set);
  }
  return out;
}

const sameSet = (a: ReadonlySet<Fact> | undefined, b: ReadonlySet<Fact> | undefined) =>
  (a?.size ?? 0) === (b?.size ?? 0) && [...(a ?? [])].every((f) => b?.has(f));

interface Count {
  pairs: number;
  right: number;
}

/** Field accuracy per field and per style class, and the requests fully right. */
class Accuracy {
  readonly fields = new Map<string, Count>();
  readonly classes = new Map<string, Count & { requests: number; fullyRight: number }>();
  requests = 0;
  fullyRight = 0;

  add(cls: string, expected: ReadonlySet<Fact>, actual: ReadonlySet<Fact>): void {
    const want = byField(expected);
    const got = byField(actual);
    const c = this.classes.get(cls) ?? { pairs: 0, right: 0, requests: 0, fullyRight: 0 };
    let allRight = true;
    for (const field of new Set([...want.keys(), ...got.keys()])) {
      const right = sameSet(want.get(field), got.get(field));
      const f = this.fields.get(field) ?? { pairs: 0, right: 0 };
      f.pairs++;
      c.pairs++;
      if (right) {
        f.right++;
        c.right++;
      } else allRight = false;
      this.fields.set(field, f);
    }
    c.requests++;
    this.requests++;
    if (allRight) {
      c.fullyRight++;
      this.fullyRight++;
    }
    this.classes.set(cls, c);
  }

  total(): number {
    let pairs = 0;
    let right = 0;
    for (const f of this.fields.values()) {
      pairs += f.pairs;
      right += f.right;
    }
    return right / Math.max(1, pairs);
  }

  report(): string {
    const pct = (c: Count) => (c.pairs === 0 ? '    -' : (100 * (c.right / c.pairs)).toFixed(1).padStart(5));
    const lines = ['field accuracy: field    pairs  right  accuracy'];
    for (const field of [...FIELDS, ...[...this.fields.keys()].filter((f) => !FIELDS.includes(f))]) {
      const f = this.fields.get(field);
      if (f) lines.push(`  ${field.padEnd(10)} ${String(f.pairs).padStart(9)} ${String(f.right).padStart(6)}   ${pct(f)}%`);
    }
    const all = [...this.fields.values()].reduce((s, f) => ({ pairs: s.pairs + f.pairs, right: s.right + f.right }), {
      pairs: 0,
      right: 0,
    });
    lines.push(`  ${'ALL'.padEnd(10)} ${String(all.pairs).padStart(9)} ${String(all.right).padStart(6)}   ${pct(all)}%`);
    lines.push(`fully right: ${this.fullyRight} of ${this.requests}`);
    lines.push('by class:  class            requests  fully right  field accuracy');
    for (const [cls, c] of [...this.classes].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`  ${cls.padEnd(24)} ${String(c.requests).padStart(4)} ${String(c.fullyRight).padStart(12)}   ${pct(c)}%`);
    }
    return lines.join('\n');
  }
}

describe.skipIf(!haveData)(`casual-phrasing corpus (${path.basename(corpusFile)}, real catalogue)`, () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = await loadCatalogFromFiles({ movielensDir, enrichFile: existsSync(enrichFile) ? enrichFile : undefined });
  });

  it('holds enough labelled requests, each with its command', () => {
    const labels = readJsonlFile<CasualLabel>(corpusFile);
    expect(labels.length).toBeGreaterThanOrEqual(corpusFile === defaultFile ? 200 : 1);
    expect(labels.filter((l) => typeof l.cmd !== 'string').map((l) => l.text)).toEqual([]);
  });

  it(`parses casual phrasing with at least ${100 * GOAL}% field accuracy`, () => {
    const scorer = new Scorer();
    const accuracy = new Accuracy();
    for (const l of readJsonlFile<CasualLabel>(corpusFile)) {
      const outcome = outcomeOf(l.text, catalog);
      const command = commandFacts(l, outcome);
      const expected = new Set<Fact>(command.expected);
      const actual = new Set<Fact>(command.actual);
      if ((l.cmd ?? 'recommend') === 'recommend') {
        const { facts, roled } = expectedFacts(l);
        for (const f of facts) expected.add(f);
        for (const f of actualFacts(parsePreferences(l.text, catalog), roled)) actual.add(f);
      }
      const scored = (f: Fact) => !l.unscored?.includes(FIELD_OF[factField(f)] ?? factField(f));
      for (const set of [expected, actual]) for (const f of set) if (!scored(f)) set.delete(f);
      scorer.add(l.text, expected, actual);
      accuracy.add(l.cls ?? '-', expected, actual);
    }
    console.log(`${scorer.report(path.basename(corpusFile))}\n${accuracy.report()}`);
    expect(accuracy.total()).toBeGreaterThanOrEqual(GOAL);
  });
});
