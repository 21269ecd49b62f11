import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { partyMessages } from '../schema/party-messages.js';

/** Where a party card was posted: the platform's own message reference (Slack: channel + ts). */
export interface PartyMessageRef {
  platform: string;
  channelKey: string;
  messageKey: string;
}

/**
 * Which messages show which party's card. Platforms whose reactions name only a message
 * (Slack's reaction_added) look the party up here; recording a message twice is a no-op.
 */
export class PartyMessagesRepository {
  constructor(private readonly db: Db) {}

  /** `joinPayload`: the card's Join button payload, which a reaction on the message replays. */
  async record(ref: PartyMessageRef, partyId: number, joinPayload: string | undefined, now = new Date()): Promise<void> {
    await this.db
      .insert(partyMessages)
      .values({ ...ref, partyId, joinPayload: joinPayload ?? null, createdAt: now })
      .onConflictDoNothing();
  }

  /** The party whose card this message is (and its Join payload), if it is one. */
  async partyOf(ref: PartyMessageRef): Promise<{ partyId: number; joinPayload: string | null } | undefined> {
    const [row] = await this.db
      .select({ partyId: partyMessages.partyId, joinPayload: partyMessages.joinPayload })
      .from(partyMessages)
      .where(
        and(
          eq(partyMessages.platform, ref.platform),
          eq(partyMessages.channelKey, ref.channelKey),
          eq(partyMessages.messageKey, ref.messageKey),
        ),
      );
    return row;
  }
}
