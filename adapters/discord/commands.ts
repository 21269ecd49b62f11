/**
 * Slash command definitions: one spec per command, the JSON Discord registers plus how the
 * adapter treats it. The core commands' specs are generated from the features' `slash`
 * metadata (src/features/<name>/command.ts), so a new command needs nothing here; the
 * adapter adds its own `settings`, and `commandSpecs(extra)` takes more.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { commands, type CommandDefinition, type CommandName } from '../../src/features/index.js';
import type { SlashOption } from '../../src/features/types.js';

export interface DiscordCommandSpec {
  json: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** The core command it runs, or 'settings' for the adapter's own per-server settings. */
  handler: { core: CommandName } | { adapter: 'settings' };
  /** Answers only the asker should see (profile, export...): deferred ephemeral when slow. */
  personal: boolean;
}

const ALL_CONTEXTS = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel];

/** One neutral option (src/features/types.ts) as Discord's JSON. */
function option(o: SlashOption): APIApplicationCommandBasicOption {
  const required = o.required ?? true;
  switch (o.kind) {
    case 'title':
      // A movie title: autocompleted from the catalogue.
      return {
        type: ApplicationCommandOptionType.String,
        name: o.name,
        description: o.description,
        required,
        autocomplete: true,
        max_length: 200,
      };
    case 'text':
      return { type: ApplicationCommandOptionType.String, name: o.name, description: o.description, required, max_length: 500 };
    case 'choice':
      return { type: ApplicationCommandOptionType.String, name: o.name, description: o.description, required, choices: [...o.choices] };
    case 'number':
    case 'integer': {
      const type = o.kind === 'number' ? ApplicationCommandOptionType.Number : ApplicationCommandOptionType.Integer;
      return {
        type,
        name: o.name,
        description: o.description,
        required,
        ...(o.min !== undefined ? { min_value: o.min } : {}),
        ...(o.max !== undefined ? { max_value: o.max } : {}),
        ...(o.choices ? { choices: [...o.choices] } : {}),
      } as APIApplicationCommandBasicOption;
    }
  }
}

/** A core command's slash spec, generated from its feature's `slash` metadata. */
export function coreSpec(command: Pick<CommandDefinition<CommandName>, 'name' | 'slash'>): DiscordCommandSpec | undefined {
  const slash = command.slash;
  if (!slash) return undefined;
  const options: APIApplicationCommandOption[] = slash.subcommands
    ? slash.subcommands.map((sub) => ({
        type: ApplicationCommandOptionType.Subcommand,
        name: sub.name,
        description: sub.description,
        ...(sub.options ? { options: sub.options.map(option) } : {}),
      }))
    : (slash.options ?? []).map(option);
  return {
    json: {
      name: command.name,
      description: slash.description,
      type: ApplicationCommandType.ChatInput,
      options,
      contexts: slash.guildOnly ? [InteractionContextType.Guild] : ALL_CONTEXTS,
    },
    handler: { core: command.name },
    personal: slash.personal ?? false,
  };
}

/** The adapter's own command: per-server settings (not a core command). */
const SETTINGS_SPEC: DiscordCommandSpec = {
  json: {
    name: 'settings',
    description: 'Reelmate settings for this server',
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    options: [
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'public-cards',
        description: 'Post recommendation cards for everyone (true) or only for the asker (false)',
        required: false,
      },
    ],
  },
  handler: { adapter: 'settings' },
  personal: true,
};

/** Every core command that has a slash form (from the feature registry), and the settings command. */
export const COMMAND_SPECS: readonly DiscordCommandSpec[] = [
  ...commands.flatMap((c) => {
    const spec = coreSpec(c);
    return spec ? [spec] : [];
  }),
  SETTINGS_SPEC,
];

export function commandSpecs(extra: readonly DiscordCommandSpec[] = []): DiscordCommandSpec[] {
  const byName = new Map<string, DiscordCommandSpec>();
  for (const spec of [...COMMAND_SPECS, ...extra]) byName.set(spec.json.name, spec);
  return [...byName.values()];
}

/** Names of options that autocomplete a movie title, for every command. */
export function autocompleteOptions(specs: readonly DiscordCommandSpec[]): Set<string> {
  const out = new Set<string>();
  const visit = (command: string, options: readonly APIApplicationCommandOption[] | undefined) => {
    for (const o of options ?? []) {
      if ('autocomplete' in o && o.autocomplete) out.add(`${command}:${o.name}`);
      if ('options' in o) visit(command, o.options as APIApplicationCommandOption[] | undefined);
    }
  };
  for (const s of specs) visit(s.json.name, s.json.options);
  return out;
}
