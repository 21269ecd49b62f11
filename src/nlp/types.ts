/** What parsePreferences understood from a request. Field names match `reelmate parse --json`. */
export interface Preferences {
  /** MovieLens genre spellings: Comedy, Sci-Fi, Film-Noir, Children, ... */
  genres: { include: string[]; exclude: string[] };
  years: { from: number | null; to: number | null } | null;
  people: PersonPreference[];
  runtime: { min: number | null; max: number | null } | null;
  /** ISO 639-1 code, or null. */
  language: string | null;
  /** "foreign": anything but English. */
  foreign?: boolean | undefined;
  similarTo: { movieId: number; title: string }[];
  /** Mood words understood ("feel-good", "dark", "mind-bending", "for the kids", "date night"). */
  moods: string[];
  /** Tags / keywords to boost, derived from moods and modifiers ("lighter", "funnier"). */
  keywords?: string[] | undefined;
  quality?: 'highly_rated' | 'hidden_gem' | 'popular' | null | undefined;
  limit: number | null;
}

export interface PersonPreference {
  name: string;
  role: 'actor' | 'director' | null;
  exclude: boolean;
}

export function emptyPreferences(): Preferences {
  return {
    genres: { include: [], exclude: [] },
    years: null,
    people: [],
    runtime: null,
    language: null,
    similarTo: [],
    moods: [],
    limit: null,
  };
}

/** The catalogue facts the parser may consult: titles and people, matched fuzzily. */
export interface PreferenceCatalog {
  /** Best title matches for a phrase ("inception", "the matrix"). */
  findTitles(phrase: string, limit: number): { movieId: number; title: string; score: number }[];
  /** People whose name matches a phrase ("nolan" -> Christopher Nolan). */
  findPeople(phrase: string, limit: number): { name: string; roles: ('actor' | 'director')[]; score: number }[];
}
