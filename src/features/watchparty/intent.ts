/** Watch-party requests in free text: "start a watch party, comedy", "vote 2", "close the vote". */
import type { DetectedIntent, IntentRule } from '../../nlp/intent.js';
import { findPhrase, slice, type Words } from '../../nlp/intent-text.js';
import { phraseKey } from '../../nlp/phrases.js';

export const PARTY_NOUNS = ['watch party', 'watchparty', 'watch parties', 'movie night', 'group watch', 'party'];

/**
 * A watchparty intent: `op` and `query` as documented, plus the names the watchparty command
 * reads (`action`, `constraints` for start, `number` for a numeric vote).
 */
function watchparty(op: string, query: string | undefined): DetectedIntent {
  const args: DetectedIntent['args'] = { op, query, action: op };
  if (op === 'start' && query) args.constraints = query;
  if (op === 'vote' && query !== undefined) {
    const n = Number(query.replace('#', '').trim());
    if (Number.isInteger(n) && n > 0) args.number = n;
  }
  return { command: 'watchparty', args };
}

function partyIntent(text: string, t: Words): DetectedIntent | undefined {
  const noun = findPhrase(t, PARTY_NOUNS);
  const first = t[0]?.norm ?? '';
  const ops: Record<string, 'start' | 'join' | 'leave' | 'pick' | 'vote' | 'close' | 'status'> = {
    start: 'start',
    create: 'start',
    host: 'start',
    begin: 'start',
    new: 'start',
    plan: 'start',
    organize: 'start',
    organise: 'start',
    open: 'start',
    throw: 'start',
    have: 'start',
    make: 'start',
    join: 'join',
    leave: 'leave',
    quit: 'leave',
    exit: 'leave',
    pick: 'pick',
    choose: 'pick',
    decide: 'pick',
    suggest: 'pick',
    candidates: 'pick',
    vote: 'vote',
    close: 'close',
    end: 'close',
    finish: 'close',
    stop: 'close',
    cancel: 'close',
    status: 'status',
    show: 'status',
  };
  if (!noun) {
    // "vote 2", "vote for heat" only make sense in a party
    if (first === 'vote') return watchparty('vote', slice(text, t, t[1]?.norm === 'for' ? 2 : 1, t.length));
    return undefined;
  }
  // "watch party" is unambiguous; "party" or "movie night" alone need a party verb
  // ("movie night with the family" is a request)
  const nounWord = phraseKey(t, noun.at, noun.length);
  const explicit = nounWord === 'watch party' || nounWord === 'watchparty' || nounWord === 'watch parties';
  const verbBefore = t.slice(0, noun.at).some((x) => Object.hasOwn(ops, x.norm));
  if (!explicit && !verbBefore && !Object.hasOwn(ops, t[noun.at + 1]?.norm ?? '')) return undefined;
  let op: string | undefined;
  let queryFrom = noun.at + noun.length;
  for (let k = 0; k < noun.at; k++) {
    const o = ops[t[k]!.norm];
    if (o) {
      op = o;
      break;
    }
  }
  if (!op) {
    const o = ops[t[queryFrom]?.norm ?? ''];
    if (o) {
      op = o;
      queryFrom++;
    }
  }
  while (queryFrom < t.length && t[queryFrom]!.kind === 'punct') queryFrom++;
  const query = slice(text, t, queryFrom, t.length);
  op ??= query ? 'start' : 'status';
  return watchparty(op, query);
}

export const partyIntents: IntentRule[] = [
  { stage: 80, detect: ({ text, words }) => partyIntent(text, words) },
  {
    // party words without "party": "join", "i want to join", "close the vote"
    stage: 120,
    detect: ({ words: t, key }) => {
      if (t.length <= 3 && (t[0]!.norm === 'join' || t[0]!.norm === 'leave')) return watchparty(t[0]!.norm, undefined);
      if (
        t.length <= 4 &&
        ['close', 'end', 'finish', 'stop'].includes(t[0]!.norm) &&
        (key.includes('vote') || key.includes('voting') || key.includes('poll'))
      ) {
        return watchparty('close', undefined);
      }
      if (key === 'party') return watchparty('status', undefined);
      return undefined;
    },
  },
];
