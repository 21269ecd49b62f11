// The SGD epoch of biased matrix factorisation, in plain JavaScript so that the main thread
// (under tsx or vitest) and the worker threads (plain node) run the very same code.
// Hogwild: workers update the shared item rows without locks (each owns its users' rows);
// collisions are rare and harmless for SGD (Niu et al. 2011).

/** Mulberry32: a tiny seeded PRNG (the same as src/recommender/loaders/splits.ts rng; this worker file stays plain JavaScript). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle of perm[from, to) in place. */
export function shuffleRange(perm, from, to, seed) {
  const rand = rng(seed);
  for (let i = to - 1; i > from; i--) {
    const j = from + Math.floor(rand() * (i - from + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
}

/**
 * One pass over ratings perm[from, to). Returns the sum of squared errors seen.
 * s: { users, items, ratings, perm, P, Q, bu, bi, f, mu, lr, lrBias, reg, regBias }
 */
export function sgdRange(s, from, to) {
  const { users, items, ratings, perm, P, Q, bu, bi, f, mu, lr, lrBias, reg, regBias } = s;
  let sse = 0;
  for (let t = from; t < to; t++) {
    const r = perm[t];
    const u = users[r];
    const i = items[r];
    const pu = u * f;
    const qi = i * f;
    let dot = 0;
    for (let k = 0; k < f; k++) dot += P[pu + k] * Q[qi + k];
    const e = ratings[r] - (mu + bu[u] + bi[i] + dot);
    sse += e * e;
    bu[u] += lrBias * (e - regBias * bu[u]);
    bi[i] += lrBias * (e - regBias * bi[i]);
    for (let k = 0; k < f; k++) {
      const p = P[pu + k];
      const q = Q[qi + k];
      P[pu + k] = p + lr * (e * q - reg * p);
      Q[qi + k] = q + lr * (e * p - reg * q);
    }
  }
  return sse;
}

/**
 * One pass over the users userOrder[from, to), each user's ratings in a fresh random order:
 * the user's factor row stays in cache and the rating arrays are read nearly in sequence,
 * which matters once the factors outgrow the caches (10M ratings). Ratings are stored grouped
 * by user (CSR): user u owns positions ptr[u] .. ptr[u+1] of perm.
 */
export function sgdUsers(s, userOrder, ptr, from, to, seed) {
  const rand = rng(seed);
  const { perm } = s;
  // shuffle the order of this slice's users, then each user's ratings, in place
  for (let i = to - 1; i > from; i--) {
    const j = from + Math.floor(rand() * (i - from + 1));
    const t = userOrder[i];
    userOrder[i] = userOrder[j];
    userOrder[j] = t;
  }
  let sse = 0;
  for (let x = from; x < to; x++) {
    const u = userOrder[x];
    const a = ptr[u];
    const b = ptr[u + 1];
    for (let i = b - 1; i > a; i--) {
      const j = a + Math.floor(rand() * (i - a + 1));
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    sse += sgdRange(s, a, b);
  }
  return sse;
}
