import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('online-evaluation settings', () => {
  it('have defaults and take whole days', () => {
    const d = loadConfig({});
    expect(d.REELMATE_IMPRESSION_RETENTION_DAYS).toBe(180);
    expect(d.REELMATE_ATTRIBUTION_DAYS).toBe(7);
    const c = loadConfig({ REELMATE_IMPRESSION_RETENTION_DAYS: '0', REELMATE_ATTRIBUTION_DAYS: '14' });
    expect(c.REELMATE_IMPRESSION_RETENTION_DAYS).toBe(0);
    expect(c.REELMATE_ATTRIBUTION_DAYS).toBe(14);
  });

  it('refuse a bad value with a readable line', () => {
    expect(() => loadConfig({ REELMATE_IMPRESSION_RETENTION_DAYS: 'forever' })).toThrow(ConfigError);
    expect(() => loadConfig({ REELMATE_ATTRIBUTION_DAYS: '0' })).toThrow(/REELMATE_ATTRIBUTION_DAYS/);
  });
});
