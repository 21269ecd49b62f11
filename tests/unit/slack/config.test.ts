import { describe, expect, it } from 'vitest';
import { SlackConfigError, offClock, slackOptionsFromConfig, startSlack, type SlackOptions } from '../../../adapters/slack/index.js';
import { loadConfig } from '../../../src/config.js';
import type { BotHandler } from '../../../src/core/types.js';
import type { Database } from '../../../src/db/client.js';

describe('Slack configuration', () => {
  it('is off without a bot token or OAuth client', () => {
    expect(slackOptionsFromConfig(loadConfig({ SLACK_SIGNING_SECRET: 's' }))).toBeUndefined();
  });

  it('uses Socket Mode when an app-level token is set, HTTP otherwise', () => {
    expect(slackOptionsFromConfig(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toMatchObject({
      mode: 'socket',
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
    });
    expect(
      slackOptionsFromConfig(
        loadConfig({
          SLACK_CLIENT_ID: 'c',
          SLACK_CLIENT_SECRET: 's',
          SLACK_STATE_SECRET: 'x',
          SLACK_SIGNING_SECRET: 'g',
          SLACK_API_URL: 'http://127.0.0.1:9/api',
          PORT: '4000',
        }),
      ),
    ).toMatchObject({
      mode: 'http',
      clientId: 'c',
      clientSecret: 's',
      stateSecret: 'x',
      signingSecret: 'g',
      apiUrl: 'http://127.0.0.1:9/api',
      port: 4000,
    });
  });

  it('listens where HOST says (loopback by default, behind a proxy), like the API server', () => {
    expect(slackOptionsFromConfig(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'g' }))).toMatchObject({
      mode: 'http',
      host: '127.0.0.1',
    });
    expect(slackOptionsFromConfig(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'g', HOST: '0.0.0.0' }))).toMatchObject({
      host: '0.0.0.0',
    });
  });

  it('refuses request timestamps more than 5 minutes away, in the past or the future', () => {
    const now = 1_800_000_000_000;
    const at = (offsetS: number) => String(now / 1000 + offsetS);
    expect(offClock(at(0), now)).toBe(false);
    expect(offClock(at(-299), now)).toBe(false);
    expect(offClock(at(299), now)).toBe(false);
    expect(offClock(at(-301), now)).toBe(true);
    expect(offClock(at(301), now)).toBe(true);
    expect(offClock(at(3600), now)).toBe(true);
  });

  it('refuses incomplete settings with a readable error before touching the network', async () => {
    const base = { bot: {} as BotHandler, database: {} as Database };
    const cases: [Omit<SlackOptions, 'bot' | 'database'>, RegExp][] = [
      [{ mode: 'http', botToken: 'xoxb-1' }, /SLACK_SIGNING_SECRET/],
      [{ mode: 'socket', botToken: 'xoxb-1' }, /SLACK_APP_TOKEN/],
      [{ mode: 'http', signingSecret: 's' }, /SLACK_BOT_TOKEN/],
      [{ mode: 'http', signingSecret: 's', clientId: 'c', clientSecret: 'x' }, /SLACK_STATE_SECRET/],
    ];
    for (const [options, message] of cases) {
      const failure = await startSlack({ ...base, ...options }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(SlackConfigError);
      expect((failure as Error).message).toMatch(message);
    }
  });

  it('checks the bot token itself before starting: a Slack that cannot be reached is one clear error, not an unhandled rejection', async () => {
    const base = { bot: {} as BotHandler, database: { db: {} } as unknown as Database };
    // Port 9 on this machine: nothing listens, the connection is refused at once.
    const failure = await startSlack({
      ...base,
      mode: 'http',
      signingSecret: 's',
      botToken: 'xoxb-T1-x',
      apiUrl: 'http://127.0.0.1:9/api/',
      port: 0,
      host: '127.0.0.1',
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SlackConfigError);
    expect((failure as Error).message).toMatch(/did not accept SLACK_BOT_TOKEN/);
  });
});
