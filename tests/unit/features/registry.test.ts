/**
 * The feature registry is the one list the platforms are generated from: the Discord slash
 * commands must equal the ones registered before they were generated (a fixture of that JSON),
 * Slack's `/reelmate <word>` table must hold the same words, the button codes must stay what
 * live messages carry, and every command, button and intent rule comes from one feature.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { COMMAND_SPECS } from '../../../adapters/discord/commands.js';
import { parseCommandText } from '../../../adapters/slack/parse.js';
import {
  buttons,
  commands,
  features,
  OVERFLOW_KINDS,
  type ActionPayloadKind,
  type CardActionKind,
  type CommandName,
} from '../../../src/features/index.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/features/discord-commands.json', import.meta.url), 'utf8')) as {
  json: { name: string };
}[];

describe('feature registry', () => {
  it('generates the Discord slash commands registered before (same names, same JSON, same handling)', () => {
    const generated = new Map(COMMAND_SPECS.map((s) => [s.json.name, JSON.parse(JSON.stringify(s))]));
    expect([...generated.keys()].sort()).toEqual(fixture.map((s) => s.json.name).sort());
    for (const before of fixture) expect(generated.get(before.json.name), before.json.name).toEqual(before);
  });

  it('generates the Slack subcommands from the commands, each word once', () => {
    const words = commands.flatMap((c) => (c.slackWords ?? []).map((w) => [w, c.name] as const));
    expect(new Set(words.map(([w]) => w)).size).toBe(words.length);
    expect(Object.fromEntries(words)).toEqual({
      recommend: 'recommend',
      rate: 'rate',
      search: 'search',
      similar: 'similar',
      watchlist: 'watchlist',
      seen: 'seen',
      why: 'why',
      profile: 'profile',
      onboard: 'onboard',
      start: 'onboard',
      more: 'more',
      'export-me': 'export-me',
      export: 'export-me',
      'forget-me': 'forget-me',
      forget: 'forget-me',
      'watch-party': 'watchparty',
      watchparty: 'watchparty',
      party: 'watchparty',
      help: 'help',
    });
    for (const [word, name] of words) expect(parseCommandText(`${word} heat`).command?.name, word).toBe(name);
  });

  it('keeps the wire codes of every button kind (payloads in posted messages stay valid)', () => {
    expect(Object.fromEntries(buttons.map((b) => [b.kind, [b.code, Object.keys(b.args).join(',')]]))).toEqual({
      rate: ['r', 'movieId,stars'],
      unrate: ['u', 'movieId,stars'],
      seen: ['s', 'movieId'],
      dismiss: ['d', 'movieId'],
      watchlist: ['w', 'movieId'],
      unwatchlist: ['W', 'movieId'],
      more_like: ['m', 'movieId'],
      why: ['y', 'movieId'],
      next_page: ['n', ''],
      choose: ['c', 'command,movieId,stars'],
      confirm: ['k', 'op'],
      cancel: ['x', 'op'],
      party_join: ['pj', 'partyId'],
      party_leave: ['pl', 'partyId'],
      party_pick: ['pp', 'partyId,movieId'],
      party_vote: ['pv', 'partyId,movieId,rank'],
      party_unvote: ['pu', 'partyId,movieId'],
      party_close: ['pc', 'partyId'],
      party_invite: ['pi', 'partyId'],
    });
  });

  it('folds the same buttons into Slack overflow menus as the hand-written list did', () => {
    expect([...OVERFLOW_KINDS].sort()).toEqual(['dismiss', 'more_like', 'seen', 'watchlist', 'why']);
  });

  it('derives the CommandName and CardActionKind unions from the registry (checked by the type checker too)', () => {
    type Commands =
      | 'recommend'
      | 'rate'
      | 'search'
      | 'similar'
      | 'watchlist'
      | 'seen'
      | 'why'
      | 'profile'
      | 'onboard'
      | 'more'
      | 'export-me'
      | 'forget-me'
      | 'watchparty'
      | 'help';
    expectTypeOf<CommandName>().toEqualTypeOf<Commands>();
    expectTypeOf<Exclude<ActionPayloadKind, CardActionKind>>().toEqualTypeOf<'unrate' | 'unwatchlist'>();
    expect(commands.map((c) => c.name).sort()).toEqual(
      [
        'recommend',
        'rate',
        'search',
        'similar',
        'watchlist',
        'seen',
        'why',
        'profile',
        'onboard',
        'more',
        'export-me',
        'forget-me',
        'watchparty',
        'help',
      ].sort(),
    );
    expect(buttons.filter((b) => b.variantOf).map((b) => `${b.kind}->${b.variantOf}`)).toEqual(['unrate->rate', 'unwatchlist->watchlist']);
  });

  it('names each feature after its command, and gives every command one feature', () => {
    for (const f of features) if ('command' in f) expect(f.command.name).toBe(f.name);
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
    expect(new Set(features.map((f) => f.name)).size).toBe(features.length);
  });

  it('checks command arguments at the door: declared names pass, others are dropped', async () => {
    const seen: unknown[] = [];
    const { defineCommand, textArg, numberArg } = await import('../../../src/features/types.js');
    const probe = defineCommand({
      name: 'probe',
      aliases: [],
      usage: 'probe',
      summary: 'a test command',
      args: { title: textArg, stars: numberArg },
      async run(_ctx, args) {
        seen.push(args);
        return { status: 'ok' };
      },
    });
    expect(probe.args).toEqual(['title', 'stars']);
    await probe.run({} as never, { text: 'x', title: 'Heat', stars: 4, other: 'dropped' });
    await probe.run({} as never, { title: 1917 });
    expect(seen).toEqual([{ text: 'x', title: 'Heat', stars: 4 }, { title: '1917' }]);
  });
});
