import type { Movie } from '../../db/repositories/movies.js';
import type { RequestContext } from '../context.js';
import type { CommandName, Reply } from '../types.js';

/**
 * Arguments of a command. `text` is the rest of the line after the command word; structured
 * slash commands may pass named fields instead (see each command's `args` doc), which win.
 */
export type CommandArgs = Record<string, string | number | undefined>;

/** What a choice button carried besides the movie: stars for rate, a variant ("watchlist.remove"). */
export interface ChoiceExtra {
  stars?: number | undefined;
  variant?: string | undefined;
}

export interface CommandDefinition {
  name: CommandName;
  /** Other words that start this command ("rec", "suggest"). */
  aliases: readonly string[];
  /**
   * The words of Slack's `/reelmate <word> ...` that run it as a structured command (the Slack
   * adapter builds its table from these). Only command-like words: everyday ones ("find",
   * "like") are better left to intent detection as free text.
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
  /** Named arguments a structured slash command may pass (besides `text`). */
  args?: readonly string[];
  run(ctx: RequestContext, args: CommandArgs): Promise<Reply>;
  /** Continue after the user picked one of several ambiguous titles. */
  onChoice?(ctx: RequestContext, movie: Movie, choice: ChoiceExtra): Promise<Reply>;
}

/** The first named argument present (in order), else the free text; trimmed, '' when absent. */
export function argText(args: CommandArgs, ...names: string[]): string {
  for (const name of names) {
    const named = args[name];
    if (named !== undefined && String(named).trim() !== '') return String(named).trim();
  }
  return String(args.text ?? '').trim();
}
