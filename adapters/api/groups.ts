import type { RecommendationEngine } from '../../src/core/ports.js';
import type { Repositories } from '../../src/db/repositories/index.js';
import { groupPick, isStrategyName, type GroupPickPorts } from '../../src/party/pick.js';
import { whyItFits } from '../../src/party/present.js';
import { DEFAULT_STRATEGY, STRATEGY_NAMES } from '../../src/party/strategies.js';
import type { GroupRecommender } from './deps.js';

/** The watch-party group pick, served over HTTP with the same engine the bot uses. */
export function engineGroups(engine: RecommendationEngine, repos: Repositories): GroupRecommender {
  const ports: GroupPickPorts = {
    recommend: (input) => engine.recommend(input),
    predict: (userId, movieIds) => engine.predict(userId, movieIds),
    excluded: async (userId) => {
      const [rated, marks] = await Promise.all([repos.ratings.forUser(userId), repos.marks.forUser(userId)]);
      return new Set([...rated.map((r) => r.movieId), ...marks.map((m) => m.movieId)]);
    },
  };
  return {
    // the default strategy first: it is what an omitted `strategy` means
    strategies: [DEFAULT_STRATEGY, ...STRATEGY_NAMES.filter((s) => s !== DEFAULT_STRATEGY)],
    async recommend({ userIds, strategy, limit, preferences }) {
      if (!isStrategyName(strategy)) return [];
      const result = await groupPick(ports, { userIds, strategy, limit, preferences });
      const names = userIds.map(String);
      return result.items.map((item) => ({
        ...item,
        reason: whyItFits(
          names.map((n) => `user ${n}`),
          names.map((n) => item.memberPredictions[n] ?? Number.NaN),
        ),
      }));
    },
  };
}
