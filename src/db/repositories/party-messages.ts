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

  async record(ref: PartyMessageRef, partyId: number, now = new Date()): Promise<void> {
    await this.db
      .insert(partyMessages)
      .values({ ...ref, partyId, createdAt: now })
      .onConflictDoNothing();
  }

  /** The party whose card this message is, if it is one. */
  async partyOf(ref: PartyMessageRef): Promise<number | undefined> {
    const [row] = await this.db
      .select({ partyId: partyMessages.partyId })
      .from(partyMessages)
      .where(
        and(
          eq(partyMessages.platform, ref.platform),
          eq(partyMessages.channelKey, ref.channelKey),
          eq(partyMessages.messageKey, ref.messageKey),
        ),
      );
    return row?.partyId;
  }
}
