/**
 * `watchparty`: a group pick for a channel. Start (with free-text constraints), join / leave,
 * the host picks (top five for the group), everyone votes, the host or the timer closes, the
 * winner is announced and members are asked to rate it afterwards. The operations live in
 * session.ts beside this file; typed subcommands and card buttons share them.
 */
import {
  card,
  closeParty,
  historyReply,
  HOST_ONLY,
  notHost,
  joinParty,
  leaveParty,
  pickForParty,
  PICK_SIZE,
  startParty,
  stores,
  unvoteInParty,
  voteInParty,
  withLive,
} from './session.js';
import { fail } from '../../core/reply.js';
import { argText, defineCommand, numberArg, textArg } from '../types.js';

export { closeDueParties, type PartyAnnouncement } from './session.js';

const SUBCOMMANDS = ['start', 'join', 'leave', 'pick', 'vote', 'unvote', 'close', 'status', 'history'] as const;

export const watchparty = defineCommand({
  name: 'watchparty',
  aliases: ['party', 'watch-party', 'movienight', 'movie-night'],
  slackWords: ['watch-party', 'watchparty', 'party'],
  usage: 'watchparty start [constraints] | join | leave | pick | vote <n> | unvote [n] | close | status | history',
  summary: 'pick a film together: `watchparty start Friday: comedy, under 2 hours`, then join, pick, vote',
  args: { action: textArg, constraints: textArg, number: numberArg, op: textArg, query: textArg },
  aboutCards: false,
  slash: {
    description: 'Pick a movie together: start a party, join, let Reelmate pick for the group, vote',
    guildOnly: true,
    subcommands: [
      {
        name: 'start',
        description: 'Start a watch party in this channel',
        options: [
          { kind: 'text', name: 'constraints', description: 'When and what, e.g. "Friday: comedy, under 2 hours"', required: false },
        ],
      },
      { name: 'join', description: 'Join the party in this channel' },
      { name: 'leave', description: 'Leave the party' },
      { name: 'pick', description: 'Pick films for the group (host)' },
      { name: 'close', description: 'Close the vote and announce the winner (host)' },
      { name: 'status', description: 'Show the party card again' },
      { name: 'history', description: 'Past parties in this channel' },
      {
        name: 'vote',
        description: 'Vote for a film on the list',
        options: [{ kind: 'integer', name: 'number', description: 'Its number on the list', required: true, min: 1, max: 10 }],
      },
    ],
  },
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
        return withLive(ctx, async (p) => notHost(ctx, p, HOST_ONLY.pick) ?? pickForParty(ctx, p));
      case 'close':
      case 'end':
        return withLive(ctx, async (p) => notHost(ctx, p, HOST_ONLY.close) ?? closeParty(ctx, p));
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
});
