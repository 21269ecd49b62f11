import type { Movie } from '../../db/repositories/movies.js';
import { actorName, type RequestContext } from '../../core/context.js';
import { focusOn } from '../../core/conversation.js';
import { titleWithYear } from '../../core/format.js';
import { fail } from '../../core/reply.js';
import { choiceReply, resolveTitle, unknownTitleReply } from '../../core/titles.js';
import type { Reply } from '../../core/types.js';
import { cardAudience, cardsFor } from '../../core/viewer.js';
import { argText, defineCommand, textArg } from '../types.js';

export async function markSeen(ctx: RequestContext, movie: Movie): Promise<Reply> {
  const added = await ctx.services.feedback.mark(ctx.user.id, movie.id, 'seen');
  await ctx.conversation.update((s) => focusOn(s, movie.id));
  const { cards } = await cardsFor(
    ctx.services,
    ctx.user.id,
    [{ movieId: movie.id, footer: ctx.direct ? 'You have seen it. Rate it to sharpen your picks.' : `${actorName(ctx)} has seen it.` }],
    cardAudience(ctx),
  );
  return {
    text: added
      ? `Marked ${titleWithYear(movie)} as seen: I will not suggest it again.`
      : `${titleWithYear(movie)} was already marked as seen.`,
    cards,
    status: 'seen',
  };
}

export const seen = defineCommand({
  name: 'seen',
  aliases: ['watched'],
  slackWords: ['seen'],
  usage: 'seen <title>',
  summary: 'mark a movie as seen (without rating it), so it is never suggested',
  args: { title: textArg },
  opensSentences: true,
  asSentence: (title) => `seen ${title}`,
  slash: {
    description: 'Mark a movie as seen without rating it',
    options: [{ kind: 'title', name: 'title', description: 'The movie' }],
    personal: true,
  },
  async run(ctx, args) {
    const phrase = argText(args, 'title');
    if (phrase === '') return fail('bad_input', 'Seen what? Try `seen Heat`.');
    const found = await resolveTitle(ctx.services, phrase);
    if (found.kind === 'none') return unknownTitleReply(phrase);
    if (found.kind === 'ambiguous') return choiceReply(ctx.services.codec, phrase, 'seen', found.choices);
    return markSeen(ctx, found.movie);
  },
  onChoice: markSeen,
});
