import { ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS as L, EPHEMERAL_FLAG } from '../../../adapters/discord/limits.js';
import {
  embedChars,
  renderCardUpdate,
  renderChoices,
  renderComponents,
  renderEmbed,
  renderReply,
  splitContent,
  starBar,
} from '../../../adapters/discord/render.js';
import { ActionCodec } from '../../../src/features/index.js';
import { movieCard as coreMovieCard } from '../../../src/features/index.js';
import type { Card, CardAction } from '../../../src/core/types.js';
import { HEAT_WITH_POSTER } from '../../helpers/card-fixtures.js';

const rateActions = (movieId: number): CardAction[] =>
  [1, 2, 3, 4, 5].map((v) => ({ id: `v1:r:${movieId}:${v}:abcdefgh`, kind: 'rate', label: `${v}★`, value: v, group: 'rating' }));

function movieCard(movieId: number, extra: Partial<Card> = {}): Card {
  return {
    kind: 'movie',
    title: 'Heat',
    url: 'https://www.themoviedb.org/movie/949',
    body: 'Because you liked Ronin and Collateral',
    movie: { movieId, year: 1995, genres: ['Action', 'Crime'], runtime: 170, directors: ['Michael Mann'], predicted: 4.26 },
    actions: [
      ...rateActions(movieId),
      { id: `v1:s:${movieId}:abcdefgh`, kind: 'seen', label: 'Seen', group: 'main' },
      { id: `v1:d:${movieId}:abcdefgh`, kind: 'dismiss', label: 'Not interested', group: 'main' },
      { id: `v1:w:${movieId}:abcdefgh`, kind: 'watchlist', label: 'Watchlist', group: 'main' },
      { id: `v1:m:${movieId}:abcdefgh`, kind: 'more_like', label: 'More like this', group: 'main' },
      { id: `v1:y:${movieId}:abcdefgh`, kind: 'why', label: 'Why?', group: 'main' },
    ],
    ...extra,
  };
}

const buttonsOf = (rows: ReturnType<typeof renderComponents>) =>
  rows.flatMap((r) => r.components).filter((c) => c.type === ComponentType.Button) as { custom_id: string; label: string; style: number }[];

describe('renderEmbed', () => {
  it('shows title with year linking to the movie page, reason, genres, runtime, director and predicted stars', () => {
    const e = renderEmbed(movieCard(6));
    expect(e.title).toBe('Heat (1995)');
    expect(e.url).toBe('https://www.themoviedb.org/movie/949');
    expect(e.description).toBe('Because you liked Ronin and Collateral');
    const fields = Object.fromEntries((e.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({
      Genres: 'Action, Crime',
      Runtime: '2h 50m',
      Director: 'Michael Mann',
      'Predicted for you': '★★★★☆ 4.3',
    });
  });

  it("renders a card from the core's own builder without repeating its fields", () => {
    const codec = new ActionCodec('render test secret 0123456789');
    const card = coreMovieCard(
      {
        movie: {
          id: 6,
          displayTitle: 'Heat',
          year: 1995,
          genres: ['Action', 'Crime'],
          runtime: 170,
          directors: ['Michael Mann'],
          cast: [],
          tmdbId: 949,
          imdbId: '0113277',
        },
        predicted: 4.26,
        reason: 'Because you liked Collateral',
        userRating: 3.5,
      },
      codec,
    );
    const e = renderEmbed(card);
    expect(e.title).toBe('Heat (1995)');
    expect(e.url).toBe('https://www.themoviedb.org/movie/949');
    const names = (e.fields ?? []).map((f) => f.name);
    expect(names).toEqual(['Genres', 'Runtime', 'Director', 'For you', 'Your rating']);
    const rows = renderComponents(card);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.components).toHaveLength(5);
    for (const id of buttonsOf(rows).map((b) => b.custom_id)) expect(codec.decode(id).ok).toBe(true);
  });

  it('does not repeat a year already in the title and skips a non-http url', () => {
    const e = renderEmbed(
      movieCard(6, {
        title: 'Heat (1995)',
        url: 'javascript:alert(1)',
        movie: { movieId: 6, year: 1995, links: [{ label: 'IMDb', url: 'https://www.imdb.com/title/tt0113277/' }] },
      }),
    );
    expect(e.title).toBe('Heat (1995)');
    expect(e.url).toBe('https://www.imdb.com/title/tt0113277/');
  });

  it('keeps every text within the embed limits, 6000 in total', () => {
    const long = 'x'.repeat(10_000);
    const e = renderEmbed({
      kind: 'info',
      title: long,
      body: long,
      footer: long,
      fields: Array.from({ length: 40 }, (_, i) => ({ label: `${i}${long}`, value: long })),
    });
    expect(e.title!.length).toBeLessThanOrEqual(L.embedTitle);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(L.embedDescription);
    expect(e.footer!.text.length).toBeLessThanOrEqual(L.embedFooter);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(L.embedFields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(L.embedFieldName);
      expect(f.value.length).toBeLessThanOrEqual(L.embedFieldValue);
    }
    expect(embedChars(e)).toBeLessThanOrEqual(L.embedTotalChars);
  });

  it('leaves out empty fields (Discord rejects them)', () => {
    const e = renderEmbed({
      kind: 'info',
      title: 't',
      fields: [
        { label: 'Empty', value: '  ' },
        { label: 'Ok', value: 'v' },
      ],
    });
    expect(e.fields).toEqual([{ name: 'Ok', value: 'v', inline: false }]);
  });
});

describe('renderComponents', () => {
  it('puts the 5 stars on the first row and the other actions on the next', () => {
    const rows = renderComponents(movieCard(6));
    expect(rows).toHaveLength(2);
    expect(rows[0]!.components.map((c) => (c as { label: string }).label)).toEqual(['1★', '2★', '3★', '4★', '5★']);
    expect(rows[1]!.components.map((c) => (c as { label: string }).label)).toEqual([
      'Seen',
      'Not interested',
      'Watchlist',
      'More like this',
      'Why?',
    ]);
  });

  it('highlights the star the viewer gave', () => {
    const card = movieCard(6);
    card.movie!.userRating = 4;
    const stars = buttonsOf(renderComponents(card)).slice(0, 5);
    expect(stars.map((b) => b.style)).toEqual([2, 2, 2, ButtonStyle.Success, 2]);
  });

  it('never exceeds 5 rows of 5 buttons, moving overflow into one select menu, and drops unusable ids', () => {
    const many: CardAction[] = Array.from({ length: 40 }, (_, i) => ({
      id: `v1:n:${i}:abcdefgh`,
      kind: 'next_page',
      label: `Action ${i}`,
    }));
    many.push({ id: 'x'.repeat(101), kind: 'why', label: 'too long' }, { id: 'v1:n:0:abcdefgh', kind: 'next_page', label: 'duplicate' });
    const rows = renderComponents({ kind: 'info', title: 't', actions: many });
    expect(rows.length).toBeLessThanOrEqual(L.actionRowsPerMessage);
    for (const r of rows) expect(r.components.length).toBeLessThanOrEqual(L.buttonsPerRow);
    const select = rows.at(-1)!.components[0] as { type: number; options: { value: string }[]; custom_id: string };
    expect(select.type).toBe(ComponentType.StringSelect);
    expect(select.options.length).toBeLessThanOrEqual(L.selectOptions);
    const ids = [...buttonsOf(rows).map((b) => b.custom_id), ...select.options.map((o) => o.value)];
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(L.customId);
  });
});

describe('renderReply', () => {
  it('gives each card with buttons its own message, the text riding on the first', () => {
    const msgs = renderReply({ text: 'Three picks for tonight', cards: [movieCard(1), movieCard(2), movieCard(3)] });
    expect(msgs).toHaveLength(3);
    expect(msgs[0]!.content).toBe('Three picks for tonight');
    for (const m of msgs) {
      expect(m.embeds).toHaveLength(1);
      expect(m.components).toHaveLength(2);
      expect(m.flags).toBe(0);
    }
  });

  it('batches cards without buttons, at most 10 embeds per message', () => {
    const cards: Card[] = Array.from({ length: 23 }, (_, i) => ({ kind: 'info', title: `Movie ${i}` }));
    const msgs = renderReply({ cards, ephemeral: true });
    expect(msgs.map((m) => m.embeds.length)).toEqual([10, 10, 3]);
    for (const m of msgs) expect(m.flags).toBe(EPHEMERAL_FLAG);
  });

  it('splits long text into messages of at most 2000 characters and attaches files', () => {
    const text = Array.from({ length: 300 }, (_, i) => `line ${i} of the profile`).join('\n');
    const msgs = renderReply({ text, attachment: { filename: 'me.json', contentType: 'application/json', content: '{"a":1}' } });
    expect(msgs.length).toBeGreaterThan(1);
    for (const m of msgs) expect(m.content!.length).toBeLessThanOrEqual(L.content);
    expect(msgs.map((m) => m.content).join('\n')).toBe(text);
    expect(msgs[0]!.files?.[0]?.data.toString()).toBe('{"a":1}');
  });

  it('never renders an empty message', () => {
    expect(renderReply({})).toEqual([{ content: '…', embeds: [], components: [], flags: 0 }]);
  });

  it('re-renders a clicked card without touching its flags', () => {
    const m = renderCardUpdate(movieCard(6, { footer: 'Bo rated it 4★' }));
    expect(m.embeds[0]!.footer?.text).toBe('Bo rated it 4★');
    expect(m.components).toHaveLength(2);
  });
});

describe('helpers', () => {
  it('caps autocomplete at 25 choices of at most 100 characters', () => {
    const choices = Array.from({ length: 40 }, (_, i) => ({ label: `${'Long title '.repeat(20)}${i}`, value: String(i) }));
    choices.push({ label: 'bad', value: 'v'.repeat(101) });
    const out = renderChoices(choices);
    expect(out).toHaveLength(L.autocompleteChoices);
    for (const c of out) expect(c.name.length).toBeLessThanOrEqual(L.choiceName);
    expect(out[0]!.value).toBe('0');
  });

  it('draws stars and splits text at line boundaries', () => {
    expect(starBar(3.5)).toBe('★★★★☆ 3.5');
    expect(starBar(9)).toBe('★★★★★ 5.0');
    expect(splitContent('aaaa\nbbbb', 6)).toEqual(['aaaa', 'bbbb']);
  });
});

describe('Discord shared cards and posters', () => {
  const codec = new ActionCodec('render test secret 0123456789');
  const heat = HEAT_WITH_POSTER;

  it('shows the poster as the embed thumbnail, says the runtime is unknown, names whose stars a channel card shows', () => {
    const embed = renderEmbed(
      coreMovieCard({ movie: heat, predicted: 4.26, forWhom: 'Ana', here: { raters: 2, meanRating: 3.5, watchlisted: 0 } }, codec),
    );
    expect(embed.thumbnail).toEqual({ url: 'https://image.tmdb.org/t/p/w342/heat.jpg' });
    expect(embed.fields).toContainEqual({ name: 'Runtime', value: 'unknown', inline: true });
    expect(embed.fields).toContainEqual({ name: 'For Ana', value: '4.3★', inline: true });
    expect(embed.fields).toContainEqual({ name: 'Here', value: 'rated by 2, avg 3.5★', inline: false });
    expect(JSON.stringify(embed)).not.toMatch(/For you|Your rating/);
  });

  it('highlights no star on a card rebuilt for the channel', () => {
    const card = coreMovieCard({ movie: heat, userRating: 4, forWhom: null }, codec);
    const styles = renderComponents(card)
      .flatMap((r) => r.components)
      .filter((c) => c.type === ComponentType.Button && /★$/.test(String((c as { label?: string }).label)));
    expect(styles.every((b) => (b as { style: number }).style !== ButtonStyle.Success)).toBe(true);
  });
});
