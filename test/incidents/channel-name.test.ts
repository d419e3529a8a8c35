import { describe, expect, it } from 'vitest';
import {
  asciiFold,
  channelNameBudget,
  incidentChannelName,
  isNameFor,
  slugify,
  withSuffix,
} from '../../src/incidents/channel-name.js';

/** Slack's rules for a channel name: lowercase letters, digits, `-` and `_`, at most 80. */
function isValidSlackName(name: string): boolean {
  return /^[a-z0-9_-]+$/.test(name) && !/^[-_]+$/.test(name) && name.length <= 80;
}

describe('incident channel names', () => {
  it('puts the reference first and a slug of the title after it', () => {
    expect(incidentChannelName('INC-2026-0042', 'CRM lookups time out', 'integration')).toBe(
      'inc-2026-0042-crm-lookups-time-out',
    );
  });

  it('folds accents and special letters to ASCII', () => {
    const folded = asciiFold('Café Straße Ærø Łódź ﬁber ＣＲＭ');
    expect(folded).toBe('cafe strasse aero lodz fiber crm');
    expect(incidentChannelName('INC-2026-0001', 'Größere Ausfälle in Zürich', 'outage')).toBe(
      'inc-2026-0001-grossere-ausfalle-in-zurich',
    );
  });

  it('drops emoji, symbols, mentions and emoji shortcodes but keeps times', () => {
    expect(slugify('🔥 CRM down!!! <!channel> <@U123|dana> :fire::boom:')).toBe('crm-down');
    expect(slugify('Errors since 10:30:45 on chat')).toBe('errors-since-10-30-45-on-chat');
  });

  it('falls back to the type when nothing of the title is left', () => {
    expect(incidentChannelName('INC-2026-0003', '🔥🔥🔥', 'outage')).toBe('inc-2026-0003-outage');
    expect(incidentChannelName('INC-2026-0004', '系统故障', 'response_error')).toBe(
      'inc-2026-0004-response-error',
    );
    expect(incidentChannelName('INC-2026-0005', 'Сбой CRM', 'integration')).toBe(
      'inc-2026-0005-crm',
    );
  });

  it('keeps long titles within the budget, cut at a word, with room for a suffix', () => {
    const title =
      'Voice assistant answers with the wrong tariff for every business customer ' +
      'in the north region since the release';
    const name = incidentChannelName('INC-2026-0042', title, 'response_error');
    expect(name.length).toBeLessThanOrEqual(channelNameBudget);
    expect(name).toBe('inc-2026-0042-voice-assistant-answers-with-the-wrong-tariff-for-every');
    expect(isValidSlackName(withSuffix(name, 99))).toBe(true);
  });

  it('always yields a name Slack accepts, whatever the title', () => {
    const titles = [
      'a'.repeat(5000),
      '-'.repeat(200),
      `${'x-'.repeat(100)}`,
      '___',
      '<>&"\'',
      'İstanbul çağrı merkezi',
      'Ⅻ ① ℌ',
      '',
    ];
    for (const title of titles) {
      for (const ref of ['INC-2026-0001', 'INC-2026-123456']) {
        const name = incidentChannelName(ref, title, 'latency');
        expect(isValidSlackName(name), `${ref} ${title}`).toBe(true);
        expect(isValidSlackName(withSuffix(name, 99)), `${ref} ${title} -99`).toBe(true);
      }
    }
  });

  it('numbers suffixes from 2 and gives up past 99', () => {
    expect(withSuffix('inc-2026-0001-x', 1)).toBe('inc-2026-0001-x');
    expect(withSuffix('inc-2026-0001-x', 2)).toBe('inc-2026-0001-x-2');
    expect(() => withSuffix('inc-2026-0001-x', 100)).toThrow(/no free channel name/);
  });

  it('recognises only the base name and its numbered suffixes as the incident’s own', () => {
    expect(isNameFor('inc-2026-0001-x', 'inc-2026-0001-x')).toBe(true);
    expect(isNameFor('inc-2026-0001-x', 'inc-2026-0001-x-3')).toBe(true);
    expect(isNameFor('inc-2026-0001-x', 'inc-2026-0001-x-1')).toBe(false);
    expect(isNameFor('inc-2026-0001-x', 'inc-2026-0001-x-ray')).toBe(false);
    expect(isNameFor('inc-2026-0001-x', 'inc-2026-0001')).toBe(false);
  });
});
