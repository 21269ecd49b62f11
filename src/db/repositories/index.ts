import type { Db } from '../client.js';
import { ChannelPeopleRepository } from './channel-people.js';
import { MarksRepository } from './marks.js';
import { ModelsRepository } from './models.js';
import { MoviesRepository } from './movies.js';
import { RatingsRepository } from './ratings.js';
import { RecommendationListsRepository } from './recommendation-lists.js';
import { UsersRepository } from './users.js';
import { WatchlistRepository } from './watchlist.js';

export * from './channel-people.js';
export * from './marks.js';
export * from './models.js';
export * from './movies.js';
export * from './ratings.js';
export * from './recommendation-lists.js';
export * from './users.js';
export * from './watchlist.js';

export interface Repositories {
  users: UsersRepository;
  movies: MoviesRepository;
  ratings: RatingsRepository;
  marks: MarksRepository;
  watchlist: WatchlistRepository;
  models: ModelsRepository;
  recommendationLists: RecommendationListsRepository;
  channelPeople: ChannelPeopleRepository;
}

export function createRepositories(db: Db): Repositories {
  return {
    users: new UsersRepository(db),
    movies: new MoviesRepository(db),
    ratings: new RatingsRepository(db),
    marks: new MarksRepository(db),
    watchlist: new WatchlistRepository(db),
    models: new ModelsRepository(db),
    recommendationLists: new RecommendationListsRepository(db),
    channelPeople: new ChannelPeopleRepository(db),
  };
}
