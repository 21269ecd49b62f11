import { describe, expect, it } from 'vitest';
import { escapeHtml, formatText, monogram, renderCard, renderReply, safeUrl } from '../../../adapters/playground/render.js';
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
  movie: { movieId: 6, predicted: 4.26, links: [{ label: 'TMDB', url: 'https://www.themoviedb.org/movie/949' }, { label: 'Bad', url: 'javascript:alert(1)' }] },
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
    expect(html).toContain('&#60;script&#62;');
    const reply = renderReply({ text: evil, ephemeral: true, status: `"${evil}`, attachment: { filename: `${evil}.json`, contentType: 'application/json', content: evil } }, { user: evil });
    expect(reply).not.toMatch(/<script/);
    expect(reply).toContain('download="&#60;script');
  });

  it('marks private and failed replies', () => {
    const html = renderReply({ text: 'Nope', ephemeral: true, status: 'error:bad_rating' }, { user: 'Ana' });
    expect(html).toContain('class="msg bot ephemeral error"');
    expect(html).toContain('data-user="ana"');
    expect(html).toContain('only Ana can see this');
  });

  it('formats chat text: paragraphs, bullets, code', () => {
    expect(formatText('Why Heat?\n• one\n• two `x`\nend')).toBe('<p>Why Heat?</p><ul><li>one</li><li>two <code>x</code></li></ul><p>end</p>');
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
    expect(escapeHtml(`a&b<c>"d'`)).toBe('a&#38;b&#60;c&#62;&#34;d&#39;');
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
  it('shows members, candidates with meters, member stars, votes and the winner, escaped', () => {
    const html = renderCard({
      kind: 'party',
      title: 'Watch party',
      party: {
        partyId: 3,
        status: 'closed',
        host: 'Ana',
        members: ['Ana', evil],
        constraints: 'comedy',
        candidates: [
          { movieId: 1, title: 'Toy Story (1995)', groupStars: 4.2, memberStars: { Ana: 4.5, [evil]: 3.9 }, votes: 2 },
          { movieId: 6, title: evil, groupStars: null, memberStars: {}, votes: 0 },
        ],
        winner: { movieId: 1, title: 'Toy Story (1995)' },
      },
    });
    expect(html).toContain('<span class="member host">Ana</span>');
    expect(html).toContain('<tr class="winner">');
    expect(html).toContain('🏆 Toy Story (1995)');
    expect(html).toContain('<meter min="0" max="5" value="4.2"></meter> 4.2');
    expect(html).toContain('<td class="score">–</td>'); // no member has a prediction: no stars shown
    expect(html).toContain('Ana 4.5★');
    expect(html).toContain('2 🗳');
    expect(html).not.toContain('<script');
  });
});
