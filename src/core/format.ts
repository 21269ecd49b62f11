/** Small pure formatters shared by cards, command replies and the adapters' renderers (stars, runtime, titles). */

/** 4 -> "4★", 4.5 -> "4.5★". */
export function stars(value: number): string {
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}★`;
}

/** "★★★★½" for 4.5: whole and half stars only, as the rating scale (clamped to 0-5). */
export function starGlyphs(value: number): string {
  const halves = Math.max(0, Math.min(10, Math.round(value * 2)));
  return '★'.repeat(Math.floor(halves / 2)) + (halves % 2 ? '½' : '');
}

/** "★★★★☆ 4.2": whole stars drawn out of five, the exact figure beside them. */
export function starBar(value: number): string {
  const clamped = Math.max(0, Math.min(5, value));
  const full = Math.round(clamped);
  return `${'★'.repeat(full)}${'☆'.repeat(5 - full)} ${clamped.toFixed(1)}`;
}

/** Predicted stars rounded to one decimal for display: 4.26 -> "4.3★". */
export function predictedStars(value: number): string {
  return `${(Math.round(value * 10) / 10).toFixed(1)}★`;
}

/** 136 -> "2h 16m", 95 -> "1h 35m", 45 -> "45m". */
export function runtime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h ${m}m`;
}

/** 125 -> "2h 05m", 45 -> "45m": the clock-style runtime of an embed field, minutes always two digits. */
export function clockRuntime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m`;
}

/** "The Matrix (1999)"; the year is left off when unknown. */
export function titleWithYear(movie: { displayTitle: string; year: number | null }): string {
  return movie.year ? `${movie.displayTitle} (${movie.year})` : movie.displayTitle;
}

/** "a, b and c". */
export function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
