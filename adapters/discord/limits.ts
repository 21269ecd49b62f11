/**
 * Discord's platform limits, named so the renderer and its tests speak the same numbers.
 * Source: Discord developer docs (message, embed, component and interaction references).
 * Breaking any of them makes Discord reject the whole message with a 400.
 */
export const DISCORD_LIMITS = {
  /** Characters of plain message content. */
  content: 2000,
  embedsPerMessage: 10,
  /** Sum of title, description, field names and values, footer and author over all embeds. */
  embedTotalChars: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooter: 2048,
  actionRowsPerMessage: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectPlaceholder: 150,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  /** Slash command, option names (lower-case, no spaces) and descriptions. */
  commandName: 32,
  commandDescription: 100,
  /** An interaction must be answered (or deferred) within this many ms of its creation. */
  interactionAckMs: 3000,
  /** A deferred interaction token stays valid for follow-ups this long. */
  interactionTokenMs: 15 * 60 * 1000,
} as const;

/** MessageFlags.Ephemeral: only the invoking user sees the message. */
export const EPHEMERAL_FLAG = 1 << 6;
