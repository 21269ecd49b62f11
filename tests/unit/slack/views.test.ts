import { describe, expect, it } from 'vitest';
import type { Card } from '../../../src/core/types.js';
import { SLACK_LIMITS } from '../../../adapters/slack/limits.js';
import {
  decodeMetadata,
  encodeMetadata,
  ONBOARD_ACTION_ID,
  onboardingSelections,
  renderHome,
  renderOnboardingModal,
} from '../../../adapters/slack/views.js';

function card(movieId: number): Card {
  return {
    kind: 'movie',
    title: `Movie ${movieId}`,
    actions: [1, 2, 3, 4, 5].map((n) => ({
      id: `v1:r:${movieId}:${n}:MACMACMA`,
      kind: 'rate' as const,
      label: `${n}`,
      value: n,
      group: 'rating' as const,
    })),
    movie: { movieId, genres: ['Drama'] },
  };
}

describe('App Home view', () => {
  it('stays within 100 blocks however much there is to show', () => {
    const many = Array.from({ length: 60 }, (_, i) => card(i + 1));
    const view = renderHome({ profile: { text: 'You like dramas', cards: many }, picks: { cards: many }, watchlist: { cards: many } });
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerView);
    const headers = view.blocks.filter((b) => b.type === 'header').map((b) => (b as { text: { text: string } }).text.text);
    expect(headers).toEqual(['Your taste profile', 'Top picks for you', 'Your watchlist']);
    // Block ids are unique across the three sections.
    const ids = view.blocks.map((b) => b.block_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('says so when a section is empty', () => {
    const view = renderHome({ profile: { text: 'Rate a few movies first.' }, picks: {}, watchlist: {} });
    expect(JSON.stringify(view.blocks)).toContain('Nothing here yet.');
  });
});

describe('onboarding modal', () => {
  it('has a select per movie whose options are the core payloads, within 100 blocks', () => {
    const view = renderOnboardingModal(
      Array.from({ length: 80 }, (_, i) => card(i + 1)),
      { c: 'T1:C1' },
    );
    expect(view.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerView);
    const inputs = view.blocks.filter((b) => b.type === 'input') as unknown as {
      block_id: string;
      element: { action_id: string; options: { value: string }[] };
    }[];
    expect(inputs[0]!.element.action_id).toBe(ONBOARD_ACTION_ID);
    expect(inputs[0]!.element.options.map((o) => o.value)).toEqual([5, 4, 3, 2, 1].map((n) => `v1:r:1:${n}:MACMACMA`));
    expect(view.title.text.length).toBeLessThanOrEqual(SLACK_LIMITS.viewTitle);
  });

  it('keeps private_metadata under 3,000 characters and reads it back', () => {
    const short = { c: 'T1:C1', r: 'https://hooks.slack.com/commands/T1/1/abc' };
    expect(decodeMetadata(encodeMetadata(short))).toEqual(short);
    const huge = { c: 'T1:C1', r: `https://hooks.slack.com/${'a'.repeat(990)}` };
    const longView = renderOnboardingModal([card(1)], { ...huge, r: `https://hooks.slack.com/${'b'.repeat(5000)}` });
    expect(longView.private_metadata!.length).toBeLessThan(SLACK_LIMITS.privateMetadata);
    expect(decodeMetadata(longView.private_metadata)).toEqual({ c: 'T1:C1' });
    expect(decodeMetadata('{"c": 5}')).toBeUndefined();
    expect(decodeMetadata('not json')).toBeUndefined();
  });

  it('reads the chosen ratings from a submission in movie order, skipping unanswered ones', () => {
    const values = {
      'o2.i': { [ONBOARD_ACTION_ID]: { type: 'static_select', selected_option: { value: 'v1:r:3:4:M' } } },
      'o0.i': { [ONBOARD_ACTION_ID]: { type: 'static_select', selected_option: { value: 'v1:r:1:5:M' } } },
      'o1.i': { [ONBOARD_ACTION_ID]: { type: 'static_select', selected_option: null } },
      other: { x: { type: 'plain_text_input', value: 'hi' } },
    };
    expect(onboardingSelections(values)).toEqual(['v1:r:1:5:M', 'v1:r:3:4:M']);
    expect(onboardingSelections('garbage')).toEqual([]);
  });
});
