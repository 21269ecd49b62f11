/**
 * The one door to the `natural` package: the parts Reelmate uses, with natural's own types.
 *
 * Not `import natural from 'natural'`: in natural 8.1 the package root loads database clients
 * (pg, mongoose, redis, memjs) for its optional stores, calls dotenv five times (printing tips to
 * stdout), and its named ESM exports are undefined. Measured on a 2-core machine at load 12:
 * the root import takes 1.6-2.3 s and 114 MiB RSS, the stemmer and tokenizer modules 0.1-0.2 s and 17 MiB.
 * So the submodules are imported here, and only here (biome.jsonc forbids them elsewhere);
 * if natural grows a light public entry point, this file is the only one to change.
 */
export { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';
export { WordTokenizer } from 'natural/lib/natural/tokenizers/index.js';
/** Only the tests use it, as the reference the hand-written bounded distance (src/nlp/fuzzy.ts) is checked against. */
export { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';
