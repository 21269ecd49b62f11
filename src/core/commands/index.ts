/**
 * The command registry. Adding a command = one file exporting a CommandDefinition and one
 * line in `commands` below.
 */
import type { CommandName } from '../types.js';
import { exportMe } from './export-me.js';
import { forgetMe } from './forget-me.js';
import { makeHelp } from './help.js';
import { more } from './more.js';
import { onboard } from './onboard.js';
import { profile } from './profile.js';
import { rate } from './rate.js';
import { recommend } from './recommend.js';
import { search } from './search.js';
import { seen } from './seen.js';
import { similar } from './similar.js';
import type { CommandDefinition } from './types.js';
import { watchlist } from './watchlist.js';
import { watchparty } from './watchparty.js';
import { why } from './why.js';

export type { CommandArgs, CommandDefinition, ChoiceExtra } from './types.js';

export const commands: CommandDefinition[] = [
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
];
commands.push(makeHelp(() => commands));

/** Look a command up by name or alias ("rec", "wl"); case-insensitive. */
export function findCommand(word: string): CommandDefinition | undefined {
  const w = word.toLowerCase();
  return commands.find((c) => c.name === w || c.aliases.includes(w));
}

export function commandByName(name: CommandName | string): CommandDefinition | undefined {
  return commands.find((c) => c.name === name);
}
