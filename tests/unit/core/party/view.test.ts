import { describe, expect, it } from 'vitest';
import type { Party } from '../../../../src/db/repositories/parties.js';
import { constraintsLine, displayTitle, settingsOf } from '../../../../src/features/watchparty/view.js';

const party = (settings: Record<string, unknown>): Party => ({
  id: 1,
  platform: 'playground',
  channelKey: 'c',
  hostUserId: 1,
  status: 'open',
  constraintsText: '',
  strategy: 'average_without_misery',
  votingMode: 'approval',
  settings,
  winnerMovieId: null,
  createdAt: new Date(0),
  expiresAt: new Date(0),
  closedAt: null,
});

describe('party view helpers', () => {
  it('reads settings leniently', () => {
    expect(settingsOf(party({ when: 'Friday', described: 'comedy' }))).toEqual({ when: 'Friday', described: 'comedy' });
    expect(settingsOf(party({ when: 5, other: 'x' }))).toEqual({ when: undefined, described: undefined });
  });

  it('joins when and what for the card', () => {
    expect(constraintsLine({ when: 'Friday', described: 'comedy · under 120 min' })).toBe('Friday: comedy · under 120 min');
    expect(constraintsLine({ when: 'Tonight' })).toBe('Tonight');
    expect(constraintsLine({ described: 'horror' })).toBe('horror');
    expect(constraintsLine({})).toBe('');
  });

  it('titles a film with its year, or by id when it left the catalogue', () => {
    expect(displayTitle({ displayTitle: 'Heat', year: 1995 }, 6)).toBe('Heat (1995)');
    expect(displayTitle({ displayTitle: 'Untitled', year: null }, 7)).toBe('Untitled');
    expect(displayTitle(undefined, 8)).toBe('Movie 8');
  });
});
