import { describe, expect, it } from 'vitest';
import { isCleanText, sanitizeDeep, sanitizeText, uncleanPaths } from '../../../src/util/text.js';

describe('sanitizeText', () => {
  it('drops NUL and other control characters, keeps newline and tab', () => {
    expect(sanitizeText('funny\u0000 movie')).toBe('funny movie');
    expect(sanitizeText('a\u0001b\u001Bc\u007Fd\u0085e')).toBe('abcde');
    expect(sanitizeText('two\nlines\tand a tab')).toBe('two\nlines\tand a tab');
    expect(sanitizeText('carriage\r\nreturn')).toBe('carriage\nreturn');
  });

  it('drops a terminal escape sequence whole, so its parameters are not read as words ("[31m" as 31 minutes)', () => {
    expect(sanitizeText('funny movie \u001B[31mred\u001B[0m')).toBe('funny movie red');
    expect(sanitizeText('\u001B[1;4mx')).toBe('x');
    // A lone ESC still goes, and the text after it stays.
    expect(sanitizeText('a\u001B b')).toBe('a b');
  });

  it('replaces unpaired surrogates, keeps paired ones (emoji)', () => {
    expect(sanitizeText('bad \uD800 high')).toBe('bad \uFFFD high');
    expect(sanitizeText('bad \uDC00 low')).toBe('bad \uFFFD low');
    expect(sanitizeText('end\uD83D')).toBe('end\uFFFD');
    expect(sanitizeText('ok 🎬 Amélie 名')).toBe('ok 🎬 Amélie 名');
    // The result is valid for PostgreSQL JSONB and text: it survives a UTF-8 round trip.
    const s = sanitizeText('x\uDFFF\uD800y\u0000');
    expect(Buffer.from(s, 'utf8').toString('utf8')).toBe(s);
  });

  it('is idempotent and says when a text is clean', () => {
    const once = sanitizeText('a\u0000\uD800b');
    expect(sanitizeText(once)).toBe(once);
    expect(isCleanText('plain text')).toBe(true);
    expect(isCleanText('a\u0000b')).toBe(false);
  });

  it('walks JSON-like values and names the unclean paths', () => {
    expect(sanitizeDeep({ a: 'x\u0000', b: [1, 'y\uD800'], c: null })).toEqual({ a: 'x', b: [1, 'y\uFFFD'], c: null });
    expect(uncleanPaths({ platform: 'api', externalId: 'a\u0000b', tags: ['ok', '\u0007'] })).toEqual(['externalId', 'tags.1']);
    expect(uncleanPaths({ fine: 'yes' })).toEqual([]);
  });
});
