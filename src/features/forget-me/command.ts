import type { RequestContext } from '../../core/context.js';
import { PENDING_TTL_MS } from '../../core/conversation.js';
import type { Card, Reply } from '../../core/types.js';
import { argText, defineCommand, textArg } from '../types.js';

const YES = new Set(['yes', 'y', 'confirm', 'sure', 'ok', 'do it']);
const NO = new Set(['no', 'n', 'cancel', 'stop', 'abort']);

/** Second step: only when this user asked in this channel within PENDING_TTL_MS. */
export async function confirmForget(ctx: RequestContext): Promise<Reply> {
  const { pending } = await ctx.conversation.load();
  const now = ctx.services.now().getTime();
  if (!pending || pending.op !== 'forget' || now - pending.at > PENDING_TTL_MS) {
    return {
      text: 'There is nothing to confirm (or it took too long). Say `forget-me` to start again.',
      ephemeral: true,
      status: 'error:expired',
    };
  }
  // Deletes the user, their rating log and their conversations; the rest cascades.
  await ctx.services.feedback.forget(ctx.user.id);
  return {
    text: 'Done: I deleted your ratings, watchlist, marks and conversations. If you talk to me again, you start fresh.',
    ephemeral: true,
    status: 'forgotten',
  };
}

export async function cancelForget(ctx: RequestContext): Promise<Reply> {
  await ctx.conversation.update(({ pending: _pending, ...rest }) => rest);
  return { text: 'Cancelled: nothing was deleted.', ephemeral: true, status: 'cancelled' };
}

export const forgetMe = defineCommand({
  name: 'forget-me',
  aliases: ['forget', 'delete-me', 'forgetme'],
  slackWords: ['forget-me', 'forget'],
  usage: 'forget-me',
  summary: 'delete everything I know about you (asks first)',
  args: { confirm: textArg },
  aboutCards: false,
  slash: { description: 'Delete everything Reelmate stores about you', personal: true },
  async run(ctx, args) {
    const answer = argText(args, 'confirm').toLowerCase();
    if (YES.has(answer)) return confirmForget(ctx);
    if (NO.has(answer)) return cancelForget(ctx);
    const [ratings, watch] = await Promise.all([
      ctx.services.repos.ratings.forUser(ctx.user.id),
      ctx.services.repos.watchlist.list(ctx.user.id),
    ]);
    await ctx.conversation.update((s) => ({ ...s, pending: { op: 'forget', at: ctx.services.now().getTime() } }));
    const card: Card = {
      kind: 'confirm',
      title: 'Delete everything about you?',
      body: `This removes your ${ratings.length} ratings, your watchlist (${watch.length}), your seen and not-interested marks and our conversations. It cannot be undone.`,
      actions: [
        {
          id: ctx.services.codec.encode({ kind: 'confirm', op: 'forget' }),
          kind: 'confirm',
          label: 'Yes, delete it all',
          style: 'danger',
          group: 'main',
        },
        {
          id: ctx.services.codec.encode({ kind: 'cancel', op: 'forget' }),
          kind: 'cancel',
          label: 'Cancel',
          style: 'secondary',
          group: 'main',
        },
      ],
    };
    return {
      text: 'Are you sure? Press the button, or say `forget-me yes` within five minutes.',
      cards: [card],
      ephemeral: true,
      status: 'confirm_forget',
    };
  },
});
