/**
 * What intent detection answers: a command name and its arguments. The names are the
 * features' (src/features/index.ts derives the CommandName union); the parser only carries them.
 */
export interface DetectedIntent {
  command: string;
  args: Record<string, string | number | undefined>;
}
