/**
 * Turns the CLI's split options into train/test parts: `--split FILE[:FOLD]`,
 * `--split temporal`, `--kfold K [--split FILE]`. Bare file names are looked up in the splits
 * directory too; a release without split files gets the same splits computed (seeded).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../../util/result.js';
import { loadSplitFile, randomFolds, temporalSplit, type SplitAssignment } from '../data.js';
import type { RatingTriples } from '../types.js';

export interface SplitPlan {
  /** Human-readable, for the table header. */
  label: string;
  assignment: SplitAssignment;
  /** The values of `assignment` that are test, one run each (results are averaged). */
  testValues: number[];
}

/** "dir/file.csv:3" -> { file, fold: 3 }; a colon not followed by digits belongs to the path. */
export function parseSplitSpec(spec: string): { file: string; fold: number | null } {
  const m = /^(.*):(\d+)$/.exec(spec);
  return m ? { file: m[1]!, fold: Number(m[2]) } : { file: spec, fold: null };
}

function resolveFile(file: string, splitsDir: string | undefined): string | null {
  if (existsSync(file)) return file;
  if (splitsDir && existsSync(path.join(splitsDir, file))) return path.join(splitsDir, file);
  return null;
}

export function planSplit(
  ratings: RatingTriples,
  opts: {
    split?: string | undefined;
    kfold?: number | undefined;
    splitsDir?: string | undefined;
    dataName: string;
    seed?: number | undefined;
  },
): Result<SplitPlan> {
  const { splitsDir, dataName } = opts;
  if (opts.kfold !== undefined) {
    const k = opts.kfold;
    if (!Number.isInteger(k) || k < 2 || k > 20) return err('bad_input', '--kfold needs a whole number from 2 to 20');
    let file = opts.split ? resolveFile(parseSplitSpec(opts.split).file, splitsDir) : null;
    if (opts.split && !file) return err('not_found', `split file ${opts.split} not found`);
    if (!file && k === 5 && splitsDir) file = resolveFile(`${dataName}.random5.csv`, splitsDir);
    if (file) {
      const a = loadSplitFile(file, ratings);
      if (!a.ok) return a;
      if (a.value.kind !== 'folds') return err('bad_input', `${file} is not a fold file`);
      if (a.value.nFolds !== k) return err('bad_input', `${file} has ${a.value.nFolds} folds, not ${k}`);
      return ok({ label: `${k}-fold CV on ${path.basename(file)}`, assignment: a.value, testValues: range(k) });
    }
    return ok({
      label: `${k}-fold CV (seeded random folds)`,
      assignment: randomFolds(ratings.ratings.length, k, opts.seed ?? 42),
      testValues: range(k),
    });
  }
  const spec = opts.split ?? 'temporal';
  if (spec === 'temporal') {
    const file = splitsDir ? resolveFile(`${dataName}.temporal.csv`, splitsDir) : null;
    if (file) {
      const a = loadSplitFile(file, ratings);
      if (!a.ok) return a;
      return ok({ label: `temporal (${path.basename(file)})`, assignment: a.value, testValues: [1] });
    }
    return ok({ label: 'temporal (latest 20% per user, computed)', assignment: temporalSplit(ratings), testValues: [1] });
  }
  const { file: name, fold } = parseSplitSpec(spec);
  const file = resolveFile(name, splitsDir);
  if (!file) return err('not_found', `split file ${name} not found${splitsDir ? ` (also looked in ${splitsDir})` : ''}`);
  const a = loadSplitFile(file, ratings);
  if (!a.ok) return a;
  if (a.value.kind === 'temporal') return ok({ label: path.basename(file), assignment: a.value, testValues: [1] });
  const f = fold ?? 0;
  if (f >= a.value.nFolds) return err('bad_input', `${file} has folds 0-${a.value.nFolds - 1}, not ${f}`);
  return ok({ label: `${path.basename(file)} fold ${f} as test`, assignment: a.value, testValues: [f] });
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
