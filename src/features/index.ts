/**
 * The feature registry: every feature of the bot, one line each. Adding a command = one folder
 * (src/features/<name>/ with its command, intent words and buttons, exported by its index.ts)
 * plus one line in `features` below. Everything else is derived from this list: the command
 * table and the CommandName union, intent detection, the button codec and the ActionPayload and
 * CardActionKind unions, a movie card's buttons, Discord's slash commands and Slack's
 * `/reelmate <word>` table (both generated in their adapters from `commands`).
 */
import { WireCodec } from '../core/actions.js';
import { movieCard as buildMovieCard, type MovieActions, type MovieCardInput } from '../core/card.js';
import type { Card } from '../core/types.js';
import { createIntentDetector } from '../nlp/intent.js';
import type { DetectedIntent } from '../nlp/intent-types.js';
import { choose } from './choose/index.js';
import { dismiss } from './dismiss/index.js';
import { exportMe } from './export-me/index.js';
import { forgetMe } from './forget-me/index.js';
import { helpFeature } from './help/index.js';
import { more } from './more/index.js';
import { onboard } from './onboard/index.js';
import { profile } from './profile/index.js';
import { rate } from './rate/index.js';
import { recommend } from './recommend/index.js';
import { search } from './search/index.js';
import { seen } from './seen/index.js';
import { similar } from './similar/index.js';
import type { Button, CommandDefinition } from './types.js';
import { watchlist } from './watchlist/index.js';
import { watchparty } from './watchparty/index.js';
import { why } from './why/index.js';

export type { ChoiceExtra, CommandArgs, CommandDefinition } from './types.js';

const help = helpFeature(() => commands);

/** In help-text order; buttons and intent rules keep their own order (slots, stages). */
export const features = [
  recommend,
  rate,
  search,
  similar,
  watchlist,
  seen,
  why,
  profile,
  onboard,
  more,
  exportMe,
  forgetMe,
  watchparty,
  help,
  dismiss,
  choose,
] as const;

type Registered = (typeof features)[number];
type CommandOf<F> = F extends { command: CommandDefinition<infer N> } ? N : never;
type ButtonOf<F> = F extends { buttons: readonly (infer B)[] } ? B : never;
type AnyButton = ButtonOf<Registered>;
type PayloadOf<B> = B extends Button<string, infer P, string> ? P : never;
type ShownKindOf<B> = B extends Button<infer K, unknown, infer V> ? ([V] extends [never] ? K : never) : never;

/** Every command's name ("recommend", "rate", ...). */
export type CommandName = CommandOf<Registered>;
/** Every decoded button payload, discriminated by `kind`. */
export type ActionPayload = PayloadOf<AnyButton>;
export type ActionPayloadKind = ActionPayload['kind'];
/** The kinds a card's buttons show (a variant such as `unwatchlist` shows as its button, `watchlist`). */
export type CardActionKind = ShownKindOf<AnyButton>;

export const commands: CommandDefinition<CommandName>[] = features.flatMap((f): CommandDefinition<CommandName>[] =>
  'command' in f ? [f.command as CommandDefinition<CommandName>] : [],
);

/** Look a command up by name or alias ("rec", "wl"); case-insensitive. */
export function findCommand(word: string): CommandDefinition<CommandName> | undefined {
  const w = word.toLowerCase();
  return commands.find((c) => c.name === w || c.aliases.includes(w));
}

export function commandByName(name: string): CommandDefinition<CommandName> | undefined {
  return commands.find((c) => c.name === name);
}

export const buttons: readonly Button[] = features.flatMap((f): readonly Button[] => ('buttons' in f ? f.buttons : []));

export function buttonByKind(kind: string): Button | undefined {
  return buttons.find((b) => b.kind === kind);
}

/** Button kinds that may fold into an overflow menu (Slack), as the cards show them. */
export const OVERFLOW_KINDS: ReadonlySet<string> = new Set(buttons.filter((b) => b.overflow).map((b) => b.variantOf ?? b.kind));

/** The payload codec for the registered buttons, with one secret. */
export class ActionCodec extends WireCodec<ActionPayload> {
  constructor(secret: string | Uint8Array) {
    super(secret, buttons);
  }
}

/** A movie card's buttons: every feature's part, by slot. */
export function movieActionsFor(codec: ActionCodec): MovieActions {
  const parts = buttons.flatMap((b) => (b.movieCard ? [b.movieCard] : [])).sort((a, b) => a.slot - b.slot);
  return (movieId, state) => parts.flatMap((p) => p.actions(movieId, state, codec));
}

/** The movie card with the registered buttons (src/core/card.ts lays out the facts). */
export function movieCard(input: MovieCardInput, codec: ActionCodec): Card {
  return buildMovieCard(input, movieActionsFor(codec));
}

/** Intent detection over every feature's words: which command a free-text message means. */
export const detectIntent: (text: string) => DetectedIntent = createIntentDetector({
  rules: features.flatMap((f) => ('intents' in f ? f.intents : [])),
  empty: 'help',
  fallback: 'recommend',
});
