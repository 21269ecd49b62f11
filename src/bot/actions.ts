/**
 * The card-button dispatcher. The features declare each button (src/features/<name>/) with what
 * a click needs (`requires`); this checks that first, answers the failure the same way for
 * every button, and hands the handler what it checked (the film, the party...). Every handler
 * acts for the clicker, never for whoever the card was made for.
 */
import type { RequestContext } from '../core/context.js';
import { fail } from '../core/reply.js';
import type { ActionOutcome } from '../core/types.js';
import { buttonByKind, commandByName, type ActionPayload } from '../features/index.js';
import type { Requirement } from '../features/types.js';
import { notHost, partyById } from '../features/watchparty/session.js';
import { recordCardAction } from '../insights/engagement.js';

const unknownMovie: ActionOutcome = { reply: fail('bad_action', 'That movie is no longer in my catalogue.') };

type Checked = { target: unknown } | { refused: ActionOutcome };

/** Check what the button requires; the target the handler gets, or the refusal. */
async function check(
  ctx: RequestContext,
  requires: Requirement | undefined,
  hostOnly: string | undefined,
  action: ActionPayload,
): Promise<Checked> {
  const args = action as Record<string, unknown>;
  switch (requires) {
    case undefined:
      return { target: undefined };
    case 'movie': {
      const movie = await ctx.services.repos.movies.byId(Number(args.movieId));
      return movie ? { target: movie } : { refused: unknownMovie };
    }
    case 'choice': {
      const [name] = String(args.command).split('.', 2);
      const command = name === undefined ? undefined : commandByName(name);
      if (!command?.onChoice) return { refused: { reply: fail('bad_action', 'That choice is not valid any more.') } };
      const movie = await ctx.services.repos.movies.byId(Number(args.movieId));
      return movie ? { target: { movie, onChoice: command.onChoice } } : { refused: unknownMovie };
    }
    case 'party':
    case 'partyHost': {
      const { party, outcome } = await partyById(ctx, Number(args.partyId));
      if (outcome || !party) return { refused: outcome ?? { reply: fail('not_found', 'That watch party is gone.') } };
      const refused = requires === 'partyHost' ? notHost(ctx, party, hostOnly ?? 'Only the host can do that.') : undefined;
      return refused ? { refused } : { target: party };
    }
  }
}

/** Dispatch one decoded action; kinds without a handler get a friendly no. */
export async function handleAction(ctx: RequestContext, action: ActionPayload): Promise<ActionOutcome> {
  const button = buttonByKind(action.kind);
  if (!button) return { reply: fail('bad_action', 'That button does nothing here yet.') };
  const checked = await check(ctx, button.requires, button.hostOnly, action);
  const handle = button.handle as (ctx: RequestContext, action: ActionPayload, target: unknown) => Promise<ActionOutcome>;
  const outcome = 'refused' in checked ? checked.refused : await handle(ctx, action, checked.target);
  // insights: the action, linked to the impression it came from (a refused one is not feedback)
  recordCardAction(ctx, action, button.engagement, outcome);
  return outcome;
}
