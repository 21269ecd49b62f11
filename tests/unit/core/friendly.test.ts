/**
 * One table of friendly words and one set of star formatters in the core: the adapters' error
 * sinks and renderers say and draw exactly what the core does.
 */
import { describe, expect, it } from 'vitest';
import { friendlyError } from '../../../adapters/discord/send.js';
import { formatRuntime, starBar as discordStarBar } from '../../../adapters/discord/render.js';
import { FRIENDLY_FAILURE, failureReply } from '../../../adapters/slack/deliver.js';
import { starString } from '../../../adapters/slack/render.js';
import { clockRuntime, starBar, starGlyphs } from '../../../src/core/format.js';
import { FRIENDLY, friendlyText } from '../../../src/core/reply.js';

describe('friendly words', () => {
  it('come from the core table in every adapter', () => {
    expect(friendlyError()).toBe(FRIENDLY.exception);
    expect(friendlyError('bad_action')).toBe(FRIENDLY.bad_action);
    expect(friendlyError('rate_limited')).toBe(FRIENDLY.rate_limited);
    expect(FRIENDLY_FAILURE).toBe(FRIENDLY.exception);
    expect(failureReply().text).toBe(FRIENDLY.exception);
  });

  it('fall back to the exception words for a code without words of its own', () => {
    expect(friendlyText('not_found')).toBe(FRIENDLY.exception);
    expect(friendlyText('toString')).toBe(FRIENDLY.exception);
    expect(friendlyText()).toBe(FRIENDLY.exception);
  });
});

describe('star and runtime formatters', () => {
  it('are the core ones on every platform', () => {
    expect(discordStarBar).toBe(starBar);
    expect(starString).toBe(starGlyphs);
    expect(formatRuntime).toBe(clockRuntime);
  });

  it('draw half stars, bars and clock runtimes', () => {
    expect(starGlyphs(4.5)).toBe('★★★★½');
    expect(starGlyphs(0.5)).toBe('½');
    expect(starGlyphs(7)).toBe('★★★★★');
    expect(starBar(3.5)).toBe('★★★★☆ 3.5');
    expect(starBar(-1)).toBe('☆☆☆☆☆ 0.0');
    expect(clockRuntime(125)).toBe('2h 05m');
    expect(clockRuntime(45)).toBe('45m');
  });
});
