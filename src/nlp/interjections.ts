/**
 * Words people put in front of (or between) what they mean in chat: "meh not that one",
 * "eh the decade doesnt matter", "ok so why the second one". The follow-up and reference
 * readers skip them; one list, so both read a message the same way.
 */
export const INTERJECTIONS: ReadonlySet<string> = new Set([
  'ok', 'okay', 'alright', 'right', 'hmm', 'hmmm', 'hm', 'um', 'umm', 'uh', 'eh', 'meh', 'ugh', 'welp',
  'so', 'well', 'yeah', 'yes', 'yep', 'no', 'nah', 'nope', 'oh', 'actually', 'and', 'but', 'also', 'hey', 'then',
]);
