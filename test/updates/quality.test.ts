import { describe, expect, it } from 'vitest';
import { checkPart, specificWords } from '../../src/updates/quality.js';

describe('what counts as an update', () => {
  it.each([
    'CRM lookups fail.',
    'Voice calls drop after 10 s.',
    'Rolled back connector 4.13.',
    '30% of chats time out.',
    'Routing contract questions to your operators.',
    'We are looking into the CRM timeout on contract lookups.',
  ])('passes a real short update: %s', (text) => {
    expect(checkPart(text)).toBeNull();
  });

  it.each([
    'We are looking into it',
    'Investigating.',
    'No news',
    'Still investigating, no news.',
    'We are aware of reports and our engineers are actively investigating the issue with the ' +
      'highest priority. We apologise for the inconvenience and thank you for your patience.',
    'Some users may be experiencing degraded service. Our engineers are working hard to restore ' +
      'normal operation as quickly as possible and will provide an update as soon as possible.',
    'Our team continues to work on the issue and we will keep you posted with more information ' +
      'shortly. We understand the impact this may have and appreciate your patience.',
  ])('refuses an evasive update however long: %s', (text) => {
    expect(checkPart(text)).toBe('evasive');
  });

  it('refuses an empty part as empty, not evasive', () => {
    expect(checkPart('   ')).toBe('empty');
  });

  it('takes out stock phrases only as whole words', () => {
    expect(specificWords('Migration items lost')).toEqual(['migration', 'items', 'lost']);
    expect(specificWords('The reason it failed: pool exhaustion')).toEqual([
      'reason',
      'failed',
      'pool',
      'exhaustion',
    ]);
  });
});
