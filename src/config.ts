import { z } from 'zod';

/** Environment, parsed once at start-up. Unknown variables are ignored. */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** A whole number in [min, max], or unset. */
const optionalInt = (min: number, max: number) => optionalString.pipe(z.coerce.number<string>().int().min(min).max(max).optional());

/**
 * Every environment variable the program reads, and nothing else reads `process.env`
 * (a test checks .env.example against this list). Harness-only variables of the tests and
 * benchmarks (REELMATE_TEST_*, REELMATE_BENCH_*) live beside them, not here.
 */
export const configSchema = z.object({
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  REELMATE_DATA_DIR: optionalString.default('./data'),
  MOVIELENS_DIR: optionalString,
  /** Where `import movielens --download` fetches ml-latest-small (a mirror, or a test server). */
  REELMATE_MOVIELENS_URL: optionalString.pipe(z.url().optional()),
  /** Signs card button payloads; generated once and kept in the database when unset. */
  REELMATE_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  REELMATE_ENRICH_FILE: optionalString,
  /** Where the shared evaluation splits are looked up (`reelmate eval`, `reelmate train`). */
  REELMATE_SPLITS_DIR: optionalString,
  /** How long a watch party lives, in minutes (1 to a week); default 180. */
  REELMATE_PARTY_TTL_MINUTES: optionalInt(1, 7 * 24 * 60),
  /** TMDB v3 API key (or v4 read access token) for `reelmate enrich tmdb`; optional. */
  TMDB_API_KEY: optionalString,
  /** TMDB's API root (a mirror, or a test server). */
  TMDB_API_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: optionalString.default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_API_URL: optionalString,
  /**
   * The application's public key (Developer Portal > General Information): set it to serve
   * slash commands and buttons on POST /discord/interactions (the Interactions Endpoint URL).
   */
  DISCORD_PUBLIC_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be the 64 hexadecimal characters of the Public Key')
      .optional(),
  ),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: optionalString,
  REELMATE_PLAYGROUND: optionalString,
  /** Requests a minute per HTTP API key (a token bucket with bursts of the same size). */
  REELMATE_API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /**
   * Bearer token for GET /metrics when HOST is not a loopback address (an admin API key works
   * too); on loopback /metrics stays open.
   */
  /** `reelmate worker`: how often to look for watch parties whose time is up (seconds). */
  REELMATE_PARTY_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** `reelmate worker`: a training still running after this long is failed and retried (minutes). */
  REELMATE_TRAIN_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(1439).default(120),
  REELMATE_METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  /** Days impressions and card actions are kept (online metrics, experiments); 0 keeps them. */
  REELMATE_IMPRESSION_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(180),
  /** A card action or rating counts for an impression at most this many days after it was shown. */
  REELMATE_ATTRIBUTION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /**
   * Catalogues of at least this many films rank a plain request from a few hundred candidates
   * (co-occurrence neighbours of the user's films and the most popular ones) instead of
   * scoring every film; smaller ones keep exact scoring. 0 = always use candidates.
   */
  REELMATE_CANDIDATES_MIN_FILMS: z.coerce.number().int().min(0).max(100_000_000).default(20_000),
  /** Set by CI services and by vitest: no progress bars or pretty logs, whatever the terminal. */
  CI: optionalString,
  VITEST: optionalString,
});

/** Variables the surroundings set (CI, the test runner); .env.example does not list them. */
export const AMBIENT_VARIABLES: readonly (keyof Config)[] = ['CI', 'VITEST'];

/** Is this HOST reachable from this machine only? */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * One variable, parsed by its schema, for a module that needs a single setting as a default
 * (the composition root passes the whole Config where it can). Throws a ConfigError when invalid.
 */
export function configValue<K extends keyof Config>(key: K, env: NodeJS.ProcessEnv = process.env): Config[K] {
  const parsed = configSchema.shape[key].safeParse(env[key]);
  if (!parsed.success) throw new ConfigError(`Invalid configuration:\n  ${key}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data as Config[K];
}

/** Parse the environment; throws a ConfigError with one readable line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
