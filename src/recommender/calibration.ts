/**
 * Calibrating predicted stars on validation data (pure functions):
 *
 * - widening: an isotonic (monotone) map from predicted to real stars, fitted on validation
 *   residuals. Least-squares models pull predictions towards the mean; where validation says a
 *   predicted 4.4 is really a 4.6 on average, the map says so. It is used only when it lowers
 *   the error on a half of the validation rows it was not fitted on.
 * - misery: the probability that a member rates a film 2.5 stars or less, by logistic
 *   regression on the predicted stars and how often this member, and this film, got such
 *   ratings (smoothed shares). Parties need the risk, not the mean: a film predicted 3.4 for
 *   a harsh member is riskier than a 3.2 for someone who never rates below 3.
 */

/** A rating at or below this is a miserable evening. */
export const MISERY_STARS = 2.5;
/** Pseudo-ratings at the global share when smoothing a member's or a film's share of low ratings. */
export const SHARE_PRIOR_WEIGHT = 5;

export interface IsotonicMap {
  x: number[];
  y: number[];
}

/** Pool-adjacent-violators: the non-decreasing step fit of y on x; knots at block means. */
export function fitIsotonic(xs: ArrayLike<number>, ys: ArrayLike<number>): IsotonicMap {
  const order = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const bx: number[] = [];
  const by: number[] = [];
  const bw: number[] = [];
  for (const i of order) {
    bx.push(xs[i]!);
    by.push(ys[i]!);
    bw.push(1);
    while (by.length > 1 && by[by.length - 2]! > by[by.length - 1]!) {
      const w = bw.pop()!;
      const y = by.pop()!;
      const x = bx.pop()!;
      const n = bw.length - 1;
      const tw = bw[n]! + w;
      by[n] = (by[n]! * bw[n]! + y * w) / tw;
      bx[n] = (bx[n]! * bw[n]! + x * w) / tw;
      bw[n] = tw;
    }
  }
  return { x: bx, y: by };
}

/** The map at v: linear between knots, flat beyond the ends; no knots = identity. */
export function applyIsotonic(m: IsotonicMap | null | undefined, v: number): number {
  if (!m || m.x.length === 0 || !Number.isFinite(v)) return v;
  const { x, y } = m;
  if (v <= x[0]!) return y[0]!;
  const last = x.length - 1;
  if (v >= x[last]!) return y[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= v) lo = mid;
    else hi = mid;
  }
  const t = (v - x[lo]!) / (x[hi]! - x[lo]! || 1);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}

/** A share of low ratings, smoothed towards `prior` with SHARE_PRIOR_WEIGHT pseudo-ratings. */
export function smoothedShare(low: number, n: number, prior: number): number {
  return (low + SHARE_PRIOR_WEIGHT * prior) / (n + SHARE_PRIOR_WEIGHT);
}

const logit = (p: number) => {
  const q = Math.min(0.999, Math.max(0.001, p));
  return Math.log(q / (1 - q));
};

/** Features of one (member, film): bias, stars around 3.5 and squared, logits of the two shares. */
export function miseryFeatures(stars: number, userShare: number, itemShare: number): number[] {
  const s = stars - 3.5;
  return [1, s, s * s, logit(userShare), logit(itemShare)];
}

export interface MiseryModel {
  weights: number[];
  /** The share of low ratings in the training data (the smoothing prior). */
  prior: number;
}

export function miseryProbability(m: MiseryModel, stars: number, userShare: number, itemShare: number): number {
  const f = miseryFeatures(stars, userShare, itemShare);
  let z = 0;
  for (let j = 0; j < f.length; j++) z += m.weights[j]! * f[j]!;
  return 1 / (1 + Math.exp(-z));
}

/** L2-regularised logistic regression by Newton's method (a few features, thousands of rows). */
export function fitLogistic(rows: readonly number[][], ys: ArrayLike<number>, lambda = 1, iterations = 25): number[] {
  const d = rows[0]?.length ?? 0;
  const w = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    rows.forEach((x, r) => {
      let z = 0;
      for (let j = 0; j < d; j++) z += w[j]! * x[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const e = p - ys[r]!;
      const v = p * (1 - p);
      for (let j = 0; j < d; j++) {
        g[j]! += e * x[j]!;
        for (let k = 0; k < d; k++) h[j]![k]! += v * x[j]! * x[k]!;
      }
    });
    for (let j = 1; j < d; j++) {
      g[j]! += lambda * w[j]!;
      h[j]![j]! += lambda;
    }
    h[0]![0]! += 1e-9;
    const step = solve(h, g);
    let change = 0;
    for (let j = 0; j < d; j++) {
      w[j]! -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-7) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting (a small dense system). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / piv;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

/**
 * Expected calibration error: rows binned by predicted probability into `bins` equal-count
 * bins; the count-weighted mean |mean predicted - observed share|.
 */
export function expectedCalibrationError(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): number {
  const n = p.length;
  if (n === 0) return Number.NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const s = Math.floor((b * n) / bins);
    const e = Math.floor(((b + 1) * n) / bins);
    if (e <= s) continue;
    let sp = 0;
    let sy = 0;
    for (let k = s; k < e; k++) {
      sp += p[order[k]!]!;
      sy += y[order[k]!]!;
    }
    ece += Math.abs(sp - sy) / n;
  }
  return ece;
}

export interface CalibrationReport {
  /** Validation RMSE without and with the widening, on the half it was not fitted on. */
  rmseBefore: number;
  rmseAfter: number;
  widened: boolean;
  /** ECE of the misery probability on the half it was not fitted on. */
  miseryEce: number;
  /** Standard deviation of predictions and of real ratings on validation. */
  spreadBefore: number;
  spreadAfter: number;
  spreadReal: number;
  rows: number;
}

export interface Calibration {
  stars: IsotonicMap | null;
  misery: MiseryModel;
  report: CalibrationReport;
}

export interface CalibrationRow {
  predicted: number;
  actual: number;
  userShare: number;
  itemShare: number;
}

const sd = (a: readonly number[]) => {
  const m = a.reduce((s, v) => s + v, 0) / (a.length || 1);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) * (v - m), 0) / (a.length || 1));
};
const rmseOf = (p: readonly number[], y: readonly number[]) => Math.sqrt(p.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0) / (p.length || 1));

/**
 * Fits both maps on validation rows: each is fitted on even rows and checked on odd ones, then
 * refitted on all rows. The widening is kept only when it lowered the odd rows' RMSE.
 */
export function fitCalibration(rows: readonly CalibrationRow[], prior: number): Calibration {
  const even = rows.filter((_, i) => i % 2 === 0);
  const odd = rows.filter((_, i) => i % 2 === 1);
  const isoEven = fitIsotonic(
    even.map((r) => r.predicted),
    even.map((r) => r.actual),
  );
  const oddActual = odd.map((r) => r.actual);
  const rmseBefore = rmseOf(
    odd.map((r) => r.predicted),
    oddActual,
  );
  const rmseAfter = rmseOf(
    odd.map((r) => clampStars(applyIsotonic(isoEven, r.predicted))),
    oddActual,
  );
  const widened = rows.length >= 200 && rmseAfter < rmseBefore;
  const stars = widened
    ? fitIsotonic(
        rows.map((r) => r.predicted),
        rows.map((r) => r.actual),
      )
    : null;
  const cal = (r: CalibrationRow) => clampStars(applyIsotonic(stars, r.predicted));
  const feats = (rs: readonly CalibrationRow[], m: IsotonicMap | null) =>
    rs.map((r) => miseryFeatures(clampStars(applyIsotonic(m, r.predicted)), r.userShare, r.itemShare));
  const low = (rs: readonly CalibrationRow[]) => rs.map((r) => (r.actual <= MISERY_STARS ? 1 : 0));
  const wEven = fitLogistic(feats(even, stars), low(even));
  const pOdd = feats(odd, stars).map((f) => 1 / (1 + Math.exp(-f.reduce((s, v, j) => s + v * wEven[j]!, 0))));
  const misery = { weights: fitLogistic(feats(rows, stars), low(rows)), prior };
  return {
    stars,
    misery,
    report: {
      rmseBefore,
      rmseAfter,
      widened,
      miseryEce: expectedCalibrationError(pOdd, low(odd)),
      spreadBefore: sd(rows.map((r) => r.predicted)),
      spreadAfter: sd(rows.map(cal)),
      spreadReal: sd(rows.map((r) => r.actual)),
      rows: rows.length,
    },
  };
}

const clampStars = (x: number) => (x < 0.5 ? 0.5 : x > 5 ? 5 : x);
