/**
 * What a feature is made of: a command (typed zod arguments, aliases, help line, the metadata
 * the Discord slash command and Slack's subcommand are generated from), its intent rules (the
 * words of free text that mean it), and its card buttons (wire code, arguments, what a click
 * needs before it runs: `requires`). A feature is one folder; src/features/index.ts lists them.
 */
import { z } from 'zod';
import type { EngagementAction } from '../db/repositories/insights.js';
import type { Party } from '../db/repositories/parties.js';
import type { Movie } from '../db/repositories/movies.js';
import type { ArgsOf, ButtonWire, PayloadEncoder } from '../core/actions.js';
import type { CardViewerState } from '../core/card.js';
import type { RequestContext } from '../core/context.js';
import type { ActionOutcome, CardAction, Reply } from '../core/types.js';
import type { IntentRule } from '../nlp/intent.js';

/* --------------------------------------- commands --------------------------------------- */

/**
 * Arguments of a command as they arrive: `text` is the rest of the line after the command word;
 * structured slash commands and intent detection may pass named fields instead, which win.
 */
export type CommandArgs = Record<string, string | number | undefined>;

/** A text argument (a number typed where text was expected is read as its digits). */
export const textArg = z.coerce.string().optional();
/** A number argument: slash commands send numbers, typed text sends digits. */
export const numberArg = z.union([z.number(), z.string()]).optional();

/** What a choice button carried besides the movie: stars for rate, a variant ("watchlist.remove"). */
export interface ChoiceExtra {
  stars?: number | undefined;
  variant?: string | undefined;
}

/** A slash-command option, platform-neutral; adapters/discord/commands.ts turns it into Discord's JSON. */
export type SlashOption =
  /** A movie title: autocompleted from the catalogue. */
  | { kind: 'title'; name: string; description: string; required?: boolean }
  | { kind: 'text'; name: string; description: string; required?: boolean }
  | {
      kind: 'number' | 'integer';
      name: string;
      description: string;
      required?: boolean;
      min?: number;
      max?: number;
      choices?: readonly { name: string; value: number }[];
    }
  | { kind: 'choice'; name: string; description: string; required?: boolean; choices: readonly { name: string; value: string }[] };

/** The slash command a command is offered as (Discord today). */
export interface SlashSpec {
  description: string;
  options?: readonly SlashOption[];
  /** Verbs as subcommands (`/watchparty vote number:2`): the core gets the verb as `action`. */
  subcommands?: readonly { name: string; description: string; options?: readonly SlashOption[] }[];
  /** Answers only the asker should see (profile, export...): shown ephemeral. */
  personal?: boolean;
  /** Only in a server's channels (a watch party needs a channel). */
  guildOnly?: boolean;
}

interface CommandMeta<N extends string> {
  name: N;
  /** Other words that start this command ("rec", "suggest"). */
  aliases: readonly string[];
  /**
   * The words of Slack's `/reelmate <word> ...` that run it as a structured command. Only
   * command-like words: everyday ones ("find", "like") are better left to intent detection.
   */
  slackWords?: readonly string[];
  /** "rate <title> <stars>" */
  usage: string;
  summary: string;
  /**
   * False for commands that take nothing ("more", "profile"): a line that starts with their
   * word but goes on ("more like alien", "start a watch party") is free text instead.
   */
  takesArgs?: boolean;
  /** Its word also opens sentences ("why jaws?? i said no horror"): more than a title after it is free text. */
  opensSentences?: boolean;
  /** False for commands that never act on a card of the list shown, whatever the message says. */
  aboutCards?: boolean;
  /**
   * What a structured call says as the sentence it stands for (Discord's `/why title:the second
   * one`), so a reference in its title is read like one typed.
   */
  asSentence?(title: string, args: CommandArgs): string;
  /** The slash command it is offered as; none = not offered (only typed or said). */
  slash?: SlashSpec;
  /** Continue after the user picked one of several ambiguous titles. */
  onChoice?(ctx: RequestContext, movie: Movie, choice: ChoiceExtra): Promise<Reply>;
}

/** A command as the registry and the bot see it: arguments checked at the door. */
export interface CommandDefinition<N extends string = string> extends CommandMeta<N> {
  /** The named arguments it reads (besides `text`). */
  args: readonly string[];
  run(ctx: RequestContext, args: CommandArgs): Promise<Reply>;
}

/**
 * A command with typed arguments: `args` is a zod shape, and `run` gets them parsed (`text`,
 * the rest of the line, always). The definition the registry keeps checks raw arguments first.
 */
export function defineCommand<N extends string, S extends z.ZodRawShape = Record<never, never>>(
  def: CommandMeta<N> & {
    args?: S;
    run(ctx: RequestContext, args: z.infer<z.ZodObject<S & { text: typeof textArg }>>): Promise<Reply>;
  },
): CommandDefinition<N> {
  const shape = (def.args ?? {}) as S;
  const schema = z.object({ ...shape, text: textArg });
  const { run, args: _shape, ...meta } = def;
  return {
    ...meta,
    args: Object.keys(shape).filter((k) => k !== 'text'),
    run(ctx, raw) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        return Promise.resolve({ text: 'I could not read that command.', ephemeral: true, status: 'error:bad_input' });
      }
      return run(ctx, parsed.data as z.infer<z.ZodObject<S & { text: typeof textArg }>>);
    },
  };
}

/** The first named argument present (in order), else the free text; trimmed, '' when absent. */
export function argText(args: CommandArgs, ...names: string[]): string {
  for (const name of names) {
    const named = args[name];
    if (named !== undefined && String(named).trim() !== '') return String(named).trim();
  }
  return String(args.text ?? '').trim();
}

/* ---------------------------------------- buttons ---------------------------------------- */

/**
 * What a click needs before its handler runs; the bot checks it and answers the failure:
 *   movie      the payload's film is in the catalogue
 *   choice     the film, and the command that asked "which one?" (it takes the choice)
 *   party      the payload's watch party, settled when overdue and still live
 *   partyHost  the party, and the clicker is its host (`hostOnly` says why not)
 * Member-only buttons (vote) have the store check membership in the same write as the vote.
 */
export type Requirement = 'movie' | 'choice' | 'party' | 'partyHost';

/** What the bot hands a handler for each requirement. */
export type Target<R> = R extends 'movie'
  ? Movie
  : R extends 'choice'
    ? { movie: Movie; onChoice(ctx: RequestContext, movie: Movie, choice: ChoiceExtra): Promise<Reply> }
    : R extends 'party' | 'partyHost'
      ? Party
      : undefined;

/** A button's part of a movie card: where it sits (slot, low first) and the actions for a viewer's state. */
export interface MovieCardPart {
  slot: number;
  actions(movieId: number, state: CardViewerState, codec: PayloadEncoder): CardAction[];
}

export interface ButtonDefinition<K extends string, S extends z.ZodRawShape, R extends Requirement | undefined, V extends string>
  extends ButtonWire<K, S> {
  requires?: R;
  /** For `partyHost`: what a clicker who is not the host is told. */
  hostOnly?: string;
  /** The kind it is shown as when it is the other face of one button (unwatchlist is the watchlist toggle). */
  variantOf?: V;
  /** May fold into an overflow menu where a platform has one (Slack), to keep the row short. */
  overflow?: boolean;
  /** Its buttons on every movie card, if it has any. */
  movieCard?: MovieCardPart;
  /** Feedback on the film: the engagement a click is stored under for online evaluation (src/insights). */
  engagement?: EngagementAction;
  handle(ctx: RequestContext, action: { kind: K } & ArgsOf<S>, target: Target<R>): Promise<ActionOutcome>;
}

/** A button as the registry keeps it (the handler's types erased; the bot checks before it calls). */
export interface Button<K extends string = string, P = unknown, V extends string = string> extends ButtonWire<K> {
  requires?: Requirement | undefined;
  hostOnly?: string | undefined;
  variantOf?: V | undefined;
  overflow?: boolean | undefined;
  movieCard?: MovieCardPart | undefined;
  engagement?: EngagementAction | undefined;
  handle(ctx: RequestContext, action: never, target: never): Promise<ActionOutcome>;
  /** Type-only: the decoded payload. */
  readonly payload?: P;
}

export function defineButton<
  K extends string,
  S extends z.ZodRawShape = Record<never, never>,
  R extends Requirement | undefined = undefined,
  V extends string = never,
>(def: ButtonDefinition<K, S, R, V>): Button<K, { kind: K } & ArgsOf<S>, V> {
  return def as unknown as Button<K, { kind: K } & ArgsOf<S>, V>;
}

/* ---------------------------------------- features ---------------------------------------- */

export interface Feature<N extends string = string> {
  name: N;
  command?: CommandDefinition | undefined;
  /** Free-text rules that mean this feature's command (src/nlp/intent.ts runs them by stage). */
  intents?: readonly IntentRule[] | undefined;
  buttons?: readonly Button[] | undefined;
}

/** Keeps the literal types (names, kinds) the registry derives its unions from. */
export function defineFeature<const F extends Feature>(feature: F): F {
  return feature;
}
