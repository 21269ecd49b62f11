/** The confirm / cancel buttons of "Delete everything about you?". */
import { tokenArg } from '../../core/actions.js';
import { fail } from '../../core/reply.js';
import { defineButton } from '../types.js';
import { cancelForget, confirmForget } from './command.js';

export const confirmButton = defineButton({
  kind: 'confirm',
  code: 'k',
  args: { op: tokenArg },
  async handle(ctx, a) {
    if (a.op !== 'forget') return { reply: fail('bad_action', 'Nothing to confirm.') };
    return { reply: await confirmForget(ctx) };
  },
});

export const cancelButton = defineButton({
  kind: 'cancel',
  code: 'x',
  args: { op: tokenArg },
  async handle(ctx, a) {
    if (a.op !== 'forget') return { reply: fail('bad_action', 'Nothing to cancel.') };
    return { reply: await cancelForget(ctx) };
  },
});
