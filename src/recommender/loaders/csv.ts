/**
 * Byte-level parsing of the numeric MovieLens ratings file: ml-25m's ratings.csv is 680 MB,
 * past V8's string limit, so we never turn the whole file into a string.
 */
import type { RatingTriples } from '../types.js';

const NL = 10;
const CR = 13;
const COMMA = 44;
const DOT = 46;
const MINUS = 45;

/** Parses `userId,movieId,rating[,timestamp]` rows (header line skipped when not numeric). */
export function parseRatingsCsv(buf: Uint8Array): RatingTriples {
  let lines = 0;
  for (let i = 0; i < buf.length; i++) if (buf[i] === NL) lines++;
  if (buf.length > 0 && buf[buf.length - 1] !== NL) lines++;
  const userIds = new Int32Array(lines);
  const movieIds = new Int32Array(lines);
  const ratings = new Float32Array(lines);
  const timestamps = new Float64Array(lines);
  let n = 0;
  let pos = 0;
  const len = buf.length;
  const fields = [0, 0, 0, 0];
  while (pos < len) {
    // skip a non-numeric line (the header) or blank line
    const c0 = buf[pos]!;
    if (!((c0 >= 48 && c0 <= 57) || c0 === MINUS)) {
      while (pos < len && buf[pos] !== NL) pos++;
      pos++;
      continue;
    }
    let f = 0;
    let value = 0;
    let scale = 0; // 0 = no decimal point yet
    let neg = false;
    // the end of the buffer counts as a final newline
    for (; ; pos++) {
      const c = pos < len ? buf[pos]! : NL;
      if (c === COMMA || c === NL || c === CR) {
        if (c === CR && pos + 1 < len && buf[pos + 1] === NL) continue; // field ends at the NL
        if (f < 4) fields[f] = (neg ? -value : value) / (scale || 1);
        f++;
        value = 0;
        scale = 0;
        neg = false;
        if (c === NL || c === CR) break;
      } else if (c === DOT) {
        scale = 1;
      } else if (c === MINUS) {
        neg = true;
      } else {
        value = value * 10 + (c - 48);
        if (scale) scale *= 10;
      }
    }
    pos++;
    if (f >= 3) {
      userIds[n] = fields[0]!;
      movieIds[n] = fields[1]!;
      ratings[n] = fields[2]!;
      timestamps[n] = f >= 4 ? fields[3]! : 0;
      n++;
    }
  }
  return {
    userIds: userIds.slice(0, n),
    movieIds: movieIds.slice(0, n),
    ratings: ratings.slice(0, n),
    timestamps: timestamps.slice(0, n),
  };
}
