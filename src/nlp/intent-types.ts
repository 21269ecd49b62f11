/**
 * What intent detection answers: a command name and its arguments. Kept apart from intent.ts so
 * the helpers it calls (rate-intent) and the core can name the types without an import cycle;
 * the core re-exports CommandName.
 */
export type CommandName =
  | 'recommend'
  | 'rate'
  | 'search'
  | 'similar'
  | 'watchlist'
  | 'seen'
  | 'profile'
  | 'why'
  | 'onboard'
  | 'forget-me'
  | 'export-me'
  | 'help'
  | 'more'
  | 'watchparty';

export interface DetectedIntent {
  command: CommandName;
  args: Record<string, string | number | undefined>;
}
