/**
 * `npm run bench -- linalg`: the dense SPD inverse EASE uses (src/recommender/algorithms/dense.ts,
 * hand-written Gauss-Jordan on a Float64Array) against ml-matrix on the same matrices, to decide
 * whether the library earns its place (README, "Libraries, and why"). Both results are checked
 * against each other so a fast wrong answer cannot win.
 */
import os from 'node:os';
import { CholeskyDecomposition, inverse, Matrix } from 'ml-matrix';
import { invertSpdInPlace } from '../src/recommender/algorithms/dense.js';
import type { BenchTable } from './table.js';

/** A random SPD matrix like EASE's Gram matrix plus lambda on the diagonal; seeded. */
function spd(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const rand = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const k = Math.max(4, Math.floor(n / 4));
  const x = new Float64Array(k * n);
  for (let i = 0; i < x.length; i++) x[i] = rand() < 0.1 ? 1 : 0;
  const g = new Float64Array(n * n);
  for (let r = 0; r < k; r++) {
    const row = r * n;
    for (let i = 0; i < n; i++) {
      const xi = x[row + i]!;
      if (xi === 0) continue;
      for (let j = 0; j < n; j++) g[i * n + j]! += xi * x[row + j]!;
    }
  }
  for (let i = 0; i < n; i++) g[i * n + i]! += 50;
  return g;
}

function toRows(a: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
}

function timeMs(fn: () => void, reps: number): number {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function run(): Promise<BenchTable[]> {
  const rows: (string | number)[][] = [];
  for (const n of [100, 300, 600]) {
    const reps = n >= 600 ? 3 : 5;
    const base = spd(n, n);
    let mine = new Float64Array(0);
    const handMs = timeMs(() => {
      mine = base.slice();
      invertSpdInPlace(mine, n);
    }, reps);
    let lib: Matrix = new Matrix(1, 1);
    const luMs = timeMs(() => {
      lib = inverse(new Matrix(toRows(base, n)));
    }, reps);
    const cholMs = timeMs(() => {
      new CholeskyDecomposition(new Matrix(toRows(base, n))).solve(Matrix.eye(n, n));
    }, reps);
    let maxDiff = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) maxDiff = Math.max(maxDiff, Math.abs(lib.get(i, j) - mine[i * n + j]!));
    rows.push([n, handMs, luMs, cholMs, luMs / handMs, maxDiff.toExponential(1)]);
  }
  return [
    {
      title: `Dense SPD inverse (EASE): hand-written vs ml-matrix, median ms (load ${os.loadavg()[0]!.toFixed(1)})`,
      columns: ['n', 'Float64Array Gauss-Jordan', 'ml-matrix inverse (LU)', 'ml-matrix Cholesky solve', 'LU / hand', 'max |difference|'],
      rows,
      notes: ['The ml-matrix times include copying into its Matrix (as a caller would have to).'],
    },
  ];
}
