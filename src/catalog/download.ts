/**
 * `reelmate import movielens --download`: fetch the official ml-latest-small zip from
 * GroupLens and unpack it into the target directory. The URL can be overridden (option or
 * REELMATE_MOVIELENS_URL), which the tests use to serve a zip from 127.0.0.1.
 */
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import yauzl from 'yauzl';
import { configValue } from '../config.js';
import type { Result } from '../util/result.js';

export const MOVIELENS_SMALL_URL = 'https://files.grouplens.org/datasets/movielens/ml-latest-small.zip';

export interface DownloadError {
  kind: 'exists' | 'http' | 'network' | 'zip' | 'layout';
  message: string;
}

export interface DownloadOptions {
  /** Zip URL; default REELMATE_MOVIELENS_URL or the GroupLens ml-latest-small zip. */
  url?: string | undefined;
  /** Called as the zip arrives; total is 0 when the server sends no length. */
  onBytes?: ((received: number, total: number) => void) | undefined;
}

export function movieLensUrl(url?: string): string {
  return url ?? configValue('REELMATE_MOVIELENS_URL') ?? MOVIELENS_SMALL_URL;
}

const fail = (kind: DownloadError['kind'], message: string): Result<never, DownloadError> => ({ ok: false, error: { kind, message } });

/**
 * Download and unpack a MovieLens zip so that `dir` holds its CSVs. The zip's single top folder
 * (ml-latest-small/) is dropped. Work happens in a scratch folder beside `dir`, renamed into
 * place at the end, so a failed download never leaves a half-filled directory.
 */
export async function downloadMovieLens(dir: string, opts: DownloadOptions = {}): Promise<Result<string, DownloadError>> {
  const target = path.resolve(dir);
  if (existsSync(target)) return fail('exists', `${target} already exists; remove it or import it without --download`);
  const url = movieLensUrl(opts.url);
  mkdirSync(path.dirname(target), { recursive: true });
  const scratch = mkdtempSync(path.join(path.dirname(target), '.movielens-download-'));
  try {
    const zipFile = path.join(scratch, 'download.zip');
    const fetched = await fetchTo(url, zipFile, opts.onBytes);
    if (!fetched.ok) return fetched;
    const unpacked = path.join(scratch, 'unpacked');
    const extracted = await unzip(zipFile, unpacked);
    if (!extracted.ok) return extracted;
    const root = findCsvFolder(unpacked);
    if (!root) return fail('layout', `the zip from ${url} holds no movies.csv`);
    renameSync(root, target);
    return { ok: true, value: target };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function fetchTo(url: string, file: string, onBytes: DownloadOptions['onBytes']): Promise<Result<void, DownloadError>> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow' });
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
    return fail('network', `could not reach ${url}: ${cause}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return fail('http', `${url} answered HTTP ${response.status} ${response.statusText}`.trim());
  }
  const total = Number(response.headers.get('content-length') ?? 0) || 0;
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      onBytes?.(received, total);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), counter, createWriteStream(file));
  } catch (e) {
    return fail('network', `download from ${url} broke off: ${(e as Error).message}`);
  }
  return { ok: true, value: undefined };
}

/** Unpack every file entry under `into`, refusing names that would escape it. */
async function unzip(zipFile: string, into: string): Promise<Result<void, DownloadError>> {
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await yauzl.openPromise(zipFile, { lazyEntries: true, strictFileNames: true });
    for await (const entry of zip.eachEntry()) {
      const out = path.resolve(into, entry.fileName);
      if (!out.startsWith(path.resolve(into) + path.sep)) return fail('zip', `unsafe path in zip: ${entry.fileName}`);
      if (entry.fileName.endsWith('/')) {
        mkdirSync(out, { recursive: true });
        continue;
      }
      mkdirSync(path.dirname(out), { recursive: true });
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(out));
    }
    return { ok: true, value: undefined };
  } catch (e) {
    return fail('zip', `not a usable zip file: ${(e as Error).message}`);
  } finally {
    zip?.close();
  }
}

/** The folder holding movies.csv: the unpack root or one level down. */
function findCsvFolder(root: string): string | undefined {
  if (existsSync(path.join(root, 'movies.csv'))) return root;
  for (const name of readdirSync(root)) {
    const sub = path.join(root, name);
    if (statSync(sub).isDirectory() && existsSync(path.join(sub, 'movies.csv'))) return sub;
  }
  return undefined;
}
