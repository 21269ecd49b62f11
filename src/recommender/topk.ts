/**
 * Top-k selection over a dense score array with a min-heap: O(n log k), no full sort,
 * no allocation beyond the heap. NaN and -Infinity never make the list. With `among`, only
 * those items are looked at (the same answer when every other item scores -Infinity).
 */
export function topK(scores: Float32Array, k: number, accept?: (item: number) => boolean, among?: Int32Array): Int32Array {
  const heapItems = new Int32Array(k);
  const heapScores = new Float64Array(k);
  let size = 0;
  const length = among ? among.length : scores.length;
  for (let q = 0; q < length; q++) {
    const i = among ? among[q]! : q;
    const s = scores[i]!;
    if (!(s > -Infinity)) continue; // NaN or -Infinity
    if (size === k && s <= heapScores[0]!) continue;
    if (accept && !accept(i)) continue;
    if (size < k) {
      // sift up
      let j = size++;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (heapScores[p]! <= s) break;
        heapScores[j] = heapScores[p]!;
        heapItems[j] = heapItems[p]!;
        j = p;
      }
      heapScores[j] = s;
      heapItems[j] = i;
    } else {
      // replace root, sift down
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && heapScores[r]! < heapScores[l]! ? r : l;
        if (heapScores[c]! >= s) break;
        heapScores[j] = heapScores[c]!;
        heapItems[j] = heapItems[c]!;
        j = c;
      }
      heapScores[j] = s;
      heapItems[j] = i;
    }
  }
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => heapScores[b]! - heapScores[a]! || heapItems[a]! - heapItems[b]!);
  return Int32Array.from(order, (i) => heapItems[i]!);
}
