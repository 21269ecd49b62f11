/**
 * The phrases intent detection looks for, written normalised (lower case, no apostrophes:
 * "im new", "whats on"). Whole-message sets match the trimmed message exactly; verb and noun
 * lists match at a position.
 */

export const LEADING_FILLER = [
  'hey reelmate', 'hi reelmate', 'ok reelmate', 'reelmate', 'hey bot', 'bot', 'hey', 'hi', 'hello', 'yo', 'ok', 'okay', 'so',
  'please', 'pls', 'plz', 'can you', 'could you', 'would you', 'will you', 'can u', 'could u', 'i want to', 'i wanna',
  'i would like to', 'id like to', 'i d like to', 'lets', 'let', 'let us', 'go ahead and', 'just', 'um', 'umm', 'uh', 'well',
];
export const TRAILING_FILLER = ['please', 'pls', 'plz', 'thanks', 'thank you', 'thx', 'ty', 'for me', 'now', 'lol'];

export const HELP = new Set([
  'help', 'hi', 'hello', 'hey', 'yo', 'hiya', 'howdy', 'sup', 'commands', 'what can you do', 'how does this work',
  'how do i use this', 'how do you work', 'help me', 'what are the commands', 'usage', 'menu', 'options', 'info', 'about',
  'who are you', 'what are you', 'what can i ask you', 'what can i ask', 'what can i say', 'how do i use you', 'what do you do', 'good morning', 'good evening', 'hey there', 'hi there', 'hello there',
]);
export const MORE = new Set([
  'more', 'next', 'more please', 'show more', 'show me more', 'give me more', 'next page', 'another', 'another one',
  'others', 'keep going', 'moar', 'next one', 'more of those', 'any more', 'anymore', 'anything else', 'something else',
  'more results', 'more recs', 'more recommendations', 'more suggestions', 'more options', 'next ones', 'go on', 'continue',
  'more of that', 'different ones', 'other ones', 'what else', 'and', 'again', 'more more', 'show me different ones',
  'show me other ones', 'something different', 'different', 'other', 'others please', 'next please', 'the next ones',
]);
export const PROFILE = new Set([
  'profile', 'my profile', 'show my profile', 'show me my profile', 'what do you know about me', 'what do you know of me',
  'my taste', 'my tastes', 'my stats', 'about me', 'who am i', 'what do i like', 'my preferences', 'what are my tastes',
  'whats my taste', 'what is my taste', 'describe my taste', 'tell me about me', 'tell me about my taste', 'my ratings',
  'show my ratings', 'what have i rated', 'how well do you know me', 'what kind of movies do i like', 'show me my ratings',
  'what have i rated so far', 'my history', 'my rating history', 'show me my profile', 'stats',
]);
export const FORGET = new Set([
  'forget me', 'forget about me', 'delete my data', 'delete me', 'delete my account', 'erase my data', 'remove my data',
  'wipe my data', 'forget everything about me', 'forget everything', 'delete all my data', 'delete everything about me',
  'erase me', 'remove me', 'delete my profile', 'erase everything', 'forget all about me', 'delete my info',
  'delete my information', 'gdpr delete', 'wipe me', 'clear my data', 'delete all my ratings', 'forget my data',
]);
export const EXPORT = new Set([
  'export my data', 'export', 'export me', 'download my data', 'give me my data', 'send me my data', 'my data',
  'export my ratings', 'download my ratings', 'export everything', 'get my data', 'export all my data', 'data export',
  'what data do you have on me', 'what data do you have about me', 'gdpr export', 'download', 'download my stuff',
]);
export const ONBOARD = new Set([
  'onboard', 'onboarding', 'im new', 'i am new', 'new here', 'im new here', 'i am new here', 'get started', 'getting started',
  'start', 'lets start', 'let s start', 'lets go', 'setup', 'set up', 'set me up', 'rate some movies', 'first time',
  'new user', 'start over', 'first time here', 'how do i start', 'how do i get started', 'teach you my taste',
  'learn my taste', 'get to know me',
]);

export const RATE_VERBS = ['rate', 'rating', 'i rate', 'i would rate', 'id rate', 'i d rate', 'i would give', 'id give', 'i d give', 'i give', 'give', 'i rated', 'rated', 'score', 'i score', 'gave', 'i gave', 'id give it', 'i d give it'];
export const SEEN_VERBS = ['i have already seen', 'i already seen', 'ive already seen', 'i already saw', 'i already watched', 'ive already watched', 'i have seen', 'ive seen', 'i seen', 'i saw', 'already seen', 'already watched', 'already saw', 'seen', 'i watched', 'watched', 'saw', 'mark as seen', 'ive watched', 'i have watched', 'i just watched', 'just watched', 'i just saw', 'just saw'];
/** "why did you pick", "why would you recommend", "whyd you show me": every question form of a pick. */
const WHY_QUESTIONS = ['why did you', 'why would you', 'why do you', 'whyd you', 'why are you', 'how come you'];
const PICK_VERBS = ['pick', 'choose', 'recommend', 'suggest', 'show me', 'give me', 'put', 'include', 'picking', 'choosing', 'recommending', 'suggesting', 'showing me', 'giving me', 'picked', 'chose', 'recommended', 'suggested'];
export const WHY_VERBS = [...WHY_QUESTIONS.flatMap((q) => PICK_VERBS.map((v) => `${q} ${v}`)), 'how come you recommended', 'how come you picked', 'how come you suggested', 'why did you show me', 'why did you give me', 'why are you recommending', 'why should i watch', 'why did you recommend', 'why did you suggest', 'why did you pick', 'why did you choose', 'why do you recommend', 'why would i like', 'why would i enjoy', 'why recommend', 'why', 'explain', 'how come', 'reason for', 'why this', 'why is'];
export const SIMILAR_CUES = ['movies like', 'movies similar to', 'films like', 'films similar to', 'something like', 'something similar to', 'anything like', 'anything similar to', 'stuff like', 'more like', 'similar to', 'similar movies to', 'similar films to', 'similar', 'like', 'other movies like', 'shows like', 'recommend something like', 'recommend movies like', 'give me movies like', 'show me movies like', 'more movies like', 'titles like', 'what is similar to', 'whats similar to', 'what else is like'];
export const SEARCH_VERBS = ['search for', 'search', 'find', 'look up', 'lookup', 'look for', 'is there a movie called', 'do you have', 'find the movie', 'search movie', 'search the movie', 'info on', 'info about', 'details on', 'tell me about'];
export const WATCHLIST_NOUNS = ['watch list', 'watchlist', 'watch later list', 'watch later', 'to watch list', 'list', 'my list', 'queue', 'watchlists'];
export const PARTY_NOUNS = ['watch party', 'watchparty', 'watch parties', 'movie night', 'group watch', 'party'];
