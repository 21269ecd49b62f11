/**
 * MovieLens titles: "Matrix, The (1999)", "City of Lost Children, The (Cité des enfants
 * perdus, La) (1995)", "Death Note: Desu nôto (2006–2007)", "Babylon 5". Pure.
 */

export interface ParsedTitle {
  /** The raw title, trimmed. */
  title: string;
  /** Main title with its article moved back to the front: "The Matrix". */
  displayTitle: string;
  /** First year of the trailing "(1999)" or "(2006–2007)"; null when there is none. */
  year: number | null;
  /** Titles in trailing parentheses ("a.k.a." and original-language titles), articles fixed. */
  alternateTitles: string[];
}

/**
 * Articles MovieLens moves to the end ("Misérables, Les"). Elided ones (L') join the next
 * word without a space. Kept to articles that actually occur in MovieLens releases, because
 * a wider list turns ordinary trailing words into false articles.
 */
const ARTICLES = [
  'The',
  'A',
  'An',
  'Le',
  'La',
  'Les',
  "L'",
  'Un',
  'Une',
  'El',
  'Los',
  'Las',
  'Lo',
  'Una',
  'Il',
  'I',
  'Gli',
  'Uno',
  'Der',
  'Die',
  'Das',
  'Ein',
  'Eine',
  'O',
  'Os',
  'As',
  'Um',
  'Uma',
  'De',
  'Het',
  'Een',
  'Den',
  'Det',
  'En',
  'Ett',
];
const ARTICLE_RE = new RegExp(`^(.+), (${ARTICLES.map((a) => a.replace("'", "['’]")).join('|')})$`);

/** "(1999)", "(2006–2007)", "(2006-)" at the very end. */
const YEAR_RE = /\s*\((\d{4})(?:\s*[–—-]\s*(?:\d{4})?)?\)$/;
/** One trailing parenthesised group without nested parentheses. */
const TRAILING_GROUP_RE = /\s*\(([^()]*)\)$/;

/** "Matrix, The" -> "The Matrix"; "Aventura, L'" -> "L'Aventura". */
export function moveArticleToFront(title: string): string {
  const m = ARTICLE_RE.exec(title.trim());
  if (!m) return title.trim();
  const [, rest, article] = m as unknown as [string, string, string];
  const elided = article.endsWith("'") || article.endsWith('’');
  return elided ? `${article}${rest}` : `${article} ${rest}`;
}

export function parseTitle(raw: string): ParsedTitle {
  const title = raw.replace(/\s+/g, ' ').trim();
  let rest = title;
  let year: number | null = null;
  const y = YEAR_RE.exec(rest);
  if (y && y.index > 0) {
    year = Number(y[1]);
    rest = rest.slice(0, y.index);
  }
  const alternates: string[] = [];
  // Peel trailing "(...)" groups off the end; they are alternate titles. Stop before eating
  // the whole string, so "(500) Days of Summer" and "(Untitled)" keep their name.
  for (;;) {
    const g = TRAILING_GROUP_RE.exec(rest);
    if (!g || g.index === 0) break;
    const inner = (g[1] ?? '').trim();
    rest = rest.slice(0, g.index);
    if (inner) alternates.unshift(moveArticleToFront(inner.replace(/^a\.k\.a\.\s*/i, '')));
  }
  const displayTitle = moveArticleToFront(rest) || title;
  return { title, displayTitle, year, alternateTitles: alternates };
}
