import { describe, expect, it } from 'vitest';
import { routeMessage } from '../../../src/bot/route.js';
import { tasteProfile } from '../../../src/core/profile.js';
import { RateLimiter } from '../../../src/util/rate-limit.js';
import { commands, findCommand } from '../../../src/features/index.js';
import { helpText } from '../../../src/features/help/command.js';

const noIntent = () => ({ command: null, args: {} });

describe('routeMessage', () => {
  it('takes a leading command word or alias, with or without a prefix', () => {
    expect(routeMessage({ text: 'rate heat 4' }, noIntent)).toMatchObject({ command: { name: 'rate' }, args: { text: 'heat 4' } });
    expect(routeMessage({ text: '/search  alien ' }, noIntent)).toMatchObject({ command: { name: 'search' }, args: { text: 'alien' } });
    expect(routeMessage({ text: '!REC something funny' }, noIntent)).toMatchObject({
      command: { name: 'recommend' },
      args: { text: 'something funny' },
    });
    expect(routeMessage({ text: 'wl' }, noIntent)).toMatchObject({ command: { name: 'watchlist' }, args: { text: '' } });
  });

  it('prefers a structured command and keeps its named arguments', () => {
    const route = routeMessage({ text: '', command: { name: 'rate', args: { title: 'Heat', stars: 4 } } }, noIntent);
    expect(route).toMatchObject({ command: { name: 'rate' }, args: { title: 'Heat', stars: 4 } });
  });

  it('answers empty text with help', () => {
    expect(routeMessage({ text: '   ' }, noIntent)).toMatchObject({ command: { name: 'help' } });
  });

  it('sends free text to intent detection with the whole text and the intent arguments', () => {
    const seen: string[] = [];
    const route = routeMessage({ text: 'what should I watch? something scary' }, (t) => {
      seen.push(t);
      return { command: 'recommend', args: { query: 'something scary', junk: { nested: true } } };
    });
    expect(seen).toEqual(['what should I watch? something scary']);
    expect(route).toMatchObject({
      command: { name: 'recommend' },
      args: { text: 'what should I watch? something scary', query: 'something scary' },
    });
    expect('junk' in (route as { args: object }).args).toBe(false);
  });

  it('never hands a title-taking command the whole sentence as its title', () => {
    const route = routeMessage({ text: 'give it 4 stars' }, () => ({ command: 'rate', args: { stars: 4 } }));
    expect(route).toMatchObject({ command: { name: 'rate' }, args: { text: '', stars: 4 } });
    const withTitle = routeMessage({ text: "I'd give heat 4 stars" }, () => ({ command: 'rate', args: { title: 'heat', stars: 4 } }));
    expect(withTitle).toMatchObject({ args: { title: 'heat', stars: 4 } });
  });

  it('reports free text nobody understood', () => {
    expect(routeMessage({ text: 'blorp' }, noIntent)).toEqual({ command: undefined, text: 'blorp' });
    expect(routeMessage({ text: 'blorp' }, () => ({ command: 'launch-rockets', args: {} }))).toEqual({ command: undefined, text: 'blorp' });
  });
});

describe('command registry', () => {
  it('has every command of the issue, with unique names and aliases', () => {
    for (const n of [
      'recommend',
      'rate',
      'search',
      'similar',
      'watchlist',
      'seen',
      'profile',
      'why',
      'onboard',
      'forget-me',
      'export-me',
      'help',
      'more',
    ]) {
      expect(findCommand(n)?.name).toBe(n);
    }
    const words = commands.flatMap((c) => [c.name, ...c.aliases]);
    expect(new Set(words).size).toBe(words.length);
  });

  it('lists every command in help', () => {
    const text = helpText(commands);
    for (const c of commands.filter((c) => c.name !== 'help')) expect(text).toContain(c.usage);
  });
});

describe('tasteProfile', () => {
  const m = (genres: string[], year: number, directors: string[] = [], cast: string[] = []) => ({ genres, year, directors, cast });

  it('ranks genres and decades relative to the user average', () => {
    const p = tasteProfile([
      { rating: 5, movie: m(['Horror'], 1980, ['John Carpenter']) },
      { rating: 4.5, movie: m(['Horror', 'Sci-Fi'], 1982, ['John Carpenter']) },
      { rating: 5, movie: m(['Horror'], 1979, ['Ridley Scott']) },
      { rating: 1, movie: m(['Romance', 'Comedy'], 2005) },
      { rating: 1.5, movie: m(['Romance'], 2008) },
      { rating: 2, movie: m(['Comedy'], 2010) },
    ]);
    expect(p.count).toBe(6);
    expect(p.mean).toBe(3.17);
    expect(p.genres[0]).toBe('Horror');
    expect(p.genres).not.toContain('Romance');
    expect(p.decades[0]).toBe('1980s');
    expect(p.people).toEqual(['John Carpenter']);
  });

  it('is empty for nobody', () => {
    expect(tasteProfile([])).toEqual({ count: 0, mean: null, genres: [], people: [], decades: [] });
  });
});

describe('RateLimiter', () => {
  it('allows a burst, refills over time, and keeps users apart', () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 3, refillPerSecond: 1 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('ana'))).toEqual([true, true, true, false]);
    expect(limiter.take('ben')).toBe(true);
    now += 1000;
    expect(limiter.take('ana')).toBe(true);
    expect(limiter.take('ana')).toBe(false);
    now += 60_000;
    expect([1, 2, 3, 4].map(() => limiter.take('ana'))).toEqual([true, true, true, false]);
  });
});

describe('routeMessage with commands that take nothing', () => {
  it('reads "more like alien" and "start a watch party" as sentences', () => {
    const intents: string[] = [];
    const detect = (t: string) => {
      intents.push(t);
      return t.startsWith('more like') ? { command: 'similar', args: { title: 'alien' } } : { command: null, args: {} };
    };
    expect(routeMessage({ text: 'more like alien' }, detect)).toMatchObject({ command: { name: 'similar' }, args: { title: 'alien' } });
    expect(routeMessage({ text: 'more' }, detect)).toMatchObject({ command: { name: 'more' } });
    // Nothing better understood: the command word still wins.
    expect(routeMessage({ text: 'profile please' }, detect)).toMatchObject({ command: { name: 'profile' }, args: { text: '' } });
    expect(intents).toEqual(['more like alien', 'profile please']);
  });
});
