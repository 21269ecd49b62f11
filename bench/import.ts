/**
 * `npm run bench -- import`: time to import ml-latest-small (plus the enrichment) into PGlite
 * (a fresh data directory on disk) and into the PostgreSQL server (DATABASE_URL or
 * REELMATE_BENCH_PG_URL: a scratch database is created and dropped), the second, no-op run,
 * peak RSS and PGlite's size on disk. With a server, also a synthetic ratings file
 * (REELMATE_BENCH_IMPORT_ROWS, default 1,000,000) to show the import's memory stays flat.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import postgres from 'postgres';
import { importMovieLens, type ImportSummary } from '../src/catalog/import/index.js';
import { openDatabase, type Database } from '../src/db/client.js';
import type { BenchTable } from './table.js';

const dataDir = process.env.MOVIELENS_DIR?.trim() || path.resolve('../shared/datasets/ml-latest-small');
const enrichFile = process.env.REELMATE_ENRICH_FILE?.trim() || path.resolve('../shared/datasets/tmdb-enrichment/movies_enriched.jsonl');

const mib = (bytes: number) => bytes / 2 ** 20;
/** Peak resident set of this process so far, MiB (resourceUsage reports KiB). */
const peakRss = () => process.resourceUsage().maxRSS / 1024;

function rows(s: ImportSummary, step: string): number {
  return s.files.find((f) => f.step === step)?.rows ?? 0;
}

/** CPU seconds this process used since `from` (user + system). */
function cpuSince(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const t = performance.now();
  const c = process.cpuUsage();
  const v = await fn();
  return [v, (performance.now() - t) / 1000, cpuSince(c)];
}

type Row = (string | number)[];

async function importTwice(label: string, database: Database, dir: string, withEnrich: boolean): Promise<Row[]> {
  const opts = { dir, ...(withEnrich ? { enrichFile } : {}) };
  const [first, t1, c1] = await timed(() => importMovieLens(database, opts));
  const rss1 = peakRss();
  const [second, t2, c2] = await timed(() => importMovieLens(database, opts));
  const added = second.files.reduce((a, f) => a + f.added + f.updated, 0);
  return [
    [label, 'first import', t1, c1, Math.round(rows(first, 'ratings') / t1), rss1],
    [label, `second import (${added} rows changed)`, t2, c2, Math.round(rows(second, 'ratings') / t2), peakRss()],
  ];
}

async function withScratchServerDb<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `reelmate_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** movies.csv from ml-latest-small and a synthetic ratings.csv of `n` distinct (user, movie) pairs. */
async function syntheticDir(n: number): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'reelmate-bench-import-'));
  copyFileSync(path.join(dataDir, 'movies.csv'), path.join(dir, 'movies.csv'));
  const ids = readFileSync(path.join(dataDir, 'movies.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[0]))
    .filter((v) => Number.isInteger(v) && v > 0);
  const perUser = 200;
  const out = createWriteStream(path.join(dir, 'ratings.csv'));
  out.write('userId,movieId,rating,timestamp\n');
  let lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const user = Math.floor(i / perUser) + 1;
    const k = i % perUser;
    // Stride 13 is coprime with the catalogue size, so a user's movies never repeat.
    const movie = ids[(user * 7 + k * 13) % ids.length]!;
    lines.push(`${user},${movie},${((user + k) % 10) / 2 + 0.5},${1_000_000_000 + i}`);
    if (lines.length === 10_000) {
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      lines = [];
    }
  }
  out.end(lines.length ? `${lines.join('\n')}\n` : '');
  await finished(out);
  return dir;
}

export async function run(): Promise<BenchTable[]> {
  const table: Row[] = [];
  const notes: string[] = [
    `data: ml-latest-small (${path.relative(process.cwd(), dataDir)}) + enrichment; ratings/s counts ratings.csv rows over the whole import`,
    `node CPU s: this process only (PGlite runs inside it; the server's work is not counted); load average ${os.loadavg()[0]!.toFixed(1)} at start`,
  ];
  const serverUrl = process.env.REELMATE_BENCH_PG_URL?.trim() || process.env.DATABASE_URL?.trim();

  // Server runs first: their peak RSS is the importer's own (PGlite adds its WebAssembly heap).
  if (serverUrl) {
    await withScratchServerDb(serverUrl, async (url) => {
      const database = await openDatabase({ url });
      try {
        table.push(...(await importTwice('server (PostgreSQL)', database, dataDir, true)));
      } finally {
        await database.close();
      }
    });
  } else {
    notes.push('server: skipped (set REELMATE_BENCH_PG_URL or DATABASE_URL to an admin URL)');
  }

  if (serverUrl) {
    const n = Number(process.env.REELMATE_BENCH_IMPORT_ROWS ?? 1_000_000);
    const dir = await syntheticDir(n);
    try {
      await withScratchServerDb(serverUrl, async (url) => {
        const database = await openDatabase({ url });
        try {
          const before = process.memoryUsage().rss;
          const [s, t, c] = await timed(() => importMovieLens(database, { dir }));
          const label = `server, synthetic ${n.toLocaleString('en-US')} ratings`;
          table.push([label, 'first import', t, c, Math.round(rows(s, 'ratings') / t), peakRss()]);
          notes.push(
            `synthetic ${n.toLocaleString('en-US')} ratings: RSS ${mib(before).toFixed(0)} MiB before, ` +
              `${mib(process.memoryUsage().rss).toFixed(0)} MiB after (the file is streamed in 10k-row batches)`,
          );
        } finally {
          await database.close();
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const scratch = mkdtempSync(path.join(tmpdir(), 'reelmate-bench-pglite-'));
  try {
    const pgDir = path.join(scratch, 'pglite');
    const [database, tOpen, cOpen] = await timed(() => openDatabase({ dataDir: pgDir }));
    try {
      table.push(['PGlite (data dir)', 'create + migrate', tOpen, cOpen, '', peakRss()]);
      table.push(...(await importTwice('PGlite (data dir)', database, dataDir, true)));
    } finally {
      await database.close();
    }
    const size = Number(execFileSync('du', ['-sb', pgDir], { encoding: 'utf8' }).split('\t')[0]);
    notes.push(`PGlite size on disk after the import: ${mib(size).toFixed(0)} MiB`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  return [
    {
      title: 'MovieLens import (ml-latest-small + enrichment)',
      columns: ['engine', 'run', 'wall s', 'node CPU s', 'ratings/s', 'peak RSS MiB'],
      rows: table,
      notes,
    },
  ];
}
