/**
 * The platform-neutral conversation model. Adapters turn platform events into
 * InboundMessage / InboundAction and render Reply / Card; nothing here knows a platform SDK.
 */
import type { Preferences } from '../nlp/types.js';

export type Platform = 'discord' | 'slack' | 'playground' | 'api';

/** Most people one action may bring along (InboundAction.invitees); a voice channel holds at most 99. */
export const MAX_INVITEES = 100;

export interface Actor {
  platform: Platform;
  /** The platform's user id; Slack uses "TEAM:USER" so workspaces never collide. */
  externalId: string;
  displayName?: string | undefined;
}

export interface InboundMessage {
  actor: Actor;
  /** Channel (or DM) id; Slack uses "TEAM:CHANNEL". Conversation state is per (actor, channel). */
  channelId: string;
  /** Free text, or the rest of a slash command. */
  text: string;
  /** A structured slash command (Discord options, Slack subcommand) skips intent detection. */
  command?: { name: string; args: Record<string, string | number | undefined> } | undefined;
  /** Platform delivery id, so a retried delivery never acts twice. */
  requestId?: string | undefined;
  /** Direct message to the bot rather than a channel: its cards are for the sender's eyes only. */
  direct?: boolean | undefined;
}

export interface InboundAction {
  actor: Actor;
  channelId: string;
  /** The opaque payload the core put in CardAction.id (custom_id / action value). Validated by the core. */
  payload: string;
  /** Optional value chosen in a select / overflow menu, when the platform sends one separately. */
  value?: string | undefined;
  requestId?: string | undefined;
  /**
   * The clicked message is seen by the clicker alone (a DM, an ephemeral message, Slack's App
   * Home): the card may then show their own state. Otherwise it is shared and shows only
   * what is true for everyone, and the clicker's state goes to them privately.
   */
  direct?: boolean | undefined;
  /**
   * People the clicker brings along (Discord: the humans in the host's voice channel), on the
   * clicker's platform. The platform vouches for them as it does for the actor; only
   * 'bring my group' actions (party_invite) read it.
   */
  invitees?: Actor[] | undefined;
}

/**
 * A button's kind, as renderers see it ("rate", "watchlist", "party_vote"...). The features
 * declare the kinds; src/features/index.ts derives the CardActionKind union from its registry.
 */
export type CardActionKindName = string;

export interface CardAction {
  /** Opaque, compact (< 100 chars) payload; adapters pass it back unchanged in InboundAction.payload. */
  id: string;
  kind: CardActionKindName;
  label: string;
  /** Star value for 'rate', candidate rank for votes, etc. */
  value?: number | undefined;
  style?: 'primary' | 'secondary' | 'success' | 'danger' | undefined;
  /** Renderers lay out 'rating' actions on their own row, 'menu' ones in an overflow where they can. */
  group?: 'rating' | 'main' | 'menu' | undefined;
  emoji?: string | undefined;
}

export interface CardField {
  label: string;
  value: string;
  inline?: boolean | undefined;
}

export interface MovieInfo {
  movieId: number;
  year?: number | null | undefined;
  genres?: string[] | undefined;
  runtime?: number | null | undefined;
  directors?: string[] | undefined;
  cast?: string[] | undefined;
  /** Predicted stars for the person the card was made for, 0.5-5. */
  predicted?: number | undefined;
  /** What the viewer rated it, once they have (never set on a card shared in a channel). */
  userRating?: number | undefined;
  /**
   * On a card in a channel: whose `predicted` stars these are ("Ana", who asked). Undefined
   * when they are the viewer's own (a private card).
   */
  forWhom?: string | undefined;
  links?: { label: string; url: string }[] | undefined;
}

export interface PartyInfo {
  partyId: number;
  status: 'open' | 'voting' | 'closed' | 'expired';
  host: string;
  members: string[];
  constraints: string;
  /** Candidate rows with per-member predictions and tallies, for compact bars. */
  candidates?:
    | {
        movieId: number;
        title: string;
        /**
         * The members' mean predicted stars, or null when nobody has a prediction. Not the
         * strategy's score (Borda points, approvals, a misery-dropped fill-in's negative
         * score are no stars); the strategy sets the order.
         */
        groupStars: number | null;
        memberStars: Record<string, number>;
        votes: number;
        /** Compact member bar, e.g. "▅▆▇ everyone 3.6★ or more". */
        bar?: string | undefined;
        /** Why it fits the group, e.g. "you all agree (about 4.2★), nobody below 4.1★". */
        reason?: string | undefined;
      }[]
    | undefined;
  winner?: { movieId: number; title: string } | undefined;
  /** The host's platform user id, so an adapter can look at where the host is (Discord voice). */
  hostId?: string | undefined;
  /** The members' platform user ids, where known (an invite counts only people not in yet). */
  memberIds?: string[] | undefined;
  /**
   * While the party is live: the signed payload of "bring my group along" (party_invite).
   * Adapters that know such groups (Discord voice channels) offer it as a button for the
   * host; the others ignore it.
   */
  invite?: string | undefined;
}

export interface Card {
  kind: 'movie' | 'party' | 'profile' | 'choice' | 'info' | 'confirm';
  title: string;
  url?: string | undefined;
  /** A poster when one is known (the offline catalogue has none). */
  imageUrl?: string | undefined;
  /** One line: why it was recommended, or a short description. */
  body?: string | undefined;
  fields?: CardField[] | undefined;
  actions?: CardAction[] | undefined;
  /** Short status line under the card ("You rated it 4★"). */
  footer?: string | undefined;
  movie?: MovieInfo | undefined;
  party?: PartyInfo | undefined;
}

export interface Reply {
  text?: string | undefined;
  cards?: Card[] | undefined;
  /** Only the person who asked sees it (Discord ephemeral, Slack ephemeral / respond). */
  ephemeral?: boolean | undefined;
  /** For actions: replace the card/message that was clicked rather than post a new one. */
  replaceOriginal?: boolean | undefined;
  /** A file to attach (export-me). */
  attachment?: { filename: string; contentType: string; content: string } | undefined;
  /** Machine-readable outcome for tests and logs ("rated", "error:unknown_title", ...). */
  status?: string | undefined;
  /**
   * What the message was taken as, for `reelmate chat --json`, the API and tests (adapters
   * ignore it): the command (or "dismiss"), and for a recommendation the effective request.
   */
  turn?: { intent: string; request?: Preferences | undefined } | undefined;
}

export interface AutocompleteChoice {
  label: string;
  value: string;
}

export interface BotHandler {
  onMessage(message: InboundMessage): Promise<Reply>;
  /**
   * A click on a card action. `update` is the clicked card re-rendered for the clicker
   * (or undefined when the original stays), `reply` an extra message (often ephemeral).
   */
  onAction(action: InboundAction): Promise<ActionOutcome>;
  autocomplete(query: string, limit: number): Promise<AutocompleteChoice[]>;
  /** The help text, at once and without the database (adapters answer /help with it directly). */
  help?(): Reply;
}

export interface ActionOutcome {
  /**
   * The card that was clicked, updated (e.g. footer "Ana rated it 4★"); adapters edit the
   * message. On a shared card it holds only what is true for everyone in the channel.
   */
  update?: Card | undefined;
  /**
   * An extra message for the clicker (often ephemeral: "You rated Heat 4★", with their own
   * rating, prediction and reason). An ephemeral reply without cards is about the clicked
   * card: adapters that can (the playground) show it on that card, for the clicker only.
   */
  reply?: Reply | undefined;
}
