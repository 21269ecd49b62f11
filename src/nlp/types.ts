/**
 * What parsePreferences understood from a request. The required field names are the
 * `reelmate parse --json` contract; optional fields come after them and may be ignored.
 */
export interface Preferences {
  /** MovieLens genre spellings: Comedy, Sci-Fi, Film-Noir, Children, ... Include = required. */
  genres: { include: string[]; exclude: string[] };
  /** Inclusive release-year bounds; null = no year constraint. */
  years: { from: number | null; to: number | null } | null;
  people: PersonPreference[];
  /** Inclusive runtime bounds in minutes. */
  runtime: { min: number | null; max: number | null } | null;
  /** ISO 639-1 code, or null. */
  language: string | null;
  /** "foreign": anything but English. */
  foreign?: boolean | undefined;
  similarTo: { movieId: number; title: string }[];
  /** Canonical mood names understood ("feel-good", "dark", "mind-bending", "for the kids", "date night"). */
  moods: string[];
  /** Tags / keywords to boost, derived from moods and modifiers ("lighter", "funnier"). */
  keywords?: string[] | undefined;
  quality?: 'highly_rated' | 'hidden_gem' | 'popular' | null | undefined;
  limit: number | null;
  /** Genres the moods favour without requiring them ("feel-good" -> Comedy). Never in genres.include/exclude. */
  boostGenres?: string[] | undefined;
  /** Moods the user does not want ("not gory", "nothing sad"). */
  excludeMoods?: string[] | undefined;
  /** Tags / keywords to avoid, derived from excludeMoods. */
  excludeKeywords?: string[] | undefined;
  /** Films the user named to leave out ("tarantino but not pulp fiction"). */
  excludeTitles?: { movieId: number; title: string }[] | undefined;
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
  /**
   * Best title matches for a phrase ("inception", "the matrix"), best first; score 1 = exact.
   * `fuzzy: false` asks for exact matches only (cheap; the parser uses it while scanning).
   */
  findTitles(phrase: string, limit: number, opts?: { fuzzy?: boolean }): { movieId: number; title: string; score: number }[];
  /** People whose name matches a phrase ("nolan" -> Christopher Nolan), best first; score 1 = full name. */
  findPeople(
    phrase: string,
    limit: number,
    opts?: { fuzzy?: boolean },
  ): {
    name: string;
    roles: ('actor' | 'director')[];
    /** The role most of the person's credits are in (two thirds or more), else null. */
    primaryRole?: 'actor' | 'director' | null | undefined;
    score: number;
    movies?: number | undefined;
  }[];
  /** Runtime in minutes of a movie, or null: "like X but shorter" is relative to X. */
  runtimeOf?(movieId: number): number | null;
  /** Newest release year in the catalogue: "recent" is relative to it. */
  readonly latestYear?: number | null | undefined;
}
