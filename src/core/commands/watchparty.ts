/**
 * `watchparty`: a group pick for a channel. Start (with free-text constraints), join / leave,
 * the host picks (top five for the group), everyone votes, the host or the timer closes, the
 * winner is announced and members are asked to rate it afterwards. The operations live in
 * src/core/party/session.ts; typed subcommands and card buttons share them.
 */
import {
  card,
  closeParty,
  historyReply,
  joinParty,
  leaveParty,
  partyById,
  pickForParty,
  PICK_SIZE,
  startParty,
  stores,
  unvoteInParty,
  voteInParty,
  withLive,
} from '../party/session.js';
import { inviteToParty } from '../party/invite.js';
import type { ActionHandlers } from '../action-handler.js';
import { fail } from '../reply.js';
import { argText, type CommandDefinition } from './types.js';

export { closeDueParties, type PartyAnnouncement } from '../party/session.js';

const SUBCOMMANDS = ['start', 'join', 'leave', 'pick', 'vote', 'unvote', 'close', 'status', 'history'] as const;

export const watchparty: CommandDefinition = {
  name: 'watchparty',
  aliases: ['party', 'watch-party', 'movienight', 'movie-night'],
  slackWords: ['watch-party', 'watchparty', 'party'],
  usage: 'watchparty start [constraints] | join | leave | pick | vote <n> | unvote [n] | close | status | history',
  summary: 'pick a film together: `watchparty start Friday: comedy, under 2 hours`, then join, pick, vote',
  args: ['action', 'text', 'constraints', 'number', 'op', 'query'],
  async run(ctx, args) {
    // Slash commands name the verb `action`; free text understood by intent detection, `op` and `query`.
    let action = String(args.action ?? args.op ?? '')
      .trim()
      .toLowerCase();
    let rest = args.op !== undefined && args.action === undefined ? String(args.query ?? '').trim() : argText(args, 'constraints');
    if (!action) {
      const [first = '', ...more] = rest.split(/\s+/);
      if ((SUBCOMMANDS as readonly string[]).includes(first.toLowerCase())) {
        action = first.toLowerCase();
        rest = more.join(' ');
      } else {
        action = rest ? 'start' : 'status';
      }
    }
    switch (action) {
      case 'start':
      case 'new':
        return startParty(ctx, rest);
      case 'join':
        return withLive(ctx, (p) => joinParty(ctx, p));
      case 'leave':
        return withLive(ctx, (p) => leaveParty(ctx, p));
      case 'pick':
        return withLive(ctx, (p) => pickForParty(ctx, p));
      case 'close':
      case 'end':
        return withLive(ctx, (p) => closeParty(ctx, p));
      case 'vote':
        return withLive(ctx, async (p) => {
          // Discord sends the number as its own option; typed text says "vote 2" or "vote #2".
          const n = Number(args.number ?? rest.replace(/^#/, ''));
          const candidates = await stores(ctx.services).parties.candidates(p.id);
          const chosen = candidates.find((c) => c.rank === n);
          if (!chosen)
            return { reply: fail('bad_input', `Vote with the number of a film on the list (1-${candidates.length || PICK_SIZE}).`) };
          return voteInParty(ctx, p, chosen.movieId);
        });
      case 'unvote':
        return withLive(ctx, async (p) => {
          const wanted = rest.replace(/^#/, '').trim() || (args.number !== undefined ? String(args.number) : '');
          if (wanted === '') return unvoteInParty(ctx, p);
          const chosen = (await stores(ctx.services).parties.candidates(p.id)).find((c) => c.rank === Number(wanted));
          if (!chosen)
            return { reply: fail('bad_input', 'Take back which one? `watchparty unvote 2`, or `watchparty unvote` for all your votes.') };
          return unvoteInParty(ctx, p, chosen.movieId);
        });
      case 'history':
        return historyReply(ctx);
      case 'status':
        return withLive(ctx, async (p) => ({ update: await card(ctx.services, p) }));
      default:
        return fail('bad_input', `I know \`watchparty ${SUBCOMMANDS.join(' | ')}\`.`);
    }
  },
};

/** Card buttons; spread into the core's actionHandlers. */
export const partyActionHandlers: ActionHandlers = {
  async party_join(ctx, a) {
    const { party, outcome } = await partyById(ctx, a.partyId);
    return outcome ?? joinParty(ctx, party!);
  },
  async party_leave(ctx, a) {
    const { party, outcome } = await partyById(ctx, a.partyId);
    return outcome ?? leaveParty(ctx, party!);
  },
  async party_pick(ctx, a) {
    const { party, outcome } = await partyById(ctx, a.partyId);
    return outcome ?? pickForParty(ctx, party!);
  },
  async party_vote(ctx, a) {
    const { party, outcome } = await partyById(ctx, a.partyId);
    return outcome ?? voteInParty(ctx, party!, a.movieId);
  },
  async party_unvote(ctx, a) {
    const { party, outcome } = await partyById(ctx, a.partyId);
    return outcome ?? unvoteInParty(ctx, party!, a.movieId);
  },
  async party_close(ctx, a) {
    const { party, outcome } = await partyById(ctx, a.partyId);
    return outcome ?? closeParty(ctx, party!);
  },
  async party_invite(ctx, a) {
    const { party, outcome } = await partyById(ctx, a.partyId);
    return outcome ?? inviteToParty(ctx, party!);
  },
};
