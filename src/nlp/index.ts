/** Natural-language requests: preferences, the echo, intents. Pure; the catalogue is passed in. */
export { parsePreferences, type ParseOptions } from './parse.js';
export { describePreferences, describeParts, hasPreferences, genreLabel, languageName } from './describe.js';
export { createIntentDetector, type DetectedIntent, type IntentRule } from './intent.js';
export { emptyPreferences, type Preferences, type PersonPreference, type PreferenceCatalog } from './types.js';
export { GENRES, MOODS, type Genre, type Mood } from './lexicon.js';
