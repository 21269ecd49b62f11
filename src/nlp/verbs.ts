/**
 * Verbs that say what someone does or does not want, as phrases for the lexicon table.
 * Negative ones ("X hates horror", "my wife can't stand musicals", "nobody likes westerns",
 * "not in the mood for anything sad", "steer clear of thrillers") start a negation exactly like
 * "no"; positive ones ("love comedies", "she's into romance") end one, so "hate musicals, love
 * comedies" excludes only musicals. The lists are built from verb stems and auxiliaries rather
 * than written out, so every inflection people type is covered (hates, hated, doesnt like,
 * didnt enjoy, wont watch, ...).
 */

/** Verbs that are negative on their own, in any person or tense. */
const DISLIKE_STEMS = ['hate', 'dislike', 'detest', 'loathe', 'despise', 'abhor', 'refuse', 'avoid', 'skip'];
/** Verbs that become negative after a negated auxiliary ("doesnt like", "wont watch"). */
const WANT_VERBS = [
  'like',
  'want',
  'do',
  'watch',
  'enjoy',
  'care for',
  'dig',
  'love',
  'handle',
  'stand',
  'need',
  'fancy',
  'feel like',
  'go for',
  'get',
  'see',
  'sit through',
  'deal with',
  'stomach',
  'tolerate',
  'appreciate',
  'really like',
  'really want',
  'really do',
  // "i dont wanna cry", "we dont want to be scared", "she cant read subtitles": the wish or ability is negated
  'wanna',
  'want to',
  'wanna be',
  'want to be',
  'need to',
  'read',
  'keep up with',
];
const NEGATED_AUX = [
  'dont',
  'do not',
  'doesnt',
  'does not',
  'didnt',
  'did not',
  'wont',
  'will not',
  'cant',
  'can not',
  'cannot',
  'couldnt',
  'could not',
  'wouldnt',
  'would not',
  'never',
  'not gonna',
  'dont really',
  'doesnt really',
  'really dont',
  'really doesnt',
  'dont wanna',
  'do not wanna',
];
/** Subjects that negate a liking verb that follows them ("nobody here likes westerns"). */
export const NEGATIVE_SUBJECTS = ['nobody', 'no one', 'noone', 'none of us', 'neither of us', 'neither'];
/** Negative phrases that are not a verb plus auxiliary. */
const NEGATIVE_PHRASES = [
  'not a fan of',
  'not a big fan of',
  'not a huge fan of',
  'no fan of',
  'not big on',
  'not really into',
  'not into',
  'not keen on',
  'not in the mood for',
  'not feeling',
  'in no mood for',
  'steer clear of',
  'stay away from',
  'keep away from',
  'im so over',
  'so over',
  'im over',
  'sick of',
  'so sick of',
  'tired of',
  'so tired of',
  'fed up with',
  'had enough of',
  'enough of',
  'allergic to',
  'scared of',
  'afraid of',
  'no interest in',
  'not interested in',
  'pass on',
  'rather not',
  'id rather not',
  'would rather not',
  'spare me',
  'please no',
  'anything other than',
  'anything besides',
  'other than',
  'instead of',
  'rather than',
  'arent',
  'wasnt',
  'aint',
  'is not',
  'are not',
  'shouldnt be',
  'shouldnt have',
  'must not be',
  'cant be',
  'without any',
  'free of',
  'nothing that is',
  'nothing thats',
  // what frightens or upsets someone: "i get nightmares from scary stuff", "freaked out by gore"
  'nightmares from',
  'nightmares about',
  'get nightmares from',
  'terrified of',
  'frightened of',
  'scared by',
  'freaked out by',
  'creeped out by',
  'traumatized by',
  'traumatised by',
  'squeamish about',
  'cant handle',
  'too scared for',
];
/** What a refusal or dislike is about: "refuses to watch", "hates seeing", "avoids sitting through". */
const VIEWING_OBJECTS = ['to watch', 'to see', 'to sit through', 'watching', 'seeing', 'sitting through'];
/** Verbs of liking: they end a negation ("hate musicals, love comedies"), and are never a name. */
const LIKE_STEMS = ['love', 'like', 'want', 'enjoy', 'prefer', 'adore', 'dig', 'fancy', 'need', 'crave'];
const POSITIVE_PHRASES = [
  'into',
  'a fan of',
  'big fan of',
  'huge fan of',
  'fan of',
  'in the mood for',
  'up for',
  'down for',
  'craving',
  'feel like',
  'feeling',
  'would like',
  'id like',
  'id love',
  'would love',
  'looking for',
  'partial to',
  'thinking',
  'fine with',
  'ok with',
  'okay with',
  'dont mind',
  'do not mind',
  'wouldnt mind',
  'cant get enough of',
  'is fine',
  'are fine',
  'is ok',
  'are ok',
  'is okay',
  'are okay',
  'works',
  'would be good',
  'would be nice',
  'would be great',
  'why not',
  'how about',
  'what about',
];
/** "nothing like a good western", "nothing beats a rom com": praise, not negation. */
const PRAISE_IDIOMS = [
  'nothing like',
  'nothing beats',
  'nothing better than',
  'cant beat',
  'you cant beat',
  'cant go wrong with',
  'nothing quite like',
];

function inflect(stem: string): string[] {
  // "watches", not "watchs"
  const s = /(ch|sh|s|x)$/.test(stem) ? `${stem}es` : `${stem}s`;
  const d = stem.endsWith('e') ? `${stem}d` : stem === 'skip' ? 'skipped' : `${stem}ed`;
  const ing = stem.endsWith('e') ? `${stem.slice(0, -1)}ing` : stem === 'skip' ? 'skipping' : `${stem}ing`;
  return [stem, s, d, ing];
}

function build(): { negative: string[]; positive: string[]; praise: string[] } {
  const negative = new Set<string>();
  for (const stem of DISLIKE_STEMS) {
    for (const v of inflect(stem)) {
      negative.add(v);
      for (const o of VIEWING_OBJECTS) negative.add(`${v} ${o}`);
    }
  }
  for (const aux of NEGATED_AUX) {
    for (const verb of WANT_VERBS) negative.add(`${aux} ${verb}`);
    negative.add(`${aux} want any`);
  }
  for (const subject of NEGATIVE_SUBJECTS) {
    for (const stem of LIKE_STEMS) for (const v of inflect(stem).slice(0, 3)) negative.add(`${subject} ${v}`);
  }
  for (const p of NEGATIVE_PHRASES) negative.add(p);
  const positive = new Set<string>();
  for (const stem of LIKE_STEMS) for (const v of inflect(stem)) positive.add(v);
  for (const p of POSITIVE_PHRASES) positive.add(p);
  return { negative: [...negative], positive: [...positive], praise: PRAISE_IDIOMS };
}

const built = build();
/** Phrases that start a negation, like "no". */
export const NEGATIVE_VERB_PHRASES: readonly string[] = built.negative;
/** Phrases that end a negation and name nobody. */
export const POSITIVE_VERB_PHRASES: readonly string[] = built.positive;
/** Phrases that look negative but praise what follows. */
export const PRAISE_PHRASES: readonly string[] = built.praise;

/** Liking verbs a negative subject may reach across one or two words ("nobody here likes"). */
export const LIKING_WORDS = new Set(LIKE_STEMS.flatMap((s) => inflect(s).slice(0, 3)));
/** Verbs of watching: after a negative subject they negate too ("nobody in this house watches cartoons"). */
const VIEWING_STEMS = ['watch', 'see', 'stand', 'tolerate'];
const SUBJECT_VERBS = new Set([...LIKING_WORDS, ...VIEWING_STEMS.flatMap((s) => inflect(s).slice(0, 3)), 'saw']);

/**
 * "nobody here likes westerns", "no one in my family likes horror": a negative subject, at most
 * three words, then a liking verb. Returns the tokens covered (0 when none).
 */
export function negativeSubjectAt(norms: readonly string[], i: number): number {
  for (const subject of NEGATIVE_SUBJECTS) {
    const words = subject.split(' ');
    if (!words.every((w, k) => norms[i + k] === w)) continue;
    for (let gap = 0; gap <= 3; gap++) {
      const verb = norms[i + words.length + gap];
      if (verb === undefined) break;
      if (SUBJECT_VERBS.has(verb)) return words.length + gap + 1;
    }
  }
  return 0;
}
