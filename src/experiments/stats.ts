/**
 * The statistics of online experiments, pure: normal tail areas, confidence intervals, the
 * two-proportion z-test, a delta-method test for per-impression rates whose impressions are
 * clustered by user, a seeded bootstrap, sample sizes, and the sign test for interleaving.
 */

/** Standard normal CDF (Abramowitz and Stegun 7.1.26 on erf; absolute error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** The z with normalCdf(z) = p (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile of ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

export const twoSidedP = (z: number): number => (Number.isFinite(z) ? 2 * (1 - normalCdf(Math.abs(z))) : Number.isNaN(z) ? 1 : 0);

/** Wilson score interval for a proportion (good at small counts and near 0 or 1). */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): [number, number] {
  if (trials <= 0) return [0, 1];
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / trials;
  const denom = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface TestResult {
  z: number;
  pValue: number;
  /** Rate of B minus rate of A. */
  difference: number;
}

/** Two-proportion z-test with the pooled variance (independent trials). */
export function twoProportionZTest(successesA: number, trialsA: number, successesB: number, trialsB: number): TestResult {
  const pa = successesA / trialsA;
  const pb = successesB / trialsB;
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  const z = se > 0 ? (pb - pa) / se : 0;
  return { z, pValue: twoSidedP(z), difference: pb - pa };
}

/** A unit of randomisation (a user) with its counts: successes over trials (impressions). */
export interface Cluster {
  successes: number;
  trials: number;
}

export interface RatioEstimate {
  rate: number;
  /** Standard error of the rate by the delta method over clusters. */
  se: number;
  clusters: number;
  trials: number;
  successes: number;
}

/**
 * A per-impression rate whose impressions come in clusters (users are randomised, not
 * impressions): rate = sum(s)/sum(n), with the delta-method variance of a ratio of means
 * (Deng, Lu and Litz 2018). A plain z-test would treat a user's ten correlated impressions as
 * ten independent trials and call an A/A test significant far too often.
 */
export function ratioEstimate(clusters: readonly Cluster[]): RatioEstimate {
  const k = clusters.length;
  let s = 0;
  let n = 0;
  for (const c of clusters) {
    s += c.successes;
    n += c.trials;
  }
  if (k < 2 || n === 0) return { rate: n > 0 ? s / n : 0, se: Number.NaN, clusters: k, trials: n, successes: s };
  const ms = s / k;
  const mn = n / k;
  let vs = 0;
  let vn = 0;
  let cov = 0;
  for (const c of clusters) {
    vs += (c.successes - ms) ** 2;
    vn += (c.trials - mn) ** 2;
    cov += (c.successes - ms) * (c.trials - mn);
  }
  vs /= k - 1;
  vn /= k - 1;
  cov /= k - 1;
  const r = ms / mn;
  const variance = (vs - 2 * r * cov + r * r * vn) / (mn * mn * k);
  return { rate: r, se: Math.sqrt(Math.max(0, variance)), clusters: k, trials: n, successes: s };
}

/** 95% (or other) normal interval around a ratio estimate. */
export function ratioInterval(e: RatioEstimate, confidence = 0.95): [number, number] {
  if (!Number.isFinite(e.se)) return [0, 1];
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return [Math.max(0, e.rate - z * e.se), Math.min(1, e.rate + z * e.se)];
}

/** z-test of two clustered rates (Welch-style: each arm its own delta-method variance). */
export function ratioZTest(a: readonly Cluster[], b: readonly Cluster[]): TestResult & { a: RatioEstimate; b: RatioEstimate } {
  const ea = ratioEstimate(a);
  const eb = ratioEstimate(b);
  const se = Math.sqrt(ea.se ** 2 + eb.se ** 2);
  const z = se > 0 ? (eb.rate - ea.rate) / se : 0;
  return { z, pValue: Number.isFinite(se) ? twoSidedP(z) : 1, difference: eb.rate - ea.rate, a: ea, b: eb };
}

/** Mulberry32: a small seeded generator, so bootstrap intervals are reproducible. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Percentile bootstrap interval of sum(successes)/sum(trials), resampling clusters. */
export function bootstrapInterval(
  clusters: readonly Cluster[],
  opts: { resamples?: number; confidence?: number; seed?: number } = {},
): [number, number] {
  const k = clusters.length;
  if (k === 0) return [0, 1];
  const resamples = opts.resamples ?? 2000;
  const random = seededRandom(opts.seed ?? 1);
  const rates = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    let n = 0;
    for (let i = 0; i < k; i++) {
      const c = clusters[Math.floor(random() * k)]!;
      s += c.successes;
      n += c.trials;
    }
    rates[r] = n > 0 ? s / n : 0;
  }
  rates.sort();
  const alpha = 1 - (opts.confidence ?? 0.95);
  const at = (q: number) => rates[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  return [at(alpha / 2), at(1 - alpha / 2)];
}

/**
 * Trials per arm for a two-sided two-proportion test to detect p1 against p2 (Fleiss: pooled
 * variance under the null, separate under the alternative).
 */
export function sampleSizeTwoProportions(p1: number, p2: number, opts: { alpha?: number; power?: number } = {}): number {
  if (p1 === p2) return Number.POSITIVE_INFINITY;
  const za = normalQuantile(1 - (opts.alpha ?? 0.05) / 2);
  const zb = normalQuantile(opts.power ?? 0.8);
  const pbar = (p1 + p2) / 2;
  const n = (za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / (p1 - p2) ** 2;
  return Math.ceil(n);
}

/** Exact two-sided binomial sign test: wins of A against wins of B, ties left out. */
export function signTest(winsA: number, winsB: number): number {
  const n = winsA + winsB;
  if (n === 0) return 1;
  const k = Math.min(winsA, winsB);
  // P(X <= k) for X ~ Binomial(n, 1/2), in logs to stay finite for large n
  let logC = 0;
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}
