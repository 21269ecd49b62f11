/**
 * The shape of a card button's handler. Apart from card-actions.ts so that a command module
 * can export its own handlers (watch parties) without importing the table that lists them.
 */
import type { ActionPayload, ActionPayloadKind } from './actions.js';
import type { RequestContext } from './context.js';
import type { ActionOutcome } from './types.js';

export type ActionHandler<K extends ActionPayloadKind = ActionPayloadKind> = (
  ctx: RequestContext,
  action: Extract<ActionPayload, { kind: K }>,
) => Promise<ActionOutcome>;

export type ActionHandlers = { [K in ActionPayloadKind]?: ActionHandler<K> };
