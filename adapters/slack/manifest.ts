/**
 * The Slack app manifest (paste it at api.slack.com/apps -> Create New App -> From a manifest).
 * Generated rather than hand-kept, so scopes and URLs match what the code asks for.
 */

/** Bot scopes, each for a reason: */
export const SLACK_BOT_SCOPES = [
  'commands', // /reelmate
  'chat:write', // replies to mentions and DMs, card updates
  'app_mentions:read', // @Reelmate in channels
  'im:history', // direct messages to the app
  'im:read',
  'im:write', // open the DM that export-me files go to
  'files:write', // export-me as a file
  'reactions:read', // a reaction on a watch-party card joins the party
  'users:read', // tell people's reactions from other bots'
] as const;

/** app_uninstalled and tokens_revoked let a multi-workspace deployment drop dead installations. */
export const SLACK_BOT_EVENTS = [
  'app_home_opened',
  'app_mention',
  'message.im',
  'reaction_added',
  'app_uninstalled',
  'tokens_revoked',
] as const;

export interface ManifestOptions {
  /** Public HTTPS base of the deployment (HTTP mode), e.g. https://reelmate.example.org */
  baseUrl?: string | undefined;
  /** Socket Mode: no public URLs at all. */
  socketMode: boolean;
  name?: string | undefined;
  /** Slash command name, default /reelmate. */
  command?: string | undefined;
}

export function slackManifest(o: ManifestOptions): Record<string, unknown> {
  const base = o.baseUrl?.replace(/\/+$/, '');
  if (!o.socketMode && !base) throw new Error('HTTP mode needs the public base URL of the deployment');
  const events = o.socketMode ? {} : { request_url: `${base}/slack/events` };
  return {
    display_information: {
      name: o.name ?? 'Reelmate',
      description: 'Movie recommendations from your taste, your friends and the crowd',
      background_color: '#1d1f2b',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: o.name ?? 'Reelmate', always_online: true },
      slash_commands: [
        {
          command: o.command ?? '/reelmate',
          ...(o.socketMode ? {} : { url: `${base}/slack/events` }),
          description: 'Movie picks, ratings and your watchlist',
          usage_hint: 'something funny from the 90s | rate Heat 4.5 | similar Alien | watchlist | profile | help',
          should_escape: false,
        },
      ],
    },
    oauth_config: {
      ...(o.socketMode ? {} : { redirect_urls: [`${base}/slack/oauth_redirect`] }),
      scopes: { bot: [...SLACK_BOT_SCOPES] },
    },
    settings: {
      event_subscriptions: { ...events, bot_events: [...SLACK_BOT_EVENTS] },
      interactivity: { is_enabled: true, ...(o.socketMode ? {} : { request_url: `${base}/slack/events` }) },
      org_deploy_enabled: false,
      socket_mode_enabled: o.socketMode,
      token_rotation_enabled: false,
    },
  };
}
