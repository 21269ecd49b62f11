/** Watchlist requests in free text: "add heat to my watchlist", "watchlist remove jaws", "save alien for later". */
import type { DetectedIntent, IntentRule } from '../../nlp/intent.js';
import { findPhrase, slice, titleOrUndefined, type Words } from '../../nlp/intent-text.js';

export const WATCHLIST_NOUNS = [
  'watch list',
  'watchlist',
  'watch later list',
  'watch later',
  'to watch list',
  'list',
  'my list',
  'queue',
  'watchlists',
];

/** Verbs after a leading noun that make the message a statement about it, not a command. */
const STATEMENT_VERBS = new Set(['is', 'was', 'has', 'had', 'looks', 'seems', 'got', 'feels', 'isnt', 'keeps']);

function watchlistIntent(text: string, t: Words): DetectedIntent | undefined {
  const noun = findPhrase(t, WATCHLIST_NOUNS);
  const forLater = findPhrase(t, ['for later', 'to watch later', 'to watch']);
  if (!noun && !forLater) return undefined;
  // "list" alone is too common; it must be "my list" / "the list" / "watchlist"
  if (noun && (t[noun.at]!.norm === 'list' || t[noun.at]!.norm === 'queue') && noun.length === 1) {
    const before = t[noun.at - 1]?.norm;
    if (before !== 'my' && before !== 'the' && before !== 'watch') return undefined;
  }
  const first = t[0]!.norm;
  const addVerbs = ['add', 'put', 'save', 'queue', 'remember', 'stick', 'throw', 'bookmark', 'pin'];
  const removeVerbs = ['remove', 'delete', 'take', 'drop', 'clear', 'rm', 'erase', 'unsave', 'scratch', 'cross'];
  const start = 1;
  let op: 'add' | 'remove' | 'list';
  // "watchlist is full of dramas, ...", "my watchlist is too long": talk about the list, no command
  if (noun && STATEMENT_VERBS.has(t[noun.at + noun.length]?.norm ?? '')) return undefined;
  if (noun && noun.at === 0) {
    // "watchlist add heat", "watchlist"
    const v = t[noun.length]?.norm ?? '';
    op = addVerbs.includes(v) ? 'add' : removeVerbs.includes(v) ? 'remove' : 'list';
    if (op === 'list') return { command: 'watchlist', args: { op } };
    return { command: 'watchlist', args: { op, title: titleOrUndefined(slice(text, t, noun.length + 1, t.length)) } };
  }
  if (addVerbs.includes(first)) op = 'add';
  else if (removeVerbs.includes(first)) op = 'remove';
  else if (forLater && !noun) return undefined;
  else op = 'list';
  if (op === 'list') return { command: 'watchlist', args: { op } };
  // the title runs from the verb to "to / on / from / off (my) watchlist"
  let end = (noun ?? forLater)!.at;
  while (end > start && ['to', 'on', 'onto', 'into', 'in', 'from', 'off', 'of', 'my', 'the', 'out'].includes(t[end - 1]!.norm)) end--;
  if (forLater && forLater.at < end) end = forLater.at;
  return { command: 'watchlist', args: { op, title: titleOrUndefined(slice(text, t, start, end)) } };
}

export const watchlistIntents: IntentRule[] = [{ stage: 90, detect: ({ text, words }) => watchlistIntent(text, words) }];
