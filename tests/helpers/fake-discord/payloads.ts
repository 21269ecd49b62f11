/**
 * Builders for the Discord API objects the fake sends: users, guilds, messages, interactions.
 * Only the fields discord.js reads are filled in, with realistic shapes.
 */
let counter = 0n;
/** Snowflake-looking ids that sort by creation. */
export function snowflake(): string {
  counter += 1n;
  return ((BigInt(Date.now() - 1420070400000) << 22n) + counter).toString();
}

export interface FakeUser {
  id: string;
  username: string;
  globalName?: string;
  bot?: boolean;
}

export function apiUser(u: FakeUser): Record<string, unknown> {
  return {
    id: u.id,
    username: u.username,
    global_name: u.globalName ?? u.username,
    discriminator: '0',
    avatar: null,
    bot: u.bot ?? false,
    public_flags: 0,
  };
}

export function apiMember(u: FakeUser): Record<string, unknown> {
  return {
    user: apiUser(u),
    roles: [],
    nick: null,
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    permissions: '2251799813685247',
  };
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: { id: string; name: string }[];
  /** Voice channels (type 2). */
  voiceChannels?: { id: string; name: string }[];
}

/** Someone sitting in a voice channel of the guild. */
export interface FakeVoiceState {
  user: FakeUser;
  channelId: string;
}

/** A voice state as GUILD_CREATE lists it (VOICE_STATE_UPDATE adds guild_id and the member). */
export function apiVoiceState(guildId: string, v: { user: FakeUser; channelId: string | null }): Record<string, unknown> {
  return {
    guild_id: guildId,
    channel_id: v.channelId,
    user_id: v.user.id,
    session_id: `voice-${v.user.id}`,
    deaf: false,
    mute: false,
    self_deaf: false,
    self_mute: false,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
  };
}

export function apiGuild(g: FakeGuild, bot: FakeUser, voice: readonly FakeVoiceState[] = []): Record<string, unknown> {
  const text = g.channels.map((c) => ({ id: c.id, name: c.name, type: 0 }));
  const voiceChannels = (g.voiceChannels ?? []).map((c) => ({
    id: c.id,
    name: c.name,
    type: 2,
    bitrate: 64000,
    user_limit: 0,
    rtc_region: null,
  }));
  return {
    id: g.id,
    name: g.name,
    icon: null,
    owner_id: '1',
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    features: [],
    emojis: [],
    stickers: [],
    roles: [
      {
        id: g.id,
        name: '@everyone',
        permissions: '2251799813685247',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    channels: [...text, ...voiceChannels].map((c, position) => ({
      ...c,
      guild_id: g.id,
      position,
      permission_overwrites: [],
      nsfw: false,
    })),
    threads: [],
    // Like Discord, GUILD_CREATE carries the members sitting in voice channels.
    members: [apiMember(bot), ...voice.map((v) => apiMember(v.user))],
    member_count: 2 + voice.length,
    voice_states: voice.map((v) => apiVoiceState(g.id, v)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    large: false,
    unavailable: false,
    joined_at: '2024-01-01T00:00:00.000Z',
    system_channel_flags: 0,
    premium_progress_bar_enabled: false,
  };
}

export type ApiMessage = Record<string, unknown> & {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  author: Record<string, unknown>;
  guild_id?: string;
};

export function apiMessage(fields: {
  channelId: string;
  guildId?: string | undefined;
  author: FakeUser;
  content?: string | undefined;
  embeds?: unknown[] | undefined;
  components?: unknown[] | undefined;
  flags?: number | undefined;
  attachments?: unknown[] | undefined;
  mentions?: FakeUser[] | undefined;
  applicationId?: string | undefined;
}): ApiMessage {
  return {
    id: snowflake(),
    type: 0,
    channel_id: fields.channelId,
    ...(fields.guildId ? { guild_id: fields.guildId } : {}),
    author: apiUser(fields.author),
    content: fields.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: (fields.mentions ?? []).map(apiUser),
    mention_roles: [],
    attachments: fields.attachments ?? [],
    embeds: fields.embeds ?? [],
    components: fields.components ?? [],
    pinned: false,
    flags: fields.flags ?? 0,
    ...(fields.applicationId ? { application_id: fields.applicationId, webhook_id: fields.applicationId } : {}),
  };
}

export interface InteractionBase {
  user: FakeUser;
  channelId: string;
  guildId?: string | undefined;
}

export function apiInteraction(
  applicationId: string,
  base: InteractionBase,
  type: number,
  data: Record<string, unknown>,
  message?: ApiMessage,
): Record<string, unknown> & { id: string; token: string } {
  const id = snowflake();
  return {
    id,
    application_id: applicationId,
    type,
    token: `itoken-${id}`,
    version: 1,
    data,
    channel_id: base.channelId,
    channel: { id: base.channelId, type: base.guildId ? 0 : 1, ...(base.guildId ? { guild_id: base.guildId, name: 'general' } : {}) },
    ...(base.guildId
      ? {
          guild_id: base.guildId,
          member: apiMember(base.user),
          guild_locale: 'en-US',
          context: 0,
          authorizing_integration_owners: { '0': base.guildId },
        }
      : { user: apiUser(base.user), context: 1, authorizing_integration_owners: { '1': base.user.id } }),
    ...(message ? { message } : {}),
    locale: 'en-US',
    app_permissions: '2251799813685247',
    entitlements: [],
    attachment_size_limit: 8 * 1024 * 1024,
  };
}
