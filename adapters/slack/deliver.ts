/**
 * Getting core replies onto Slack: slash-command and click replies go through response_url
 * (works in channels the bot is not in, and for ephemeral messages); mentions and DMs through
 * chat.postMessage / chat.postEphemeral. One error sink turns a failure into a friendly line.
 */
import type { RespondArguments, RespondFn, webApi } from '@slack/bolt';
import { friendlyText } from '../../src/core/reply.js';
import type { Reply } from '../../src/core/types.js';
import { SLACK_LIMITS as L, truncate } from './limits.js';
import { renderMessage, type RenderOptions, type SlackMessage } from './render.js';

export type WebClient = webApi.WebClient;

/** The only words a person sees when something broke (the core's table); details go to the log. */
export const FRIENDLY_FAILURE = friendlyText('exception');

/**
 * An export (export-me) as a message: the file's text in a code block when it fits, otherwise
 * the start of it with a note. (Uploading files needs the files:write scope and a DM channel.)
 */
export function withAttachment(reply: Reply): Reply {
  const file = reply.attachment;
  if (!file) return reply;
  const room = L.sectionText - 200;
  const content =
    file.content.length > room ? `${file.content.slice(0, room)}\n… (${file.content.length - room} more characters)` : file.content;
  const text = [reply.text, `${file.filename} (${file.contentType}):`, '```', content, '```'].filter(Boolean).join('\n');
  return { ...reply, text, attachment: undefined };
}

/**
 * Send an export as a file in the person's direct messages with the app (private, whatever
 * channel they asked in), and return the reply to show them. If Slack refuses (no files:write
 * scope, say), the file goes inline instead, so nothing is lost.
 */
export async function deliverAttachment(client: WebClient, userId: string, reply: Reply, onError: (e: unknown) => void): Promise<Reply> {
  const file = reply.attachment;
  if (!file) return reply;
  try {
    const dm = await client.conversations.open({ users: userId });
    const channel = dm.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    await client.files.uploadV2({ channel_id: channel, filename: file.filename, title: file.filename, content: file.content });
    return { ...reply, attachment: undefined, text: `${reply.text ?? ''}\nI sent ${file.filename} to our direct messages.`.trim() };
  } catch (e) {
    onError(e);
    return withAttachment(reply);
  }
}

export function toSlackMessage(reply: Reply, options: RenderOptions = {}): SlackMessage {
  return renderMessage(withAttachment(reply), options);
}

/** A reply to a slash command or a click: ephemeral unless the core says otherwise. */
export function respondArguments(reply: Reply, opts: { defaultEphemeral: boolean; replaceOriginal?: boolean }): RespondArguments {
  const message = toSlackMessage(reply);
  const ephemeral = reply.ephemeral ?? opts.defaultEphemeral;
  return {
    response_type: ephemeral ? 'ephemeral' : 'in_channel',
    replace_original: opts.replaceOriginal ?? false,
    text: message.text,
    blocks: message.blocks,
  };
}

export async function respondWith(
  respond: RespondFn,
  reply: Reply,
  opts: { defaultEphemeral: boolean; replaceOriginal?: boolean },
): Promise<void> {
  await respond(respondArguments(reply, opts));
}

/** Post into a conversation; an ephemeral reply is shown only to `user`. */
export async function postReply(
  client: WebClient,
  reply: Reply,
  where: { channel: string; user: string; threadTs?: string | undefined },
): Promise<void> {
  const { text, blocks } = toSlackMessage(reply);
  const thread = where.threadTs ? { thread_ts: where.threadTs } : {};
  if (reply.ephemeral) {
    await client.chat.postEphemeral({ channel: where.channel, user: where.user, text, blocks, ...thread });
  } else {
    await client.chat.postMessage({ channel: where.channel, text, blocks, ...thread });
  }
}

export function failureReply(): Reply {
  return { text: truncate(FRIENDLY_FAILURE, L.messageText), ephemeral: true, status: 'error:internal' };
}
