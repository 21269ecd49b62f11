import { describe, expect, it } from 'vitest';
import { detectIntent } from '../../../src/features/index.js';

const cases: [string, string, Record<string, string | number | undefined>][] = [
  [
    'what should I watch tonight? something scary but not gory',
    'recommend',
    { query: 'what should I watch tonight? something scary but not gory' },
  ],
  ['rate heat 4.5', 'rate', { title: 'heat', stars: 4.5 }],
  ["I'd give The Matrix 5 stars", 'rate', { title: 'The Matrix', stars: 5 }],
  ['give heat a 4', 'rate', { title: 'heat', stars: 4 }],
  ['rate the matrix four and a half', 'rate', { title: 'the matrix', stars: 4.5 }],
  ['4 stars for Inception', 'rate', { title: 'Inception', stars: 4 }],
  ['heat 8/10', 'rate', { title: 'heat', stars: 4 }],
  ['rate heat', 'rate', { title: 'heat', stars: undefined }],
  ['movies like alien', 'similar', { title: 'alien' }],
  ['like Alien (1979)', 'similar', { title: 'Alien (1979)' }],
  ['similar to The Matrix', 'similar', { title: 'The Matrix' }],
  ['add heat to my watchlist', 'watchlist', { op: 'add', title: 'heat' }],
  ['put The Matrix on my watch list please', 'watchlist', { op: 'add', title: 'The Matrix' }],
  ['save Inception for later', 'watchlist', { op: 'add', title: 'Inception' }],
  ['show my watchlist', 'watchlist', { op: 'list' }],
  ['watchlist', 'watchlist', { op: 'list' }],
  ['remove heat from my watchlist', 'watchlist', { op: 'remove', title: 'heat' }],
  ["I've seen Heat", 'seen', { title: 'Heat' }],
  ['already watched the matrix', 'seen', { title: 'the matrix' }],
  ['why heat?', 'why', { title: 'heat' }],
  ['why did you recommend Alien to me', 'why', { title: 'Alien' }],
  ['my profile', 'profile', {}],
  ['what do you know about me', 'profile', {}],
  ['forget me', 'forget-me', {}],
  ['delete my data', 'forget-me', {}],
  ['export my data', 'export-me', {}],
  ['help', 'help', {}],
  ['hi', 'help', {}],
  ['more', 'more', {}],
  ['next', 'more', {}],
  ['search heat', 'search', { query: 'heat' }],
  ['find matrix', 'search', { query: 'matrix' }],
  ['onboard', 'onboard', {}],
  ["I'm new", 'onboard', {}],
  ['start a watch party for friday, something funny', 'watchparty', { op: 'start', query: 'for friday, something funny' }],
  ['watchparty join', 'watchparty', { op: 'join', query: undefined }],
  ['watchparty leave', 'watchparty', { op: 'leave', query: undefined }],
  ['watchparty pick', 'watchparty', { op: 'pick', query: undefined }],
  ['watchparty vote 2', 'watchparty', { op: 'vote', query: '2' }],
  ['watchparty close', 'watchparty', { op: 'close', query: undefined }],
  ['join the watch party', 'watchparty', { op: 'join', query: undefined }],
];

describe('detectIntent', () => {
  it.each(cases)('%s -> %s', (text, command, args) => {
    const got = detectIntent(text);
    expect(got.command).toBe(command);
    // watchparty also carries the names its command reads (action, constraints, number)
    const { action, constraints, number, ...documented } = got.args;
    expect(documented).toEqual(args);
    if (command === 'watchparty') expect(action).toBe(args.op);
    else expect({ action, constraints, number }).toEqual({ action: undefined, constraints: undefined, number: undefined });
  });

  it('gives the watchparty command the argument names it reads', () => {
    expect(detectIntent('watchparty vote 2').args).toMatchObject({ op: 'vote', action: 'vote', number: 2 });
    expect(detectIntent('start a watch party: comedy under 2 hours').args).toMatchObject({
      action: 'start',
      constraints: 'comedy under 2 hours',
    });
  });

  it('treats requests as recommend, even when they start like another command', () => {
    for (const text of [
      'find me something scary',
      'something like the matrix but funnier',
      'movies like alien with more comedy',
      'a comedy from the 90s',
      'I like horror',
      'more comedies please',
      'why not something scary',
    ]) {
      expect(detectIntent(text).command, text).toBe('recommend');
    }
  });

  it('strips greetings, slashes and politeness around commands', () => {
    expect(detectIntent('hey, rate heat 4')).toEqual({ command: 'rate', args: { title: 'heat', stars: 4 } });
    expect(detectIntent('/rate heat 4')).toEqual({ command: 'rate', args: { title: 'heat', stars: 4 } });
    expect(detectIntent('more please')).toEqual({ command: 'more', args: {} });
    expect(detectIntent('could you show my watchlist?').args.op).toBe('list');
  });

  it('reads ratings said in passing, and no rating where none is given', () => {
    expect(detectIntent('loved heat, 5 stars')).toEqual({ command: 'rate', args: { title: 'heat', stars: 5 } });
    expect(detectIntent('the matrix deserves a 5')).toEqual({ command: 'rate', args: { title: 'the matrix', stars: 5 } });
    expect(detectIntent('fargo was meh, 2.5').args).toEqual({ title: 'fargo', stars: 2.5 });
    expect(detectIntent('gave jaws a 4 lol').args).toEqual({ title: 'jaws', stars: 4 });
    expect(detectIntent('show me 5 thrillers from 2012').command).toBe('recommend');
    expect(detectIntent('rated everything, now a comedy').command).toBe('recommend');
    expect(detectIntent('the twins are 6 and 10, something fun').command).toBe('recommend');
    expect(detectIntent('4 stars to anyone who finds me a western').command).toBe('recommend');
    expect(detectIntent('my watchlist is way too long, something short').command).toBe('recommend');
    expect(detectIntent('y would i like heat').command).toBe('why');
  });

  it('keeps out-of-scale stars for the core to reject', () => {
    expect(detectIntent('rate heat 7')).toEqual({ command: 'rate', args: { title: 'heat', stars: 7 } });
  });

  // A super-linear path would hang here until the test timeout; the bench measures real speed.
  it('never throws on hostile input', () => {
    for (const text of ['', '   ', '?', 'rate '.repeat(50_000), '9'.repeat(100_000), '😂'.repeat(30_000), 'watch party '.repeat(10_000)]) {
      expect(detectIntent(text).command).toBeTypeOf('string');
    }
  });
});
