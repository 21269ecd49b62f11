import { describe, expect, it } from 'vitest';
import { partySubmission, renderPartyModal, wantsPartyModal } from '../../../adapters/slack/party-modal.js';

describe('watch-party modal', () => {
  it('opens only for a bare "start"', () => {
    const msg = (text: string) => ({
      actor: { platform: 'slack' as const, externalId: 'T:U' },
      channelId: 'T:C',
      text,
      command: { name: 'watchparty' as const, args: {} },
    });
    expect(wantsPartyModal(msg('start'))).toBe(true);
    expect(wantsPartyModal(msg('start comedy'))).toBe(false);
    expect(wantsPartyModal(msg(''))).toBe(false);
  });

  it('keeps private_metadata under the limit even with a huge response_url', () => {
    const view = renderPartyModal({ c: 'T:C', ch: 'C', r: `https://hooks.example/${'x'.repeat(5000)}` });
    expect(view.private_metadata!.length).toBeLessThan(3000);
    expect(JSON.parse(view.private_metadata!)).toEqual({ c: 'T:C', ch: 'C' });
  });

  it('turns a submission into a start command, and refuses tampered views', () => {
    const meta = JSON.stringify({ c: 'T:C', ch: 'C' });
    const values = {
      'p.constraints': { value: { value: '  comedy,\n under 2 hours ' } },
      'p.mode': { value: { selected_option: { value: 'ranked' } } },
    };
    const out = partySubmission({ teamId: 'T', userId: 'U', privateMetadata: meta, values });
    expect(out?.message).toMatchObject({
      channelId: 'T:C',
      text: 'start comedy, under 2 hours ranked voting',
      command: { name: 'watchparty' },
    });
    expect(partySubmission({ teamId: 'T', userId: 'U', privateMetadata: '{nope', values })).toBeUndefined();
    expect(
      partySubmission({
        teamId: 'T',
        userId: 'U',
        privateMetadata: meta,
        values: { 'p.mode': { value: { selected_option: { value: 'dictator' } } } },
      }),
    ).toBeUndefined();
  });
});
