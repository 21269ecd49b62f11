import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS, autocompleteOptions, commandSpecs } from '../../../adapters/discord/commands.js';
import { normalizeApiUrl, reactionPayloadsFrom } from '../../../adapters/discord/index.js';
import { DISCORD_LIMITS as L } from '../../../adapters/discord/limits.js';
import {
  customIdsOf,
  movieOfMessage,
  parseCommand,
  parseComponent,
  parseMessage,
  reactionStars,
  stripMention,
} from '../../../adapters/discord/parse.js';
import { renderComponents } from '../../../adapters/discord/render.js';
import { ActionCodec } from '../../../src/features/index.js';

const user = { id: '111', username: 'ana', globalName: 'Ana' };
const codec = new ActionCodec('a test secret of enough length');

describe('parseCommand', () => {
  it('turns options (and subcommands) into structured args and text', () => {
    const m = parseCommand(
      {
        id: 'i1',
        commandName: 'rate',
        options: [
          { name: 'title', type: 3, value: 'Heat' },
          { name: 'stars', type: 10, value: 4.5 },
        ],
        user,
        channelId: 'c1',
        guildId: 'g1',
      },
      'rate',
    );
    expect(m).toEqual({
      actor: { platform: 'discord', externalId: '111', displayName: 'Ana' },
      channelId: 'c1',
      text: 'Heat 4.5',
      command: { name: 'rate', args: { title: 'Heat', stars: 4.5 } },
      requestId: 'discord:i1',
      direct: false,
    });
    const sub = parseCommand(
      {
        id: 'i2',
        commandName: 'watchparty',
        options: [{ name: 'start', type: 1, options: [{ name: 'mood', type: 3, value: 'funny' }] }],
        user,
        channelId: 'c1',
        guildId: null,
      },
      'watchparty',
    );
    expect(sub.command?.args).toEqual({ action: 'start', mood: 'funny' });
    expect(sub.text).toBe('funny');
    expect(sub.direct).toBe(true);
  });
});

describe('parseComponent', () => {
  it('passes the custom_id through, or the chosen value of our overflow menu', () => {
    expect(parseComponent({ id: 'i', customId: 'v1:r:6:4:abc', user, channelId: 'c' })?.payload).toBe('v1:r:6:4:abc');
    expect(parseComponent({ id: 'i', customId: 'menu:0', values: ['v1:y:6:abc'], user, channelId: 'c' })?.payload).toBe('v1:y:6:abc');
    expect(parseComponent({ id: 'i', customId: 'menu:0', values: [], user, channelId: 'c' })).toBeUndefined();
    expect(parseComponent({ id: 'i', customId: 'x'.repeat(101), user, channelId: 'c' })).toBeUndefined();
  });
});

describe('parseMessage', () => {
  const base = { id: 'm1', author: { ...user, bot: false }, channelId: 'c', guildId: 'g', mentionedUserIds: ['999'] };
  it('answers mentions and DMs, strips the mention, ignores bots and other chatter', () => {
    expect(parseMessage({ ...base, content: '<@999> something scary for tonight' }, '999')?.text).toBe('something scary for tonight');
    expect(parseMessage({ ...base, content: '<@!999>' }, '999')?.text).toBe('');
    expect(parseMessage({ ...base, content: 'hello all', mentionedUserIds: [] }, '999')).toBeUndefined();
    expect(parseMessage({ ...base, content: 'hi', guildId: null, mentionedUserIds: [] }, '999')?.direct).toBe(true);
    expect(parseMessage({ ...base, content: '<@999> hi', author: { ...user, bot: true } }, '999')).toBeUndefined();
    expect(stripMention('a <@1>  b <@!1>', '1')).toBe('a b');
  });
});

describe('reactions', () => {
  it('maps keycaps 1-5 and the star to ratings', () => {
    expect(['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '⭐'].map(reactionStars)).toEqual([1, 2, 3, 4, 5, 5]);
    expect(reactionStars('3\u20e3')).toBe(3);
    expect(reactionStars('👍')).toBeUndefined();
    expect(reactionStars(null)).toBeUndefined();
  });

  it("recovers the movie from a card message's own signed buttons, and only then", () => {
    const payloads = reactionPayloadsFrom(codec);
    const actions = [
      ...[1, 2, 3, 4, 5].map((v) => ({
        id: codec.encode({ kind: 'rate', movieId: 6, stars: v }),
        kind: 'rate' as const,
        label: `${v}`,
        value: v,
        group: 'rating' as const,
      })),
      { id: codec.encode({ kind: 'why', movieId: 6 }), kind: 'why' as const, label: 'Why', group: 'menu' as const },
    ];
    const rows = renderComponents({ kind: 'movie', title: 'Heat', actions });
    const ids = customIdsOf(rows);
    expect(ids).toHaveLength(6);
    expect(movieOfMessage(ids, payloads)).toBe(6);
    // A tampered id names nothing; two movies in one message are ambiguous.
    expect(movieOfMessage(['v1:r:7:4:AAAAAAAA'], payloads)).toBeUndefined();
    expect(movieOfMessage([...ids, codec.encode({ kind: 'seen', movieId: 9 })], payloads)).toBeUndefined();
    expect(movieOfMessage([codec.encode({ kind: 'party_vote', partyId: 1, movieId: 6 })], payloads)).toBeUndefined();
    const decoded = codec.decode(payloads.unrate(6));
    expect(decoded.ok && decoded.value).toEqual({ kind: 'unrate', movieId: 6 });
    const rate = codec.decode(payloads.rate(6, 5));
    expect(rate.ok && rate.value).toEqual({ kind: 'rate', movieId: 6, stars: 5 });
  });
});

describe('commands', () => {
  it('defines every core command within Discord limits, title options autocompleted', () => {
    const names = COMMAND_SPECS.map((s) => s.json.name);
    for (const n of [
      'recommend',
      'rate',
      'similar',
      'search',
      'watchlist',
      'seen',
      'profile',
      'why',
      'onboard',
      'forget-me',
      'export-me',
      'help',
    ]) {
      expect(names).toContain(n);
    }
    for (const s of COMMAND_SPECS) {
      expect(s.json.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(s.json.description.length).toBeLessThanOrEqual(L.commandDescription);
      for (const o of s.json.options ?? []) {
        expect(o.name).toMatch(/^[-_a-z0-9]{1,32}$/);
        expect(o.description.length).toBeLessThanOrEqual(L.commandDescription);
        if ('choices' in o && o.choices) expect(o.choices.length).toBeLessThanOrEqual(L.autocompleteChoices);
      }
    }
    expect(autocompleteOptions(COMMAND_SPECS)).toEqual(
      new Set(['rate:title', 'similar:title', 'watchlist:title', 'seen:title', 'why:title']),
    );
    const personal = COMMAND_SPECS.filter((s) => s.personal).map((s) => s.json.name);
    expect(personal).toEqual(expect.arrayContaining(['profile', 'export-me', 'forget-me']));
    expect(personal).not.toContain('recommend');
  });

  it('takes extra specs, a later one replacing a same-named one', () => {
    const extra = {
      json: { name: 'movienight', description: 'Another way in' },
      handler: { core: 'watchparty' as const },
      personal: false,
    };
    const replaced = {
      json: { name: 'help', description: 'Help, shown to everyone' },
      handler: { core: 'help' as const },
      personal: false,
    };
    const specs = commandSpecs([extra, replaced]);
    expect(specs.map((s) => s.json.name)).toContain('movienight');
    expect(specs).toHaveLength(COMMAND_SPECS.length + 1);
    expect(specs.find((s) => s.json.name === 'help')?.personal).toBe(false);
  });

  it('has watch-party subcommands that reach the core as an action', () => {
    const party = COMMAND_SPECS.find((s) => s.json.name === 'watchparty')!;
    expect(party.handler).toEqual({ core: 'watchparty' });
    expect((party.json.options ?? []).map((o) => o.name)).toEqual(['start', 'join', 'leave', 'pick', 'close', 'status', 'history', 'vote']);
    const vote = parseCommand(
      {
        id: 'i',
        commandName: 'watchparty',
        options: [{ name: 'vote', type: 1, options: [{ name: 'number', type: 4, value: 2 }] }],
        user,
        channelId: 'c',
        guildId: 'g',
      },
      'watchparty',
    );
    expect(vote.command?.args).toEqual({ action: 'vote', number: 2 });
    expect(vote.text).toBe('2');
  });

  it('normalises the API base url', () => {
    expect(normalizeApiUrl(undefined)).toBe('https://discord.com/api');
    expect(normalizeApiUrl('http://127.0.0.1:9/api/v10/')).toBe('http://127.0.0.1:9/api');
  });
});

describe('registerCommands input', () => {
  it('rejects bad ids and an empty token before calling Discord, and builds the invite URL', async () => {
    const { registerCommands, inviteUrl } = await import('../../../adapters/discord/register.js');
    const guild = await registerCommands({ token: 't', guildId: '12ab' });
    expect(guild.ok === false && guild.error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/Copy Server ID/) });
    const app = await registerCommands({ token: 't', applicationId: 'me' });
    expect(app.ok === false && app.error.message).toMatch(/Application ID/);
    const token = await registerCommands({ token: '  ' });
    expect(token.ok === false && token.error.message).toMatch(/DISCORD_TOKEN/);
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(url.searchParams.get('permissions')).toBe('274878286912');
  });
});
