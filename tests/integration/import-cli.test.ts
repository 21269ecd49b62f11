/**
 * `reelmate import movielens` and `reelmate stats` through their command functions, against a
 * PGlite data directory in a scratch folder.
 */
import { createServer } from 'node:http';
import { fixtureDir } from '../helpers/fixture-dir.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register, runImport, runStats, type Io } from '../../src/catalog/cli.js';
import type { ImportSummary } from '../../src/catalog/import/index.js';
import { loadConfig, type Config } from '../../src/config.js';
import { buildZip } from '../fixtures/import/zip.js';

const fixture = fixtureDir('import/hostile');

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

describe('import CLI', () => {
  let scratch: string;
  let config: Config;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'reelmate-cli-'));
    config = loadConfig({ REELMATE_DATA_DIR: path.join(scratch, 'data'), LOG_LEVEL: 'silent' });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('has help that names the options and the defaults', async () => {
    const program = new Command().name('reelmate').exitOverride();
    let help = '';
    program.configureOutput({ writeOut: (s) => (help += s) });
    register(program); // subcommands inherit exitOverride and the output settings
    await expect(program.parseAsync(['node', 'reelmate', 'import', 'movielens', '--help'])).rejects.toBeInstanceOf(CommanderError);
    expect(help).toContain('Usage: reelmate import movielens [options] [dir]');
    for (const word of ['--enrich <file>', '--download', '--json', '$MOVIELENS_DIR', 'line numbers']) expect(help).toContain(word);
    expect(program.commands.map((c) => c.name()).sort()).toEqual(['enrich', 'import', 'stats']);
    help = '';
    await expect(program.parseAsync(['node', 'reelmate', 'enrich', 'tmdb', '--help'])).rejects.toBeInstanceOf(CommanderError);
    for (const word of ['Usage: reelmate enrich tmdb [options]', '--again', '--limit <n>', '--rate <n>', 'TMDB_API_KEY', 'Resumable'])
      expect(help).toContain(word);
  });

  it('explains a missing directory and points at --download', async () => {
    const io = capture();
    const code = await runImport({ dir: path.join(scratch, 'nowhere') }, config, io);
    expect(code).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/MovieLens directory not found: .*nowhere/);
    expect(io.stderr.join('\n')).toContain('--download');
  });

  it('says so when the database cannot be opened', async () => {
    const io = capture();
    const unreachable = loadConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', LOG_LEVEL: 'silent' });
    expect(await runStats(false, unreachable, io)).toBe(1);
    expect(io.stderr.join('\n')).toContain('Could not open the database (the server at DATABASE_URL)');
  });

  it('rejects bad options with a readable message', async () => {
    const io = capture();
    expect(await runImport({ dir: fixture, batchSize: 'lots' }, config, io)).toBe(2);
    expect(io.stderr.join('\n')).toContain('--batch-size');
  });

  it('imports, prints a summary with the bad lines, and re-imports nothing; stats counts per platform', async () => {
    const io = capture();
    expect(await runImport({ dir: fixture, enrich: path.join(fixture, 'enrichment.jsonl') }, config, io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toMatch(/ratings\s+15 rows: 4 added, 0 updated, 0 unchanged, 11 rejected/);
    expect(text).toContain(`${path.join(fixture, 'ratings.csv')}:6: rating_off_scale`);
    expect(text).toMatch(/users\s+4 seen: 4 added/);

    const again = capture();
    expect(await runImport({ dir: fixture, enrich: path.join(fixture, 'enrichment.jsonl'), json: true }, config, again)).toBe(0);
    const summary = JSON.parse(again.stdout.join('\n')) as ImportSummary;
    expect(summary.files.reduce((a, f) => a + f.added + f.updated, 0)).toBe(0);
    expect(summary.users.added).toBe(0);

    const stats = capture();
    expect(await runStats(true, config, stats)).toBe(0);
    expect(JSON.parse(stats.stdout.join('\n'))).toEqual({
      movies: 5,
      enriched: 1,
      tags: 2,
      ratingsByPlatform: [{ platform: 'movielens', ratings: 4 }],
      usersByPlatform: [{ platform: 'movielens', users: 4 }],
    });
    const plain = capture();
    await runStats(false, config, plain);
    expect(plain.stdout.join('\n')).toMatch(/movies\s+5 \(1 enriched\)[\s\S]*movielens\s+4/);
  });

  it('--download fetches the zip into DIR (default: under REELMATE_DATA_DIR) and imports it', async () => {
    const files = Object.fromEntries(
      ['movies.csv', 'ratings.csv', 'tags.csv', 'links.csv'].map((f) => [
        `ml-latest-small/${f}`,
        readFileSync(path.join(fixture, f), 'utf8'),
      ]),
    );
    const zip = buildZip(files);
    const server = createServer((req, res) => {
      if (req.url === '/ml-latest-small.zip') res.end(zip);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ml-latest-small.zip`;
      const io = capture();
      expect(await runImport({ download: true, url }, config, io)).toBe(0);
      expect(io.stderr.join('\n')).toContain(`Downloading ${url} into ${path.join(scratch, 'data', 'ml-latest-small')}`);
      expect(io.stdout.join('\n')).toMatch(/ratings\s+15 rows: 0 added, 0 updated, 4 unchanged, 11 rejected/);
      const io2 = capture();
      expect(await runImport({ dir: path.join(scratch, 'elsewhere'), download: true, url: `${url}.missing` }, config, io2)).toBe(1);
      expect(io2.stderr.join('\n')).toContain('Download failed: ');
      expect(io2.stderr.join('\n')).toContain('HTTP 404');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
