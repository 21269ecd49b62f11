/**
 * The fake Discord's Interactions Endpoint side: it signs interactions with a generated Ed25519
 * key pair and POSTs them to the bot's endpoint, then treats the HTTP response as the
 * interaction's callback (a deferral makes the "thinking" message, as Discord does), so the
 * bot's webhook calls land on the same fake REST and callsFor / messagesFor work as they do
 * for gateway interactions.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { FakeDiscord } from './index.js';
import { apiInteraction, snowflake, type FakeUser, type InteractionBase } from './payloads.js';

export interface EndpointAnswer {
  status: number;
  body: { type?: number; data?: Record<string, unknown> } & Record<string, unknown>;
  /** The interaction's id (undefined for raw posts). */
  id?: string | undefined;
}

export function ed25519KeyPair(): { privateKey: KeyObject; publicKeyHex: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKeyHex: der.subarray(der.length - 32).toString('hex') };
}

export class InteractionsPoster {
  readonly privateKey: KeyObject;
  readonly publicKeyHex: string;

  constructor(
    private readonly fake: FakeDiscord,
    /** The bot's endpoint URL. */
    public endpoint: string,
  ) {
    ({ privateKey: this.privateKey, publicKeyHex: this.publicKeyHex } = ed25519KeyPair());
  }

  /** POST a body with the headers Discord sends; `key` signs (default: the application's key). */
  async raw(body: string, opts: { key?: KeyObject; timestamp?: string; signature?: string } = {}): Promise<EndpointAnswer> {
    const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
    const signature = opts.signature ?? sign(null, Buffer.from(timestamp + body), opts.key ?? this.privateKey).toString('hex');
    const res = await fetch(this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as EndpointAnswer['body']) : {} };
  }

  ping(): Promise<EndpointAnswer> {
    return this.raw(JSON.stringify({ id: snowflake(), application_id: this.fake.applicationId, type: 1, token: 'ping-token', version: 1 }));
  }

  command(user: FakeUser, name: string, options: Record<string, unknown>[] = [], opts: { guild?: boolean } = {}): Promise<EndpointAnswer> {
    const base = this.base(user, opts.guild ?? true);
    return this.send(apiInteraction(this.fake.applicationId, base, 2, { id: snowflake(), name, type: 1, options }), base);
  }

  autocomplete(user: FakeUser, name: string, options: Record<string, unknown>[]): Promise<EndpointAnswer> {
    const base = this.base(user, true);
    return this.send(apiInteraction(this.fake.applicationId, base, 4, { id: snowflake(), name, type: 1, options }), base);
  }

  click(user: FakeUser, messageId: string, customId: string, values?: string[]): Promise<EndpointAnswer> {
    const message = this.fake.messages.get(messageId);
    if (!message) throw new Error(`no message ${messageId}`);
    const base = { user, channelId: message.channel_id, guildId: message.guild_id };
    const data = values ? { custom_id: customId, component_type: 3, values } : { custom_id: customId, component_type: 2 };
    return this.send(apiInteraction(this.fake.applicationId, base, 3, data, message), base, messageId);
  }

  private base(user: FakeUser, inGuild: boolean): InteractionBase {
    return { user, channelId: this.fake.channelId, guildId: inGuild ? this.fake.guild.id : undefined };
  }

  private async send(
    i: Record<string, unknown> & { id: string; token: string },
    base: InteractionBase,
    originalId?: string,
  ): Promise<EndpointAnswer> {
    const rest = this.fake.rest;
    let open!: () => void;
    const ready = new Promise<void>((resolve) => (open = resolve));
    rest.interactions.set(i.token, {
      id: i.id,
      dispatchedAt: Date.now(),
      originalId,
      channelId: base.channelId,
      guildId: base.guildId,
      ready,
    });
    try {
      const answer = await this.raw(JSON.stringify(i));
      if (answer.status === 200) this.applyCallback(i, answer.body);
      return { ...answer, id: i.id };
    } finally {
      open();
      this.fake.notify();
    }
  }

  /** What Discord does with the response: record it as the callback, make the original message. */
  private applyCallback(i: { id: string; token: string }, body: EndpointAnswer['body']): void {
    const rest = this.fake.rest;
    const state = rest.interactions.get(i.token)!;
    state.callbackType = body.type;
    const call = {
      method: 'POST',
      path: `/api/v10/interactions/${i.id}/${i.token}/callback`,
      query: new URLSearchParams(),
      body,
      files: [],
      at: Date.now(),
      interactionId: i.id,
      messageId: undefined as string | undefined,
    };
    if (body.type === 4 || body.type === 5) {
      const msg = rest.storeMessage(state.channelId, state.guildId, body.data ?? {}, [], body.type === 5);
      state.originalId = msg.id;
      call.messageId = msg.id;
    }
    rest.calls.push(call);
    const list = rest.byInteraction.get(i.id);
    if (list) list.push(call);
    else rest.byInteraction.set(i.id, [call]);
  }
}
