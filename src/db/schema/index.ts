export * from './movies.js';
export * from './movie-tags.js';
export * from './users.js';
export * from './ratings.js';
export * from './rating-events.js';
export * from './marks.js';
export * from './watchlist.js';
export * from './model-versions.js';
export * from './model-chunks.js';
export * from './conversations.js';
export * from './settings.js';
export * from './processed-events.js';
export * from './slack-installations.js';
export * from './api-keys.js';
export * from './parties.js';
export * from './party-members.js';
export * from './party-candidates.js';
export * from './party-votes.js';
export * from './party-messages.js';
export * from './channel-people.js';
export * from './api-rate-buckets.js';
// online evaluation (src/insights, src/experiments)
export * from './experiments.js';
export * from './impressions.js';
// scale-out: precomputed top-N lists (src/jobs/precompute.ts)
export * from './recommendation-lists.js';
