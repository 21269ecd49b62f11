import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatSummaryTable, summaryFields, type ImportSummary } from '../../../src/catalog/import/index.js';
import { createLogger, humanTerminal } from '../../../src/util/logger.js';

function sink(): { stream: Writable; text: () => string } {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  return { stream, text: () => out };
}

const summary: ImportSummary = {
  dir: '/data/ml',
  files: [
    {
      step: 'movies',
      file: 'movies.csv',
      rows: 9742,
      added: 9742,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      rejectedByKind: {},
      problems: [],
      seconds: 0.61,
    },
    {
      step: 'ratings',
      file: 'ratings.csv',
      rows: 100_837,
      added: 100_836,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      rejectedByKind: { bad_number: 1 },
      problems: [{ line: 7, kind: 'bad_number', message: 'rating "x" is not a number', text: '1,2,x,3' }],
      seconds: 3.7,
    },
  ],
  users: { added: 610, seen: 610 },
  seconds: 4.4,
};

describe('first-start output', () => {
  it('logs JSON lines when not on a terminal: phases as fields, the import summary as data, no escaped newlines', () => {
    const { stream, text } = sink();
    const log = createLogger('info', 'reelmate', { pretty: false, stream });
    log.info({ phase: 'import', seconds: 4.4 }, 'phase import: 4.4 s');
    log.info({ import: summaryFields(summary) }, 'import summary');
    const lines = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ phase: 'import', seconds: 4.4, msg: 'phase import: 4.4 s' });
    const files = (lines[1]!.import as { files: { step: string; added: number; rejected: number }[] }).files;
    expect(files.map((f) => [f.step, f.added, f.rejected])).toEqual([
      ['movies', 9742, 0],
      ['ratings', 100_836, 1],
    ]);
    expect(String(lines[1]!.msg)).not.toContain('\n');
  });

  it('prints one readable line per entry on a terminal', () => {
    const { stream, text } = sink();
    const log = createLogger('info', 'reelmate', { pretty: true, stream });
    log.info({ phase: 'save', seconds: 0.5, version: 3 }, 'phase save: model v3 published in 0.5 s');
    const out = text();
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: phase save: model v3 published in 0\.5 s \{"version":3\}/);
    expect(out).not.toContain('"level"');
  });

  it('shows the import summary as a table with the rejected rows under it', () => {
    const lines = formatSummaryTable(summary).split('\n');
    expect(lines[0]).toMatch(/^step\s+\|\s+rows \|\s+added \| updated \| unchanged \| rejected \| seconds$/);
    expect(lines[2]).toMatch(/^movies\s+\|\s+9,742 \|\s+9,742 \|/);
    expect(lines[3]).toMatch(/^ratings\s+\| 100,837 \| 100,836 \|\s+0 \|\s+0 \|\s+1 \|\s+3\.7$/);
    expect(lines).toContain('  ratings.csv:7: bad_number: rating "x" is not a number');
    expect(lines.at(-1)).toBe('imported in 4.4 s');
    // every row of the table lines up with the header
    for (const l of lines.slice(0, 5)) expect(l.length).toBe(lines[0]!.length);
  });

  it('treats a pipe, CI and a test run as not a person at a terminal', () => {
    expect(humanTerminal({ isTTY: false })).toBe(false);
    expect(humanTerminal({})).toBe(false);
    expect(humanTerminal({ isTTY: true })).toBe(false); // VITEST is set here
  });
});
