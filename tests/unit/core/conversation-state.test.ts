/**
 * The conversation state a follow-up reads (the request behind the list, the cards shown, the
 * film in focus) and the routing that consults it. Pure: no database.
 */
import { describe, expect, it } from 'vitest';
import { conversationStateSchema, focusOn, showList, type ConversationState } from '../../../src/core/conversation.js';
import { commandSentence, routeInConversation, routeMessage } from '../../../src/bot/route.js';
import { detectIntent } from '../../../src/features/index.js';
import { emptyPreferences } from '../../../src/nlp/types.js';

const request = { ...emptyPreferences(), genres: { include: ['Horror'], exclude: [] }, years: { from: 1980, to: 1989 } };
const cards = [
  { movieId: 1214, title: 'Alien', year: 1979, runtime: 117 },
  { movieId: 1258, title: 'The Shining', year: 1980, runtime: 144 },
  { movieId: 2288, title: 'The Thing', year: 1982, runtime: 109 },
];
const state: ConversationState = { last: { command: 'recommend', text: '', shown: [1214, 1258, 2288], page: 0, request, cards } };

function route(text: string, s: ConversationState = state) {
  const base = routeMessage({ text }, detectIntent);
  if (!base.command) throw new Error(`no route for ${text}`);
  return routeInConversation(base, text, s, detectIntent);
}

describe('conversation state', () => {
  it('keeps the request and the cards of a list, and reads rows written before they existed', () => {
    expect(conversationStateSchema.parse(state)).toEqual(state);
    const old = conversationStateSchema.parse({ last: { command: 'recommend', text: 'something funny', shown: [1], page: 2 } });
    expect(old.last).toEqual({ command: 'recommend', text: 'something funny', shown: [1], page: 2 });
  });

  it('rejects a damaged request instead of trusting it', () => {
    const bad = { last: { ...state.last, request: { ...request, years: { from: 'nineteen eighty', to: null } } } };
    expect(conversationStateSchema.safeParse(bad).success).toBe(false);
    const huge = { last: { ...state.last, cards: Array.from({ length: 51 }, (_, i) => ({ ...cards[0]!, movieId: i })) } };
    expect(conversationStateSchema.safeParse(huge).success).toBe(false);
  });

  it('a new list clears the film in focus; a focus keeps the list', () => {
    const focused = focusOn(state, 1258);
    expect(focused.focus).toBe(1258);
    expect(focused.last).toBe(state.last);
    expect(showList(focused, { command: 'search', text: 'alien', shown: [], page: 0 }).focus).toBeUndefined();
  });
});

describe('routing in a conversation', () => {
  it('sends a reference to the list to the act on that film, under its command', () => {
    expect(route('why the second one?').command?.name).toBe('why');
    expect(route('rate the first one 4').command?.name).toBe('rate');
    expect(route('add the alien one to my watchlist').command?.name).toBe('watchlist');
    expect(route('more like the last one').command?.name).toBe('similar');
    // without a list to point at, the usual route answers (the reference command asks which list)
    expect(route('why the second one?', {}).command?.name).toBe('why');
  });

  it('leaves requests, named titles and fragments that match no card where intent detection sends them', () => {
    expect(route('something shorter').command?.name).toBe('recommend');
    expect(route('why heat').command?.name).toBe('why');
    const titanic = route('why the titanic one?');
    expect(titanic.command?.name).toBe('why');
    expect(titanic.command && 'args' in titanic ? String(titanic.args.text) : '').toContain('titanic');
  });

  it('reads "forget that. a comedy" after a request as a new request, and "forget me" as forgetting the user', () => {
    expect(route('forget that. a comedy with tom hanks').command?.name).toBe('recommend');
    expect(route('forget jim carrey, any comedy').command?.name).toBe('recommend');
    expect(route('forget me').command?.name).toBe('forget-me');
    expect(route('forget that. a comedy', {}).command?.name).toBe('forget-me');
  });

  it('never turns help, more or a watch party into a reference', () => {
    expect(route('more').command?.name).toBe('more');
    expect(route('help').command?.name).toBe('help');
  });
});

describe('slash commands in a conversation', () => {
  it('reads the title of a structured command as the sentence it stands for', () => {
    expect(commandSentence({ text: '', command: { name: 'why', args: { title: 'the second one' } } })).toBe('why the second one');
    expect(commandSentence({ text: 'the first one', command: { name: 'rate', args: { title: 'the first one', stars: 4 } } })).toBe(
      'rate the first one 4',
    );
    expect(commandSentence({ text: '', command: { name: 'watchlist', args: { action: 'remove', title: 'it' } } })).toBe(
      'remove it from my watchlist',
    );
    expect(commandSentence({ text: 'anything', command: { name: 'recommend', args: { query: 'shorter' } } })).toBeUndefined();
    expect(commandSentence({ text: 'why the first one' })).toBe('why the first one');
  });

  it('so `/why title:the second one` explains the second card', () => {
    const message = { text: '', command: { name: 'why' as const, args: { title: 'the second one' } } };
    const base = routeMessage(message, detectIntent);
    if (!base.command) throw new Error('no route');
    const routed = routeInConversation(base, commandSentence(message)!, state, detectIntent);
    expect(routed.command).not.toBe(base.command);
    expect(routed.command?.name).toBe('why');
  });
});
