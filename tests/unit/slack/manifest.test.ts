import { describe, expect, it } from 'vitest';
import { SLACK_BOT_EVENTS, SLACK_BOT_SCOPES, slackManifest } from '../../../adapters/slack/manifest.js';

describe('Slack app manifest', () => {
  it('points slash command, interactivity, events and OAuth at the deployment in HTTP mode', () => {
    const m = slackManifest({ baseUrl: 'https://bot.example.org/', socketMode: false }) as {
      features: { slash_commands: { command: string; url: string }[] };
      oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
      settings: {
        event_subscriptions: { request_url: string; bot_events: string[] };
        interactivity: { request_url: string };
        socket_mode_enabled: boolean;
      };
    };
    expect(m.features.slash_commands[0]).toMatchObject({ command: '/reelmate', url: 'https://bot.example.org/slack/events' });
    expect(m.settings.interactivity.request_url).toBe('https://bot.example.org/slack/events');
    expect(m.settings.event_subscriptions.request_url).toBe('https://bot.example.org/slack/events');
    expect(m.oauth_config.redirect_urls).toEqual(['https://bot.example.org/slack/oauth_redirect']);
    expect(m.oauth_config.scopes.bot).toEqual([...SLACK_BOT_SCOPES]);
    expect(m.settings.event_subscriptions.bot_events).toEqual([...SLACK_BOT_EVENTS]);
    expect(m.settings.socket_mode_enabled).toBe(false);
  });

  it('has no public URLs in Socket Mode, and refuses HTTP mode without one', () => {
    const text = JSON.stringify(slackManifest({ socketMode: true }));
    expect(text).not.toContain('http');
    expect(text).toContain('"socket_mode_enabled":true');
    expect(() => slackManifest({ socketMode: false })).toThrow(/base URL/);
  });
});
