/**
 * Loading a party for display: members with names, candidates with titles and the live tally.
 */
import type { MoviesRepository } from '../../db/repositories/movies.js';
import type { Party, PartiesRepository } from '../../db/repositories/parties.js';
import type { UsersRepository } from '../../db/repositories/users.js';
import type { PartyCandidateView, PartyMemberView, PartyView } from './card.js';
import { tally, winner, type TallyRow, type VotingMode } from '../../party/tally.js';

export interface PartyStores {
  parties: PartiesRepository;
  users: Pick<UsersRepository, 'byId'>;
  movies: Pick<MoviesRepository, 'byIds'>;
}

/** Settings kept in parties.settings (jsonb); read leniently, since old rows may lack keys. */
export interface PartySettings {
  /** "Friday" etc., shown before the constraints. */
  when?: string | undefined;
  /** The constraints as understood, for the card. */
  described?: string | undefined;
}

export function settingsOf(party: Party): PartySettings {
  const s = party.settings ?? {};
  return {
    when: typeof s.when === 'string' ? s.when : undefined,
    described: typeof s.described === 'string' ? s.described : undefined,
  };
}

export function constraintsLine(settings: PartySettings): string {
  const { when, described } = settings;
  if (when && described) return `${when}: ${described}`;
  return when ?? described ?? '';
}

export function displayTitle(movie: { displayTitle: string; year: number | null } | undefined, movieId: number): string {
  if (!movie) return `Movie ${movieId}`;
  return movie.year ? `${movie.displayTitle} (${movie.year})` : movie.displayTitle;
}

export async function memberViews(stores: PartyStores, userIds: readonly number[]): Promise<PartyMemberView[]> {
  const users = await Promise.all(userIds.map((id) => stores.users.byId(id)));
  return userIds.map((userId, i) => ({ userId, name: users[i]?.displayName ?? `member ${userId}`, externalId: users[i]?.externalId }));
}

export interface LoadedParty {
  view: PartyView;
  /** The tally, best first (empty before the pick). */
  rows: TallyRow[];
  leader: TallyRow | undefined;
}

export async function loadParty(stores: PartyStores, party: Party, note?: string): Promise<LoadedParty> {
  const [memberRows, candidates, votes] = await Promise.all([
    stores.parties.members(party.id),
    stores.parties.candidates(party.id),
    stores.parties.votes(party.id),
  ]);
  const memberIds = memberRows.map((m) => m.userId);
  const ids = [...new Set([party.hostUserId, ...memberIds])];
  const people = await memberViews(stores, ids);
  const byId = new Map(people.map((p) => [p.userId, p]));
  const movieIds = candidates.map((c) => c.movieId);
  if (party.winnerMovieId !== null) movieIds.push(party.winnerMovieId);
  const movies = await stores.movies.byIds(movieIds);
  const mode: VotingMode = party.votingMode;
  const rows = tally(
    mode,
    candidates.map((c) => ({ movieId: c.movieId, rank: c.rank, groupScore: c.groupScore })),
    votes.map((v) => ({ voter: v.userId, movieId: v.movieId, weight: v.weight })),
    { eligible: new Set(memberIds) },
  );
  const points = new Map(rows.map((r) => [r.movieId, r]));
  const candidateViews: PartyCandidateView[] = candidates.map((c) => ({
    movieId: c.movieId,
    title: displayTitle(movies.get(c.movieId), c.movieId),
    rank: c.rank,
    groupScore: c.groupScore,
    memberPredictions: c.memberPredictions,
    memberRisk: c.memberRisk ?? undefined,
    points: points.get(c.movieId)?.points ?? 0,
    voters: points.get(c.movieId)?.voters ?? 0,
  }));
  const view: PartyView = {
    partyId: party.id,
    status: party.status,
    votingMode: mode,
    host: byId.get(party.hostUserId)!,
    members: memberIds.map((id) => byId.get(id)!),
    constraints: constraintsLine(settingsOf(party)),
    candidates: candidateViews,
    winner:
      party.winnerMovieId !== null
        ? { movieId: party.winnerMovieId, title: displayTitle(movies.get(party.winnerMovieId), party.winnerMovieId) }
        : undefined,
    expiresAt: party.expiresAt,
    note,
  };
  return { view, rows, leader: winner(rows) };
}
