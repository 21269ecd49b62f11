import { describe, expect, it } from 'vitest';
import { moveArticleToFront, parseTitle } from '../../../src/nlp/titles.js';

describe('parseTitle', () => {
  it.each([
    ['Matrix, The (1999)', 'The Matrix', 1999],
    ['Toy Story (1995)', 'Toy Story', 1995],
    ['American President, The (1995)', 'The American President', 1995],
    ['Walk in the Clouds, A (1995)', 'A Walk in the Clouds', 1995],
    ['Misérables, Les (1995)', 'Les Misérables', 1995],
    ['Colonel Chabert, Le (1994)', 'Le Colonel Chabert', 1994],
    ['Tin Drum, The (Blechtrommel, Die) (1979)', 'The Tin Drum', 1979],
    ['Boot, Das (1981)', 'Das Boot', 1981],
    ["Atalante, L' (1934)", "L'Atalante", 1934],
    ['Cry, the Beloved Country (1995)', 'Cry, the Beloved Country', 1995],
    ['Lock, Stock & Two Smoking Barrels (1998)', 'Lock, Stock & Two Smoking Barrels', 1998],
    ['(500) Days of Summer (2009)', '(500) Days of Summer', 2009],
    ['Star Wars: Episode IV - A New Hope (1977)', 'Star Wars: Episode IV - A New Hope', 1977],
  ])('%s -> %s (%d)', (raw, display, year) => {
    const t = parseTitle(raw);
    expect(t.displayTitle).toBe(display);
    expect(t.year).toBe(year);
    expect(t.title).toBe(raw);
  });

  it('keeps original-language titles as alternates, with their articles fixed', () => {
    expect(parseTitle('City of Lost Children, The (Cité des enfants perdus, La) (1995)')).toEqual({
      title: 'City of Lost Children, The (Cité des enfants perdus, La) (1995)',
      displayTitle: 'The City of Lost Children',
      year: 1995,
      alternateTitles: ['La Cité des enfants perdus'],
    });
    expect(parseTitle('Hellboy II: The Golden Army (a.k.a. Hellboy 2) (2008)').alternateTitles).toEqual(['Hellboy 2']);
    expect(parseTitle('Postman, The (Postino, Il) (1994)').alternateTitles).toEqual(['Il Postino']);
  });

  it('handles missing years, year ranges and stray spaces', () => {
    expect(parseTitle('Babylon 5')).toMatchObject({ displayTitle: 'Babylon 5', year: null, alternateTitles: [] });
    expect(parseTitle('Death Note: Desu nôto (2006–2007)')).toMatchObject({ displayTitle: 'Death Note: Desu nôto', year: 2006 });
    expect(parseTitle('Cosmos (1980-)')).toMatchObject({ displayTitle: 'Cosmos', year: 1980 });
    expect(parseTitle('Runaway Brain (1995) ')).toMatchObject({ title: 'Runaway Brain (1995)', displayTitle: 'Runaway Brain', year: 1995 });
    expect(parseTitle('  Heat   (1995)')).toMatchObject({ displayTitle: 'Heat', year: 1995 });
  });

  it('never returns an empty display title', () => {
    expect(parseTitle('(1995)')).toMatchObject({ displayTitle: '(1995)', year: null });
    expect(parseTitle('(Untitled) (2001)')).toMatchObject({ displayTitle: '(Untitled)', year: 2001 });
  });
});

describe('moveArticleToFront', () => {
  it('moves only real articles', () => {
    expect(moveArticleToFront('Ladri di biciclette, Il')).toBe('Il Ladri di biciclette');
    expect(moveArticleToFront('Harry Connick, Jr.')).toBe('Harry Connick, Jr.');
    expect(moveArticleToFront('Wrong Trousers, The')).toBe('The Wrong Trousers');
    expect(moveArticleToFront('Aventura, L’')).toBe('L’Aventura');
  });
});
