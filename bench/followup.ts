/**
 * Follow-up handling per message, for the nlp bench: what the bot does with a message after a
 * list before it asks the engine (read a reference, else plan the request: cues, parse, merge,
 * echo), over every follow-up of the dialogue corpus, each after its dialogue's first request
 * and a list of five real films.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../src/catalog/catalog.js';
import { planRequest } from '../src/features/recommend/command.js';
import type { LastList } from '../src/core/conversation.js';
import { describePreferences } from '../src/nlp/describe.js';
import { parsePreferences } from '../src/nlp/parse.js';
import { readReference } from '../src/nlp/references.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Sorted per-message times (ms), each the median of `median`'s rounds, after a warm-up pass. */
export function followUpTimes(catalog: Catalog, median: (fn: () => void) => number): number[] {
  const file = path.join(root, 'tests/fixtures/conversation/dialogues.jsonl');
  const dialogues = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { turns: { say: string }[] }).turns.map((t) => t.say));
  const films = catalog.movies.filter((m) => m.year && m.runtime).slice(0, 5);
  const cards = films.map((m) => ({ movieId: m.id, title: m.displayTitle, year: m.year ?? null, runtime: m.runtime ?? null }));
  const cases = dialogues.flatMap(([first, ...rest]) => {
    const last: Pick<LastList, 'request' | 'cards' | 'shown'> = {
      request: parsePreferences(first!, catalog),
      cards,
      shown: cards.map((c) => c.movieId),
    };
    return rest.map((text) => ({ text, last }));
  });
  const handle = ({ text, last }: (typeof cases)[number]) => {
    if (readReference(text)) return;
    planRequest(text, last, (t) => parsePreferences(t, catalog), describePreferences);
  };
  for (let r = 0; r < 3; r++) for (const c of cases) handle(c);
  return cases.map((c) => median(() => handle(c))).sort((a, b) => a - b);
}
