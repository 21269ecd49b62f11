/**
 * Slash command definitions: one spec per command, the JSON Discord registers plus how the
 * adapter treats it. To add commands (e.g. watch parties), append specs to `COMMAND_SPECS`
 * or pass extra specs to `commandSpecs(extra)`; registration and dispatch pick them up.
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
import type { CommandName } from '../../src/core/types.js';

export interface DiscordCommandSpec {
  json: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** The core command it runs, or 'settings' for the adapter's own per-server settings. */
  handler: { core: CommandName } | { adapter: 'settings' };
  /** Answers only the asker should see (profile, export...): deferred ephemeral when slow. */
  personal: boolean;
}

const ALL_CONTEXTS = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel];

function titleOption(name: string, description: string, required = true): APIApplicationCommandBasicOption {
  return { type: ApplicationCommandOptionType.String, name, description, required, autocomplete: true, max_length: 200 };
}

function textOption(name: string, description: string, required: boolean): APIApplicationCommandBasicOption {
  return { type: ApplicationCommandOptionType.String, name, description, required, max_length: 500 };
}

const STAR_CHOICES = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5].map((v) => ({
  name: `${'★'.repeat(Math.floor(v))}${v % 1 ? '½' : ''} (${v})`,
  value: v,
}));

function core(
  name: string,
  command: CommandName,
  description: string,
  options: APIApplicationCommandOption[] = [],
  personal = false,
): DiscordCommandSpec {
  return {
    json: { name, description, type: ApplicationCommandType.ChatInput, options, contexts: ALL_CONTEXTS },
    handler: { core: command },
    personal,
  };
}

const PARTY_VERBS = {
  join: 'Join the party in this channel',
  leave: 'Leave the party',
  pick: 'Pick films for the group (host)',
  close: 'Close the vote and announce the winner (host)',
  status: 'Show the party card again',
  history: 'Past parties in this channel',
} as const;

export const COMMAND_SPECS: readonly DiscordCommandSpec[] = [
  core('recommend', 'recommend', 'Movie suggestions for you, optionally for a mood ("something scary, under 2 hours")', [
    textOption('query', 'What are you in the mood for?', false),
  ]),
  core('rate', 'rate', 'Rate a movie you have seen', [
    titleOption('title', 'The movie'),
    { type: ApplicationCommandOptionType.Number, name: 'stars', description: 'Your rating', required: true, choices: STAR_CHOICES },
  ]),
  core('similar', 'similar', 'Movies like one you name', [titleOption('title', 'The movie')]),
  core('search', 'search', 'Find a movie by title', [textOption('title', 'Title or part of it', true)]),
  core(
    'watchlist',
    'watchlist',
    'Show your watchlist, or add / remove a movie',
    [
      {
        type: ApplicationCommandOptionType.String,
        name: 'action',
        description: 'What to do (default: show it)',
        required: false,
        choices: [
          { name: 'show', value: 'list' },
          { name: 'add', value: 'add' },
          { name: 'remove', value: 'remove' },
        ],
      },
      titleOption('title', 'The movie to add or remove', false),
    ],
    true,
  ),
  core('seen', 'seen', 'Mark a movie as seen without rating it', [titleOption('title', 'The movie')], true),
  core('profile', 'profile', 'Your taste profile and what Reelmate knows about you', [], true),
  core('why', 'why', 'Why Reelmate recommends (or predicts) a movie for you', [titleOption('title', 'The movie')], true),
  core('onboard', 'onboard', 'Rate a few well-known movies so recommendations fit you', [], true),
  core('forget-me', 'forget-me', 'Delete everything Reelmate stores about you', [], true),
  core('export-me', 'export-me', 'Download everything Reelmate stores about you', [], true),
  core('help', 'help', 'How to use Reelmate', [], true),
  {
    json: {
      name: 'watchparty',
      description: 'Pick a movie together: start a party, join, let Reelmate pick for the group, vote',
      type: ApplicationCommandType.ChatInput,
      contexts: [InteractionContextType.Guild],
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'start',
          description: 'Start a watch party in this channel',
          options: [textOption('constraints', 'When and what, e.g. "Friday: comedy, under 2 hours"', false)],
        },
        ...(['join', 'leave', 'pick', 'close', 'status', 'history'] as const).map((name) => ({
          type: ApplicationCommandOptionType.Subcommand as const,
          name,
          description: PARTY_VERBS[name],
        })),
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'vote',
          description: 'Vote for a film on the list',
          options: [
            {
              type: ApplicationCommandOptionType.Integer,
              name: 'number',
              description: 'Its number on the list',
              required: true,
              min_value: 1,
              max_value: 10,
            },
          ],
        },
      ],
    },
    handler: { core: 'watchparty' },
    personal: false,
  },
  {
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
  },
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
