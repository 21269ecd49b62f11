import type { Answer, Call } from './protocol.js';
import type { Scorer } from './scorer.js';

/** Run one call on a scorer (in a worker, or on the calling thread when there are none). */
export function dispatch<C extends Call>(scorer: Scorer, call: C): Answer<C> {
  switch (call.op) {
    case 'recommend':
      return scorer.recommend(call.args) as Answer<C>;
    case 'predict':
      return scorer.predict(call.user, call.movieIds) as Answer<C>;
    case 'misery':
      return scorer.misery(call.user, call.movieIds) as Answer<C>;
    case 'similar':
      return scorer.similar(call.movieId, call.limit, call.user) as Answer<C>;
    case 'explain':
      return scorer.explain(call.user, call.movieId) as Answer<C>;
    case 'describe':
      return { films: scorer.model.hybrid.nItems, candidates: scorer.usesCandidates } as Answer<C>;
  }
}
