/**
 * Slack's `/reelmate <word>` table is generated from the commands' `slackWords`: the words it
 * had when it was written by hand still run the same commands, and nothing else became one.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../../adapters/slack/parse.js';

const HAND_WRITTEN: Record<string, string> = {
  rate: 'rate',
  similar: 'similar',
  watchlist: 'watchlist',
  profile: 'profile',
  why: 'why',
  onboard: 'onboard',
  start: 'onboard',
  'forget-me': 'forget-me',
  forget: 'forget-me',
  'export-me': 'export-me',
  export: 'export-me',
  help: 'help',
  search: 'search',
  seen: 'seen',
  more: 'more',
  recommend: 'recommend',
  'watch-party': 'watchparty',
  watchparty: 'watchparty',
  party: 'watchparty',
};

describe('Slack subcommands from the command definitions', () => {
  it('maps every hand-written word to the same command', () => {
    for (const [word, name] of Object.entries(HAND_WRITTEN)) expect(parseCommandText(`${word} heat`).command?.name, word).toBe(name);
  });

  it('leaves other aliases and everyday words to intent detection', () => {
    for (const word of ['rec', 'suggest', 'wl', 'watched', 'find', 'like', 'explain']) {
      expect(parseCommandText(`${word} something funny`).command, word).toBeUndefined();
    }
  });
});
