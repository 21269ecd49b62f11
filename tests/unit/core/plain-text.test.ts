import { describe, expect, it } from 'vitest';
import { ActionCodec } from '../../../src/features/index.js';
import { movieCard } from '../../../src/features/index.js';
import { replyToPlainText } from '../../../src/core/plain-text.js';

describe('replyToPlainText', () => {
  it('prints text, cards with facts, links, buttons and footer', () => {
    const codec = new ActionCodec('plain-text-test-secret-0123');
    const card = movieCard(
      {
        movie: {
          id: 6,
          displayTitle: 'Heat',
          year: 1995,
          genres: ['Action', 'Crime'],
          runtime: 170,
          directors: ['Michael Mann'],
          cast: null,
          tmdbId: 949,
          imdbId: null,
        },
        predicted: 4.26,
        reason: 'because you liked Collateral',
        footer: 'You rated it 4★',
      },
      codec,
    );
    const text = replyToPlainText({
      text: 'Here you go',
      cards: [card],
      attachment: { filename: 'x.json', contentType: 'application/json', content: '{}' },
    });
    expect(text.split('\n')).toEqual([
      'Here you go',
      '',
      '▸ Heat (1995)  (4.3★ for you)',
      '  because you liked Collateral',
      '  Genres: Action, Crime · Runtime: 2h 50m · Director: Michael Mann',
      '  TMDB: https://www.themoviedb.org/movie/949',
      '  [1★] [2★] [3★] [4★] [5★] [Watchlist] [More like this] [Why?] [Seen it] [Not interested]',
      '  — You rated it 4★',
      '',
      '(attachment x.json, 2 characters)',
    ]);
  });
});
