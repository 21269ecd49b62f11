import { describe, expect, it } from 'vitest';
import type { Card, CardAction } from '../../../src/core/types.js';
import { ActionCodec } from '../../../src/features/index.js';
import { movieCard as coreMovieCard } from '../../../src/features/index.js';
import { SLACK_LIMITS, truncate } from '../../../adapters/slack/limits.js';
import {
  actionElements,
  cardIndexOf,
  fallbackText,
  renderCard,
  renderMessage,
  replaceCard,
  starString,
  type Block,
} from '../../../adapters/slack/render.js';
import { HEAT_WITH_POSTER } from '../../helpers/card-fixtures.js';

function rateActions(movieId: number, steps: number[]): CardAction[] {
  return steps.map((n) => ({
    id: `v1:r:${movieId}:${n}:MACMACMA`,
    kind: 'rate',
    label: '★'.repeat(Math.floor(n)),
    value: n,
    group: 'rating',
  }));
}

function movieCard(movieId: number, overrides: Partial<Card> = {}): Card {
  return {
    kind: 'movie',
    title: `Heat ${movieId}`,
    url: `https://www.themoviedb.org/movie/${movieId}`,
    body: 'because you liked Ronin',
    fields: [
      { label: 'Genres', value: 'Action, Crime', inline: true },
      { label: 'Runtime', value: '2h 50m', inline: true },
      { label: 'Director', value: 'Michael Mann', inline: true },
      { label: 'For you', value: '4.3★', inline: true },
      { label: 'Cast', value: 'Al Pacino, Robert De Niro', inline: true },
    ],
    actions: [
      ...rateActions(movieId, [1, 2, 3, 4, 5]),
      { id: `v1:w:${movieId}:MACMACMA`, kind: 'watchlist', label: 'Watchlist', group: 'main' },
      { id: `v1:m:${movieId}:MACMACMA`, kind: 'more_like', label: 'More like this', group: 'main' },
      { id: `v1:y:${movieId}:MACMACMA`, kind: 'why', label: 'Why?', group: 'main' },
      { id: `v1:s:${movieId}:MACMACMA`, kind: 'seen', label: 'Seen it', group: 'menu' },
      { id: `v1:d:${movieId}:MACMACMA`, kind: 'dismiss', label: 'Not interested', group: 'menu' },
    ],
    footer: 'Ana rated it 4★',
    movie: {
      movieId,
      year: 1995,
      genres: ['Action', 'Crime'],
      runtime: 170,
      directors: ['Michael Mann'],
      predicted: 4.26,
      links: [
        { label: 'TMDB', url: `https://www.themoviedb.org/movie/${movieId}` },
        { label: 'IMDb', url: 'https://www.imdb.com/title/tt0113277/' },
      ],
    },
    ...overrides,
  };
}

/** Every string in the JSON, with the key it sits under. */
function strings(value: unknown, key = '', out: { key: string; text: string }[] = []): { key: string; text: string }[] {
  if (typeof value === 'string') out.push({ key, text: value });
  else if (Array.isArray(value)) value.forEach((v) => strings(v, key, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, k, out);
  return out;
}

describe('Slack movie card', () => {
  const blocks = renderCard(movieCard(6), 0);

  it('shows the title linked to TMDB, reason, genres, runtime, director and predicted stars', () => {
    const main = blocks[0] as { type: string; text: { text: string } };
    expect(main.type).toBe('section');
    expect(main.text.text).toContain('<https://www.themoviedb.org/movie/6|Heat 6 (1995)>');
    expect(main.text.text).toContain('_because you liked Ronin_');
    // The core's field values are authoritative, so every platform shows the same words.
    expect(main.text.text).toContain('\nAction, Crime · 2h 50m · dir. Michael Mann\nFor you 4.3★');
  });

  it('falls back to the movie facts when the core sends no such fields', () => {
    const [main] = renderCard(movieCard(6, { fields: undefined }), 0);
    expect((main as { text: { text: string } }).text.text).toContain('\nAction, Crime · 170 min · dir. Michael Mann\nPredicted ★★★★½ 4.3');
  });

  it('does not repeat fields the movie line already shows, keeps the others', () => {
    const fields = blocks.find((b) => b.block_id?.startsWith('c0.f.')) as { fields: { text: string }[] };
    expect(fields.fields.map((f) => f.text)).toEqual(['*Cast*\nAl Pacino, Robert De Niro']);
  });

  it('lays out five star buttons and an overflow with Seen / Not interested / Watchlist / More like this / Why', () => {
    const actions = blocks.find((b) => b.type === 'actions') as unknown as { elements: Record<string, unknown>[] };
    const buttons = actions.elements.filter((e) => e.type === 'button');
    expect(buttons.map((b) => b.value)).toEqual([1, 2, 3, 4, 5].map((n) => `v1:r:6:${n}:MACMACMA`));
    const overflow = actions.elements.find((e) => e.type === 'overflow') as { options: { text: { text: string }; value: string }[] };
    expect(overflow.options.map((o) => o.text.text)).toEqual(['Watchlist', 'More like this', 'Why?', 'Seen it', 'Not interested']);
    // Every payload goes back unchanged, and action ids are unique within the block.
    const ids = actions.elements.map((e) => e.action_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses a half-star select when the core offers more than five steps', () => {
    const els = actionElements(rateActions(1, [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]));
    expect(els).toHaveLength(1);
    const select = els[0] as { type: string; options: { value: string; text: { text: string } }[] };
    expect(select.type).toBe('static_select');
    expect(select.options).toHaveLength(10);
    expect(select.options[9]!.text.text).toBe('★★★★★');
  });

  it('puts the footer in a context block and tags every block with its card index', () => {
    expect(blocks.find((b) => b.type === 'context')).toMatchObject({ elements: [{ text: 'Ana rated it 4★' }] });
    for (const b of blocks) expect(cardIndexOf(b.block_id)).toBe(0);
  });

  it('escapes mrkdwn control characters in titles and reasons', () => {
    const [main] = renderCard(
      movieCard(1, { title: 'Tom & Jerry <3', body: 'a <b> c', url: undefined, movie: undefined, fields: undefined }),
      0,
    );
    expect((main as { text: { text: string } }).text.text).toBe('*Tom &amp; Jerry &lt;3*\n_a &lt;b&gt; c_');
  });

  it('writes stars on the half-star scale', () => {
    expect(starString(4.5)).toBe('★★★★½');
    expect(starString(1)).toBe('★');
  });
});

describe('Slack party card', () => {
  const party: Card = {
    kind: 'party',
    title: '🎬 Watch party · comedy',
    body: 'Voting: click every film you would happily watch (2 in).',
    fields: [
      { label: 'Host', value: 'Ana' },
      { label: '1. Heat (1995)', value: 'Ana ★★★★ · Bo ★★★ · 1 vote' },
    ],
    actions: [
      { id: 'v1:pv:1:6:MAC', kind: 'party_vote', label: '1. Heat (1995)', value: 1, group: 'main' },
      { id: 'v1:pj:1:MAC', kind: 'party_join', label: 'Join', group: 'main', style: 'success' },
      { id: 'v1:pl:1:MAC', kind: 'party_leave', label: 'Leave', group: 'menu' },
      { id: 'v1:pp:1:MAC', kind: 'party_pick', label: 'Pick again', group: 'menu' },
      { id: 'v1:pc:1:MAC', kind: 'party_close', label: 'Close vote (host)', group: 'main', style: 'danger' },
    ],
    party: {
      partyId: 1,
      status: 'voting',
      host: 'Ana',
      members: ['Ana', 'Bo'],
      constraints: 'comedy',
      candidates: [{ movieId: 6, title: 'Heat (1995)', groupStars: 3.5, memberStars: { Ana: 4, Bo: 3 }, votes: 1 }],
    },
  };

  it('shows the fields once and puts votes, join and close as buttons, leave and pick in the menu', () => {
    const blocks = renderCard(party, 0);
    const json = JSON.stringify(blocks);
    expect(json.match(/Heat \(1995\)/g)?.length).toBe(2); // field label and vote button, no duplicate summary
    const actions = blocks.find((b) => b.type === 'actions') as unknown as {
      elements: { type: string; style?: string; options?: unknown[] }[];
    };
    expect(actions.elements.map((e) => e.type)).toEqual(['button', 'button', 'button', 'overflow']);
    expect(actions.elements.map((e) => e.style)).toEqual([undefined, 'primary', 'danger', undefined]);
  });

  it('summarises party info when the core sends no fields', () => {
    const [main] = renderCard({ ...party, fields: undefined }, 0);
    expect((main as { text: { text: string } }).text.text).toContain('1. Heat (1995) · group 3.5★ · 1 vote');
  });
});

describe('Slack limits', () => {
  it('never puts more than 50 blocks in a message, and says how many cards were left out', () => {
    const cards = Array.from({ length: 30 }, (_, i) => movieCard(i + 1));
    const message = renderMessage({ text: 'Thirty picks', cards });
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    const shown = new Set(message.blocks.map((b) => cardIndexOf(b.block_id)).filter((i) => i !== undefined));
    const last = message.blocks.at(-1) as { type: string; elements: { text: string }[] };
    expect(last.type).toBe('context');
    expect(last.elements[0]!.text).toBe(`…and ${30 - shown.size} more not shown here.`);
  });

  it('keeps every text within its Block Kit limit, however long the input', () => {
    const long = 'x'.repeat(10_000);
    const card = movieCard(7, {
      title: long,
      body: long,
      footer: long,
      fields: Array.from({ length: 15 }, (_, i) => ({ label: `Field ${i}`, value: long })),
      actions: [
        { id: 'v1:r:7:4:MACMACMA', kind: 'rate', label: long, value: 4 },
        { id: 'v1:k:go:MACMACMA', kind: 'confirm', label: long },
      ],
    });
    const message = renderMessage({ text: long, cards: [card] });
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    for (const block of message.blocks) {
      const b = block as {
        type: string;
        text?: { text: string };
        fields?: { text: string }[];
        elements?: { text?: { text: string } | string }[];
      };
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (b.fields) {
        expect(b.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldsPerSection);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
      if (b.type === 'actions')
        for (const e of b.elements ?? []) expect((e.text as { text: string }).text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
      if (b.type === 'context')
        for (const e of b.elements ?? []) expect((e.text as string).length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
    }
    for (const s of strings(message.blocks)) if (s.key === 'block_id') expect(s.text.length).toBeLessThanOrEqual(SLACK_LIMITS.blockId);
  });

  it('splits a long text-only reply into sections of at most 3,000 characters', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${'y'.repeat(60)}`).join('\n');
    const { blocks } = renderMessage({ text });
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) expect((b as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(blocks.map((b) => (b as { text: { text: string } }).text.text).join('\n')).toBe(text);
  });

  it('always sets fallback text', () => {
    expect(fallbackText({})).toBe('Reelmate');
    expect(fallbackText({ cards: [movieCard(1), movieCard(2)] })).toBe('Heat 1, Heat 2');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});

describe('updating one card of a message', () => {
  it('replaces the clicked card only and keeps the order', () => {
    const message = renderMessage({ text: 'Picks', cards: [movieCard(1), movieCard(2), movieCard(3)] });
    const updated = replaceCard(message.blocks, 1, movieCard(2, { footer: 'Bo rated it 5★' }), 'r2') as Block[];
    expect(updated).toHaveLength(message.blocks.length);
    const footers = updated.filter((b) => b.type === 'context').map((b) => (b as { elements: { text: string }[] }).elements[0]!.text);
    expect(footers).toEqual(['Ana rated it 4★', 'Bo rated it 5★', 'Ana rated it 4★']);
    expect(updated.filter((b) => cardIndexOf(b.block_id) === 1).every((b) => b.block_id!.endsWith('.r2'))).toBe(true);
    expect(updated.filter((b) => cardIndexOf(b.block_id) === 0)).toEqual(message.blocks.filter((b) => cardIndexOf(b.block_id) === 0));
    expect(replaceCard(message.blocks, 9, movieCard(9), 'r3')).toBeUndefined();
  });
});

describe('Slack shared cards and posters', () => {
  const codec = new ActionCodec('render test secret 0123456789');
  const heat = HEAT_WITH_POSTER;

  it('shows the poster as the image accessory, the unknown runtime and whose stars a channel card shows', () => {
    const [main] = renderCard(coreMovieCard({ movie: heat, predicted: 4.26, forWhom: 'Ana' }, codec), 0);
    const section = main as { accessory?: { type: string; image_url: string }; text: { text: string } };
    expect(section.accessory).toMatchObject({ type: 'image', image_url: 'https://image.tmdb.org/t/p/w342/heat.jpg' });
    expect(section.text.text).toContain('Action · runtime unknown · dir. Michael Mann');
    expect(section.text.text).toContain('For Ana 4.3★');
    expect(section.text.text).not.toContain('For you');
  });
});
