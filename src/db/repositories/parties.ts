import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { parties } from '../schema/parties.js';
import { partyCandidates } from '../schema/party-candidates.js';
import { partyMembers } from '../schema/party-members.js';
import { partyVotes } from '../schema/party-votes.js';
import type {
  CandidateInput,
  ClosedPartySummary,
  CreatePartyInput,
  CreatePartyOutcome,
  JoinOutcome,
  Party,
  PartyCandidate,
  PartyStatus,
  PartyVote,
  UnvoteOutcome,
  VoteOutcome,
} from './party-types.js';

export type * from './party-types.js';

const LIVE: PartyStatus[] = ['open', 'voting'];

/**
 * Advisory lock key for (party, user); user 0 = the party's list. The one-bigint key space is
 * separate from the two-int one the ratings repository uses, so the two never contend.
 */
const lockKey = (partyId: number, userId: number) => sql`${partyId * 4_294_967_296 + userId}::bigint`;

/**
 * Watch parties: one live party per channel (a partial unique index guarantees it), members,
 * the group's candidates and votes. Votes are rows keyed (party, voter, movie), so a double
 * click is a no-op and two voters clicking at once both land.
 */
export class PartiesRepository {
  constructor(private readonly db: Db) {}

  /**
   * Open a party in a channel. A live party already there wins (conflict); one whose time ran
   * out is marked expired first, so a stale party never blocks a new one.
   */
  async create(input: CreatePartyInput): Promise<CreatePartyOutcome> {
    const now = input.now ?? new Date();
    return this.db.transaction(async (tx) => {
      await tx
        .update(parties)
        .set({ status: 'expired', closedAt: now })
        .where(
          and(
            eq(parties.platform, input.platform),
            eq(parties.channelKey, input.channelKey),
            inArray(parties.status, LIVE),
            lt(parties.expiresAt, now),
          ),
        );
      const [created] = await tx
        .insert(parties)
        .values({
          platform: input.platform,
          channelKey: input.channelKey,
          hostUserId: input.hostUserId,
          status: 'open',
          constraintsText: input.constraintsText ?? '',
          strategy: input.strategy ?? 'relevance_without_misery',
          votingMode: input.votingMode ?? 'approval',
          settings: input.settings ?? {},
          createdAt: now,
          expiresAt: new Date(now.getTime() + input.ttlMs),
        })
        .onConflictDoNothing()
        .returning();
      if (created) {
        await tx.insert(partyMembers).values({ partyId: created.id, userId: input.hostUserId, joinedAt: now });
        return { kind: 'created', party: created } as const;
      }
      const [existing] = await tx
        .select()
        .from(parties)
        .where(and(eq(parties.platform, input.platform), eq(parties.channelKey, input.channelKey), inArray(parties.status, LIVE)));
      if (!existing) throw new Error('party insert conflicted but no live party was found');
      return { kind: 'conflict', party: existing } as const;
    });
  }

  async byId(id: number): Promise<Party | undefined> {
    const [row] = await this.db.select().from(parties).where(eq(parties.id, id));
    return row;
  }

  /** The live party of a channel, if any (an overdue one is expired on the way). */
  async live(platform: string, channelKey: string, now = new Date()): Promise<Party | undefined> {
    await this.expireDue(now, { platform, channelKey });
    const [row] = await this.db
      .select()
      .from(parties)
      .where(and(eq(parties.platform, platform), eq(parties.channelKey, channelKey), inArray(parties.status, LIVE)));
    return row;
  }

  /** The live party of a channel even when its time is up (the caller settles it: close or expire). */
  async current(platform: string, channelKey: string): Promise<Party | undefined> {
    const [row] = await this.db
      .select()
      .from(parties)
      .where(and(eq(parties.platform, platform), eq(parties.channelKey, channelKey), inArray(parties.status, LIVE)));
    return row;
  }

  /** Expire one party (no winner) if it is still live; false when someone settled it first. */
  async expire(partyId: number, now = new Date()): Promise<boolean> {
    const rows = await this.db
      .update(parties)
      .set({ status: 'expired', closedAt: now })
      .where(and(eq(parties.id, partyId), inArray(parties.status, LIVE)))
      .returning({ id: parties.id });
    return rows.length > 0;
  }

  /**
   * Mark every live party past its time as expired; returns their ids. Runs from the timer
   * and lazily before channel look-ups, so expiry holds even when no timer ran.
   */
  async expireDue(now = new Date(), where?: { platform: string; channelKey: string }): Promise<number[]> {
    const rows = await this.db
      .update(parties)
      .set({ status: 'expired', closedAt: now })
      .where(
        and(
          inArray(parties.status, LIVE),
          lt(parties.expiresAt, now),
          where ? and(eq(parties.platform, where.platform), eq(parties.channelKey, where.channelKey)) : undefined,
        ),
      )
      .returning({ id: parties.id });
    return rows.map((r) => r.id);
  }

  /** Live parties whose time is up: the timer closes these (announcing a winner) rather than expiring them silently. */
  async due(now = new Date()): Promise<Party[]> {
    return this.db
      .select()
      .from(parties)
      .where(and(inArray(parties.status, LIVE), lt(parties.expiresAt, now)))
      .orderBy(asc(parties.id));
  }

  /** Join one person; see joinMany. */
  async join(partyId: number, userId: number, now = new Date()): Promise<JoinOutcome> {
    const outcome = await this.joinMany(partyId, [userId], now);
    if (outcome.kind !== 'joined') return outcome;
    return outcome.joined.length > 0 ? { kind: 'joined', joined: outcome.joined, already: [] } : { kind: 'already_member' };
  }

  /**
   * Join several people at once (a host bringing their voice channel along). Only a live
   * party whose time is not up takes members; the party row is read FOR SHARE, so a close or
   * an expiry either waits for the join or is seen by it. Ids already in are reported, not
   * doubled; the same id given twice counts once.
   */
  async joinMany(partyId: number, userIds: readonly number[], now = new Date()): Promise<JoinOutcome> {
    const wanted = [...new Set(userIds)];
    return this.db.transaction(async (tx) => {
      const [party] = await tx.select().from(parties).where(eq(parties.id, partyId)).for('share');
      if (!party) return { kind: 'not_found' } as const;
      if (!LIVE.includes(party.status) || party.expiresAt < now) return { kind: 'not_live', status: party.status } as const;
      if (wanted.length === 0) return { kind: 'joined', joined: [], already: [] } as const;
      // Rows go in in id order: two overlapping invites then wait on each other's first common
      // row instead of each holding a row the other needs (a deadlock).
      const rows = await tx
        .insert(partyMembers)
        .values([...wanted].sort((a, b) => a - b).map((userId) => ({ partyId, userId, joinedAt: now })))
        .onConflictDoNothing()
        .returning({ userId: partyMembers.userId });
      const joined = new Set(rows.map((r) => r.userId));
      return { kind: 'joined', joined: wanted.filter((id) => joined.has(id)), already: wanted.filter((id) => !joined.has(id)) } as const;
    });
  }

  /** Leave and withdraw one's votes in one step; false when not a member. */
  async leave(partyId: number, userId: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const gone = await tx
        .delete(partyMembers)
        .where(and(eq(partyMembers.partyId, partyId), eq(partyMembers.userId, userId)))
        .returning({ userId: partyMembers.userId });
      await tx.delete(partyVotes).where(and(eq(partyVotes.partyId, partyId), eq(partyVotes.userId, userId)));
      return gone.length > 0;
    });
  }

  async members(partyId: number): Promise<{ userId: number; joinedAt: Date }[]> {
    return this.db
      .select({ userId: partyMembers.userId, joinedAt: partyMembers.joinedAt })
      .from(partyMembers)
      .where(eq(partyMembers.partyId, partyId))
      .orderBy(asc(partyMembers.joinedAt), asc(partyMembers.userId));
  }

  /**
   * Store the group's list (in rank order) and open voting. A new pick replaces the old list
   * and its votes. Returns false when the party is no longer live.
   */
  async setCandidates(partyId: number, candidates: readonly CandidateInput[]): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${lockKey(partyId, 0)})`);
      const [live] = await tx
        .update(parties)
        .set({ status: 'voting' })
        .where(and(eq(parties.id, partyId), inArray(parties.status, LIVE)))
        .returning({ id: parties.id });
      if (!live) return false;
      await tx.delete(partyVotes).where(eq(partyVotes.partyId, partyId));
      await tx.delete(partyCandidates).where(eq(partyCandidates.partyId, partyId));
      if (candidates.length > 0) {
        await tx.insert(partyCandidates).values(
          candidates.map((c, i) => ({
            partyId,
            movieId: c.movieId,
            rank: i + 1,
            groupScore: c.groupScore,
            memberPredictions: c.memberPredictions,
            memberRisk: c.memberRisk && Object.keys(c.memberRisk).length ? c.memberRisk : null,
          })),
        );
      }
      return true;
    });
  }

  async candidates(partyId: number): Promise<PartyCandidate[]> {
    return this.db.select().from(partyCandidates).where(eq(partyCandidates.partyId, partyId)).orderBy(asc(partyCandidates.rank));
  }

  /**
   * Cast a vote. Approval: weight 1. Ranked: the voter's next position (1 = first choice),
   * assigned under a per-(party, voter) lock so two quick clicks get positions 1 and 2.
   */
  async vote(partyId: number, userId: number, movieId: number, now = new Date()): Promise<VoteOutcome> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${lockKey(partyId, userId)})`);
      // FOR SHARE: a re-pick or a close (both update this row) waits for the vote, or the vote
      // waits for them and then sees the new list or the closed party. No vote lands on a
      // candidate list that is gone, or after the winner was chosen.
      const [party] = await tx.select().from(parties).where(eq(parties.id, partyId)).for('share');
      if (!party) return { kind: 'not_found' } as const;
      if (LIVE.includes(party.status) && party.expiresAt < now) return { kind: 'expired' } as const;
      if (party.status !== 'voting') return { kind: 'not_voting', status: party.status } as const;
      const [member] = await tx
        .select({ userId: partyMembers.userId })
        .from(partyMembers)
        .where(and(eq(partyMembers.partyId, partyId), eq(partyMembers.userId, userId)));
      if (!member) return { kind: 'not_member' } as const;
      const [candidate] = await tx
        .select({ movieId: partyCandidates.movieId })
        .from(partyCandidates)
        .where(and(eq(partyCandidates.partyId, partyId), eq(partyCandidates.movieId, movieId)));
      if (!candidate) return { kind: 'not_candidate' } as const;
      let weight = 1;
      if (party.votingMode === 'ranked') {
        const [row] = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(partyVotes)
          .where(and(eq(partyVotes.partyId, partyId), eq(partyVotes.userId, userId)));
        weight = (row?.n ?? 0) + 1;
      }
      const inserted = await tx
        .insert(partyVotes)
        .values({ partyId, userId, movieId, weight, votedAt: now })
        .onConflictDoNothing()
        .returning({ weight: partyVotes.weight });
      return inserted.length > 0 ? ({ kind: 'voted', weight } as const) : ({ kind: 'duplicate' } as const);
    });
  }

  /**
   * Take back a voter's vote for one film, or all of their votes, while the vote is open.
   * Under the same per-(party, voter) lock as vote(), with the party row read FOR SHARE, so
   * it never interleaves with that voter's own clicks, a re-pick or a close. Ranked: the
   * voter's later choices move up one place each, so their positions stay 1, 2, 3...
   */
  async unvote(partyId: number, userId: number, movieId?: number, now = new Date()): Promise<UnvoteOutcome> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${lockKey(partyId, userId)})`);
      const [party] = await tx.select().from(parties).where(eq(parties.id, partyId)).for('share');
      if (!party) return { kind: 'not_found' } as const;
      if (LIVE.includes(party.status) && party.expiresAt < now) return { kind: 'expired' } as const;
      if (party.status !== 'voting') return { kind: 'not_voting', status: party.status } as const;
      const mine = and(eq(partyVotes.partyId, partyId), eq(partyVotes.userId, userId));
      const gone = await tx
        .delete(partyVotes)
        .where(movieId === undefined ? mine : and(mine, eq(partyVotes.movieId, movieId)))
        .returning({ weight: partyVotes.weight });
      if (party.votingMode === 'ranked' && movieId !== undefined && gone[0]) {
        await tx
          .update(partyVotes)
          .set({ weight: sql`${partyVotes.weight} - 1` })
          .where(and(mine, sql`${partyVotes.weight} > ${gone[0].weight}`));
      }
      return { kind: 'withdrawn', count: gone.length } as const;
    });
  }

  async votes(partyId: number): Promise<PartyVote[]> {
    return this.db
      .select()
      .from(partyVotes)
      .where(eq(partyVotes.partyId, partyId))
      .orderBy(asc(partyVotes.votedAt), asc(partyVotes.userId));
  }

  /**
   * Close with a winner. Only one caller wins a race (host click vs. timer): the update is
   * conditional on the party still being live. Returns the closed party, or undefined.
   */
  async close(partyId: number, winnerMovieId: number | null, now = new Date()): Promise<Party | undefined> {
    const [row] = await this.db
      .update(parties)
      .set({ status: 'closed', winnerMovieId, closedAt: now })
      .where(and(eq(parties.id, partyId), inArray(parties.status, LIVE)))
      .returning();
    return row;
  }

  /** Past closed parties of a channel with their candidates, most recent first (fairness history). */
  async history(platform: string, channelKey: string, limit = 5): Promise<ClosedPartySummary[]> {
    const past = await this.db
      .select()
      .from(parties)
      .where(and(eq(parties.platform, platform), eq(parties.channelKey, channelKey), eq(parties.status, 'closed')))
      .orderBy(desc(parties.closedAt), desc(parties.id))
      .limit(limit);
    if (past.length === 0) return [];
    const rows = await this.db
      .select()
      .from(partyCandidates)
      .where(
        inArray(
          partyCandidates.partyId,
          past.map((p) => p.id),
        ),
      )
      .orderBy(asc(partyCandidates.rank));
    return past.map((party) => ({ party, candidates: rows.filter((r) => r.partyId === party.id) }));
  }
}
