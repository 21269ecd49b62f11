import { describe, expect, it } from 'vitest';
import { formatText, isCardNote, monogram, renderCard, renderCardNote, renderReply, safeUrl } from '../../../adapters/playground/render.js';
import { renderPage } from '../../../adapters/playground/page.js';
import type { Card } from '../../../src/core/types.js';

const evil = `<script>alert("x")</script>`;

const movieCard: Card = {
  kind: 'movie',
  title: 'Heat (1995)',
  url: 'https://www.themoviedb.org/movie/949',
  body: 'Because you liked `Collateral`',
  fields: [
    { label: 'Genres', value: 'Action, Crime', inline: true },
    { label: 'For you', value: '4.3★', inline: true },
  ],
  actions: [
    { id: 'v1:r:6:4:abcdEFGH', kind: 'rate', label: '4★', value: 4, group: 'rating', style: 'primary' },
    { id: 'v1:w:6:zzzz_-12', kind: 'watchlist', label: 'Watchlist', emoji: '📌', group: 'main' },
  ],
  footer: 'Ana rated it 4★',
  movie: {
    movieId: 6,
    predicted: 4.26,
    links: [
      { label: 'TMDB', url: 'https://www.themoviedb.org/movie/949' },
      { label: 'Bad', url: 'javascript:alert(1)' },
    ],
  },
};

describe('playground rendering', () => {
  it('renders a movie card with its facts, buttons and footer', () => {
    const html = renderCard(movieCard);
    expect(html).toContain('data-movie="6"');
    expect(html).toContain('<a href="https://www.themoviedb.org/movie/949" target="_blank" rel="noopener noreferrer">Heat (1995)</a>');
    expect(html).toContain('4.3★ for you');
    expect(html).toContain('<code>Collateral</code>');
    expect(html).toContain('<dt>Genres</dt><dd>Action, Crime</dd>');
    expect(html).not.toContain('<dt>For you</dt>'); // shown as the badge instead
    expect(html).toContain('data-payload="v1:r:6:4:abcdEFGH"');
    expect(html).toContain('class="btn btn-primary act-rate"');
    expect(html).toContain('<footer>Ana rated it 4★</footer>');
    expect(html).toContain('>H</div>'); // the poster-less tile
    expect(html).not.toContain('javascript:');
  });

  it('escapes everything that comes from users or the catalogue', () => {
    const html = renderCard({
      kind: 'movie',
      title: evil,
      url: `javascript:${evil}`,
      body: evil,
      fields: [{ label: evil, value: evil }],
      actions: [{ id: `"><img src=x onerror=alert(1)>`, kind: 'rate', label: evil, emoji: evil }],
      footer: evil,
    });
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
    expect(html).toContain('&lt;script&gt;');
    const reply = renderReply(
      {
        text: evil,
        ephemeral: true,
        status: `"${evil}`,
        attachment: { filename: `${evil}.json`, contentType: 'application/json', content: evil },
      },
      { user: evil },
    );
    expect(reply).not.toMatch(/<script/);
    expect(reply).toContain('download="&lt;script');
  });

  it('marks private and failed replies', () => {
    const html = renderReply({ text: 'Nope', ephemeral: true, status: 'error:bad_rating' }, { user: 'Ana' });
    expect(html).toContain('class="msg bot ephemeral error"');
    expect(html).toContain('data-user="ana"');
    expect(html).toContain('only Ana can see this');
  });

  it('formats chat text: paragraphs, bullets, code', () => {
    expect(String(formatText('Why Heat?\n• one\n• two `x`\nend'))).toBe(
      '<p>Why Heat?</p><ul><li>one</li><li>two <code>x</code></li></ul><p>end</p>',
    );
  });

  it("renders the bot's markdown (bold, emphasis, code) safely: raw HTML, links and images stay text", () => {
    expect(String(formatText('Click **Join** to be part of the pick.'))).toBe('<p>Click <strong>Join</strong> to be part of the pick.</p>');
    expect(String(formatText('The group picked **Monty Python and the Holy Grail (1975)**!'))).toBe(
      '<p>The group picked <strong>Monty Python and the Holy Grail (1975)</strong>!</p>',
    );
    const hostile = String(
      formatText('**<img src=x onerror=alert(1)>** [x](javascript:alert(1)) ![p](https://evil.example/p.png) <b>hi</b>'),
    );
    expect(hostile).not.toMatch(/<img|<a |<b>/);
    expect(hostile).toContain('<strong>&lt;img src=x onerror=alert(1)&gt;</strong>');
    // A year at the start of a line is a year, not a list; "# 1" is not a heading.
    expect(String(formatText('1995. A good year\n# 1 pick'))).toBe('<p>1995. A good year</p><p># 1 pick</p>');
  });

  it('puts a private note about a card on that card, for its person only', () => {
    const note = { text: 'You rated Heat 4★.\nJust for you: **your rating 4★**.', ephemeral: true, status: 'rated' };
    expect(isCardNote(note)).toBe(true);
    expect(isCardNote({ ...note, ephemeral: false })).toBe(false);
    expect(isCardNote({ ...note, cards: [movieCard] })).toBe(false);
    const html = renderCardNote(note, { user: 'Ana' });
    expect(html).toContain('class="private" data-user="ana"');
    expect(html).toContain('only Ana can see this');
    expect(html).toContain('<strong>your rating 4★</strong>');
  });

  it('only lets http(s) links through', () => {
    expect(safeUrl('https://www.imdb.com/title/tt0113277/')).toBe('https://www.imdb.com/title/tt0113277/');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,hi')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
  });

  it('makes monograms and escapes', () => {
    expect(monogram('The Matrix (1999)')).toBe('M');
    expect(monogram('Forrest Gump (1994)')).toBe('FG');
    expect(monogram('(500) Days of Summer (2009)')).toBe('DS');
    expect(monogram('...')).toBe('★');
    expect(renderCard({ kind: 'info', title: `a&b<c>"d'` })).toContain('<h3>a&amp;b&lt;c&gt;&quot;d&#39;</h3>');
  });

  it('builds a page whose only inline style and script carry the nonce', () => {
    const page = renderPage({ nonce: 'abc123', subtitle: evil });
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).toContain('<script nonce="abc123">');
    expect(page).toContain('<style nonce="abc123">');
    expect(page).not.toMatch(/ style="/);
    expect(page).not.toContain(evil);
  });
});

describe('party cards', () => {
  it("shows members and one ranked list: group stars as a meter, each member's stars, votes, vote buttons in the rows, the winner, escaped", () => {
    const html = renderCard({
      kind: 'party',
      title: 'Watch party',
      fields: [{ label: '1. Toy Story (1995)', value: '▇▆ everyone 3.9★ or more' }],
      actions: [
        { id: 'v1:pv:3:1:MAC00001', kind: 'party_vote', label: '1. Toy Story (1995)', value: 1, emoji: '🗳' },
        { id: 'v1:pv:3:6:MAC00002', kind: 'party_vote', label: '2. evil', value: 2, emoji: '🗳' },
        { id: 'v1:pu:3:MAC00003', kind: 'party_unvote', label: 'Take back my votes', group: 'menu' },
      ],
      party: {
        partyId: 3,
        status: 'voting',
        host: 'Ana',
        members: ['Ana', evil],
        constraints: 'comedy',
        candidates: [
          {
            movieId: 1,
            title: 'Toy Story (1995)',
            groupStars: 4.2,
            memberStars: { Ana: 4.5, [evil]: 3.9 },
            votes: 2,
            reason: 'you all agree',
          },
          { movieId: 6, title: evil, groupStars: null, memberStars: {}, votes: 0 },
        ],
      },
    });
    expect(html).toContain('data-party="3"');
    expect(html).toContain('<span class="member host">Ana</span>');
    expect(html.match(/<li class="pick/g)).toHaveLength(2);
    expect(html).toContain('<meter min="0" max="5" value="4.2"></meter> 4.2★');
    expect(html).toContain('<span class="score muted">no stars yet</span>'); // no member has a prediction: no stars shown
    expect(html).toContain('Ana 4.5★');
    expect(html).toContain('2 votes');
    expect(html).toContain('you all agree');
    // The candidates are not shown twice (no field list beside the ranking), and each row holds its vote button.
    expect(html).not.toContain('<dl class="fields">');
    expect(html).toMatch(/data-movie="1">.*data-payload="v1:pv:3:1:MAC00001".*<\/li><li class="pick" data-movie="6">/);
    expect(html).toContain('data-payload="v1:pu:3:MAC00003"');
    expect(html).not.toContain('<script');
    const closed = renderCard({
      kind: 'party',
      title: 'Watch party',
      party: {
        partyId: 3,
        status: 'closed',
        host: 'Ana',
        members: ['Ana'],
        constraints: '',
        candidates: [{ movieId: 1, title: 'Toy Story (1995)', groupStars: 4.2, memberStars: { Ana: 4.5 }, votes: 1 }],
        winner: { movieId: 1, title: 'Toy Story (1995)' },
      },
    });
    expect(closed).toContain('<li class="pick winner" data-movie="1">');
    expect(closed).toContain('🏆 Toy Story (1995)');
  });

  it("shows a poster over the tile when one is known, and a named person's stars on a shared card", () => {
    const html = renderCard({
      ...movieCard,
      imageUrl: 'https://image.tmdb.org/t/p/w342/abc.jpg',
      fields: [{ label: 'For Ana', value: '4.3★', inline: true }],
      movie: { movieId: 6, predicted: 4.26, forWhom: 'Ana' },
    });
    expect(html).toContain('<img class="poster-img" src="https://image.tmdb.org/t/p/w342/abc.jpg"');
    expect(html).toContain('>H</div>');
    expect(html).toContain('4.3★ for Ana');
    expect(html).not.toContain('for you');
    expect(renderCard({ ...movieCard, imageUrl: 'javascript:alert(1)' })).not.toContain('<img');
  });
});
