import { describe, expect, it } from 'vitest';
import {
  commandToInbound,
  decodeSlackText,
  messageToInbound,
  parseCommandText,
  parseRating,
  toInboundAction,
  blockActionsBodySchema,
} from '../../../adapters/slack/parse.js';

describe('slash command text', () => {
  it('turns subcommands into structured commands', () => {
    expect(parseCommandText('rate Heat 4.5')).toEqual({ text: 'Heat 4.5', command: { name: 'rate', args: { title: 'Heat', stars: 4.5 } } });
    expect(parseCommandText('rate The Thing ★★★★½').command).toEqual({ name: 'rate', args: { title: 'The Thing', stars: 4.5 } });
    expect(parseCommandText('rate Se7en 4/5').command).toEqual({ name: 'rate', args: { title: 'Se7en', stars: 4 } });
    // No star value: the core parses (and asks about) the rest of the line.
    expect(parseCommandText('rate Heat')).toEqual({ text: 'Heat', command: { name: 'rate', args: {} } });
    expect(parseCommandText('similar Alien')).toEqual({ text: 'Alien', command: { name: 'similar', args: {} } });
    expect(parseCommandText('watchlist')).toEqual({ text: '', command: { name: 'watchlist', args: { action: 'list' } } });
    expect(parseCommandText('watchlist remove Heat')).toEqual({ text: 'remove Heat', command: { name: 'watchlist', args: {} } });
    expect(parseCommandText('forget-me yes')).toEqual({ text: 'yes', command: { name: 'forget-me', args: {} } });
    expect(parseCommandText('watch-party start comedy')).toEqual({ text: 'start comedy', command: { name: 'watchparty', args: {} } });
    expect(parseCommandText('HELP').command).toEqual({ name: 'help', args: {} });
  });

  it('leaves free text to intent detection', () => {
    expect(parseCommandText('something funny from the 90s')).toEqual({ text: 'something funny from the 90s' });
    expect(parseCommandText('find me a comedy like Airplane')).toEqual({ text: 'find me a comedy like Airplane' });
    expect(parseCommandText('recommend a heist movie')).toEqual({ text: 'a heist movie', command: { name: 'recommend', args: {} } });
  });

  it('keeps a title that ends in a number when no rating follows', () => {
    expect(parseRating('2001: A Space Odyssey')).toEqual({ title: '2001: A Space Odyssey' });
    expect(parseRating('Apollo 13 5')).toEqual({ title: 'Apollo 13', rating: 5 });
  });
});

describe('Slack text', () => {
  it('removes the bot mention and decodes entities and links', () => {
    expect(decodeSlackText('<@UBOT> movies like <https://x.test|Heat> &amp; Ronin &lt;3', 'UBOT')).toBe('movies like Heat & Ronin <3');
    expect(decodeSlackText('hi <@U2|ana>', 'UBOT')).toBe('hi ana');
  });
});

describe('core inputs', () => {
  it('keys people and channels by workspace', () => {
    const m = commandToInbound({ team_id: 'T1', user_id: 'U1', channel_id: 'C9', command: '/reelmate', text: 'profile', trigger_id: 't1' });
    expect(m.actor).toEqual({ platform: 'slack', externalId: 'T1:U1', displayName: undefined });
    expect(m.channelId).toBe('T1:C9');
    expect(m.requestId).toBe('slack:cmd:T1:t1');
  });

  it('ignores bot messages and edits, and ids events by event_id', () => {
    expect(messageToInbound({ type: 'message', text: 'hi', channel: 'D1', bot_id: 'B1', user: 'U1' }, 'T1', 'UBOT', 'Ev1')).toBeUndefined();
    expect(
      messageToInbound({ type: 'message', text: 'hi', channel: 'D1', subtype: 'message_changed', user: 'U1' }, 'T1', 'UBOT', 'Ev1'),
    ).toBeUndefined();
    const m = messageToInbound({ type: 'app_mention', text: '<@UBOT> rate Heat 4', channel: 'C1', user: 'U2' }, 'T1', 'UBOT', 'Ev2');
    expect(m).toMatchObject({
      actor: { externalId: 'T1:U2' },
      command: { name: 'rate', args: { title: 'Heat', stars: 4 } },
      requestId: 'slack:ev:Ev2',
    });
  });

  it('gives the same click the same requestId, and different clicks different ones', () => {
    const body = (ts: string) =>
      blockActionsBodySchema.parse({
        type: 'block_actions',
        team: { id: 'T1' },
        user: { id: 'U2', name: 'bo' },
        channel: { id: 'C1' },
        message: { ts: '1.1', blocks: [] },
        actions: [{ type: 'button', action_id: 'rm.rate.3', value: 'v1:r:6:4:M', action_ts: ts }],
      });
    const a = body('100.1');
    const first = toInboundAction(a, a.actions[0]!, 'v1:r:6:4:M');
    const again = toInboundAction(a, a.actions[0]!, 'v1:r:6:4:M');
    const b = body('101.1');
    expect(first.requestId).toBe(again.requestId);
    expect(toInboundAction(b, b.actions[0]!, 'v1:r:6:4:M').requestId).not.toBe(first.requestId);
    expect(first.actor.externalId).toBe('T1:U2');
  });
});
