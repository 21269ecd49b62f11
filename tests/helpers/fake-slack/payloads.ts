/**
 * Slack request bodies as Slack sends them, and signing as Slack signs them:
 * `v0=` + HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`), hex.
 */
import { createHmac } from 'node:crypto';

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface PostOptions {
  secret: string;
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Override the computed signature (a bad one), or null to send none. */
  signature?: string | null;
  retryNum?: number;
}

export interface SignedBody {
  body: string;
  contentType: string;
}

/** POST a signed body to the adapter (HTTP mode) and return the status and text. */
export async function postSigned(url: string, payload: SignedBody, opts: PostOptions): Promise<{ status: number; text: string }> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': payload.contentType,
    'x-slack-request-timestamp': String(timestamp),
  };
  const signature = opts.signature === undefined ? slackSignature(opts.secret, timestamp, payload.body) : opts.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const res = await fetch(url, { method: 'POST', headers, body: payload.body });
  return { status: res.status, text: await res.text() };
}

const form = 'application/x-www-form-urlencoded';

export interface SlashCommandInput {
  team: string;
  user: string;
  text: string;
  channel?: string;
  responseUrl: string;
  triggerId?: string;
  userName?: string;
}

export function slashCommandFields(c: SlashCommandInput): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: c.team,
    team_domain: c.team.toLowerCase(),
    channel_id: c.channel ?? 'C1',
    channel_name: 'movies',
    user_id: c.user,
    user_name: c.userName ?? c.user.toLowerCase(),
    command: '/reelmate',
    text: c.text,
    api_app_id: 'AFAKE',
    response_url: c.responseUrl,
    trigger_id: c.triggerId ?? `trig-${Math.random().toString(36).slice(2)}`,
  };
}

export function slashCommand(c: SlashCommandInput): SignedBody {
  return { body: new URLSearchParams(slashCommandFields(c)).toString(), contentType: form };
}

export interface ClickInput {
  team: string;
  user: string;
  /** The clicked element as Slack sends it (button: value; select/overflow: selected_option). */
  action: Record<string, unknown>;
  channel?: string;
  responseUrl?: string;
  /** The message the click came from (blocks and ts), or a view for Home / modal clicks. */
  message?: { ts: string; blocks: unknown[] };
  view?: Record<string, unknown>;
  triggerId?: string;
}

export function blockActionsPayload(c: ClickInput): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: c.team, domain: c.team.toLowerCase() },
    user: { id: c.user, username: c.user.toLowerCase(), name: c.user.toLowerCase(), team_id: c.team },
    api_app_id: 'AFAKE',
    token: 'legacy-verification-token',
    trigger_id: c.triggerId ?? `trig-${Math.random().toString(36).slice(2)}`,
    ...(c.view
      ? { container: { type: 'view', view_id: c.view.id }, view: c.view }
      : {
          container: { type: 'message', message_ts: c.message?.ts, channel_id: c.channel ?? 'C1', is_ephemeral: false },
          channel: { id: c.channel ?? 'C1', name: 'movies' },
          message: c.message ? { type: 'message', ts: c.message.ts, text: 'cards', blocks: c.message.blocks } : undefined,
          response_url: c.responseUrl,
        }),
    actions: [{ action_ts: `${Date.now() / 1000}`, ...c.action }],
  };
}

export function asInteractive(payload: Record<string, unknown>): SignedBody {
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: form };
}

export interface EventInput {
  team: string;
  eventId: string;
  event: Record<string, unknown>;
}

export function eventCallback(e: EventInput): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: e.team,
    api_app_id: 'AFAKE',
    type: 'event_callback',
    event_id: e.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: e.team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    event: { event_ts: `${Date.now() / 1000}`, ...e.event },
  };
}

export interface ReactionInput {
  user: string;
  channel: string;
  /** The message reacted to. */
  ts: string;
  reaction?: string;
  /** Who wrote the message (Slack sends it); the bot user by default. */
  itemUser?: string;
}

/** A reaction_added event, as Slack puts it in an event_callback's `event`. */
export function reactionAdded(r: ReactionInput): Record<string, unknown> {
  return {
    type: 'reaction_added',
    user: r.user,
    reaction: r.reaction ?? 'raised_hands',
    item_user: r.itemUser ?? 'UBOT',
    item: { type: 'message', channel: r.channel, ts: r.ts },
  };
}

export function asJson(payload: Record<string, unknown>): SignedBody {
  return { body: JSON.stringify(payload), contentType: 'application/json' };
}

export interface ViewSubmissionInput {
  team: string;
  user: string;
  view: Record<string, unknown>;
  values: Record<string, Record<string, unknown>>;
}

export function viewSubmissionPayload(s: ViewSubmissionInput): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: s.team, domain: s.team.toLowerCase() },
    user: { id: s.user, username: s.user.toLowerCase(), name: s.user.toLowerCase(), team_id: s.team },
    api_app_id: 'AFAKE',
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
    view: { id: 'VMODAL', team_id: s.team, ...s.view, state: { values: s.values } },
  };
}
