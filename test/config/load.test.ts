import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type ConfigResult, loadConfig, parseConfigText } from '../../src/config/load.js';
import { addSlaDuration } from '../../src/time/business-time.js';

const contractExamplePath = new URL('../fixtures/config/contract-example.yaml', import.meta.url)
  .pathname;

// biome-ignore lint/suspicious/noExplicitAny: drafts are bent into invalid shapes on purpose
type Draft = Record<string, any>;

function validDraft(): Draft {
  return {
    announce_channel: 'incidents',
    oncall: { P1: ['@ai-oncall', 'dana'], P2: ['dana'] },
    admins: ['dana'],
    clients: [
      {
        key: 'acme',
        name: 'Acme Energy',
        channel: 'acme-support',
        timezone: 'Europe/Rome',
        business_hours: { days: 'mon-fri', from: '09:00', to: '18:00' },
        holidays: ['2026-12-25'],
        technical_lead: 'lee',
        sla: {
          P1: { first_contact: '15m', update_every: '30m', hours: '24x7' },
          P2: { first_contact: '1h', update_every: '2h', hours: 'business' },
          P3: { report: 'monthly' },
        },
        deployments: [{ key: 'acme-chat', channel: 'chat' }],
      },
      {
        key: 'northwind',
        name: 'Northwind Insurance',
        channel: 'northwind-support',
        timezone: 'America/New_York',
        technical_lead: 'pat@northwind.example',
        sla: {
          P1: { first_contact: '15m', update_every: '30m' },
          P2: { first_contact: '1h', update_every: '2h' },
        },
      },
    ],
  };
}

function parseDraft(change: (draft: Draft) => void): ConfigResult {
  const draft = validDraft();
  change(draft);
  return parseConfigText(stringify(draft), 'vigil.config.yaml');
}

function errorsOf(result: ConfigResult): string[] {
  if (result.ok) throw new Error('expected the config to be refused');
  return result.errors;
}

describe('loading the contract example', () => {
  it('loads the example from the config contract verbatim', () => {
    const result = loadConfig(contractExamplePath);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('turns durations and business hours into values the clocks can use', () => {
    const result = loadConfig(contractExamplePath);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const acme = result.config.clients[0]!;
    expect(acme.sla.P2.intervention_window).toEqual({ amount: 4, unit: 'bh' });
    expect(acme.business_hours?.holidays.has('2026-12-25')).toBe(true);
    const dueAt = addSlaDuration(
      new Date('2026-12-24T16:00:00Z'),
      acme.sla.P2.intervention_window!,
      acme.sla.P2.hours,
      acme.calendar,
    );
    expect(dueAt).toEqual(new Date('2026-12-28T11:00:00Z'));
  });

  it('fills in escalation contact, grace, reminder and the P3 report', () => {
    const result = parseDraft(() => {});
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const [acme, northwind] = result.config.clients;
    expect(acme!.sla.P1.escalation_contact).toBe('lee');
    expect(acme!.sla.P1.grace).toEqual({ amount: 10, unit: 'm' });
    expect(acme!.sla.P1.reminder_before).toEqual({ amount: 5, unit: 'm' });
    expect(northwind!.sla.P3).toMatchObject({ report: 'monthly', hours: '24x7' });
    expect(northwind!.calendar).toEqual({ timeZone: 'America/New_York' });
  });

  it('keeps keys it does not know on clients and deployments', () => {
    const result = parseDraft((draft) => {
      draft.clients[0].account_manager = 'sam';
      draft.clients[0].deployments[0].region = 'eu-south-1';
    });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.config.clients[0]).toMatchObject({ account_manager: 'sam' });
  });
});

describe('loading the shipped example', () => {
  it('loads vigil.config.example.yaml with both clients and their deployments', () => {
    const examplePath = new URL('../../vigil.config.example.yaml', import.meta.url).pathname;
    const result = loadConfig(examplePath);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const keys = result.config.clients.map((client) => client.deployments.map((d) => d.key));
    expect(keys).toEqual([['acme-chat'], ['northwind-claims-voice']]);
    expect(result.config.clients[1]!.sla.P2.escalation_contact).toBe('omar@northwind.example');
  });
});

describe('field errors', () => {
  it('names the path of a duration written in words', () => {
    const result = parseDraft((draft) => {
      draft.clients[1].sla.P2.update_every = 'half an hour';
    });
    expect(errorsOf(result)).toEqual([
      'clients[1].sla.P2.update_every: expected a duration like 30m, got "half an hour"',
    ]);
  });

  it('refuses a time zone that does not exist', () => {
    const result = parseDraft((draft) => {
      draft.clients[0].timezone = 'Europe/Atlantis';
    });
    expect(errorsOf(result)).toEqual([
      'clients[0].timezone: expected an IANA time zone like Europe/Rome, got "Europe/Atlantis"',
    ]);
  });

  it('refuses an unknown severity', () => {
    const result = parseDraft((draft) => {
      draft.clients[0].sla.P4 = { report: 'monthly' };
      draft.oncall.P4 = ['dana'];
    });
    expect(errorsOf(result)).toEqual([
      'oncall.P4: unknown key; expected one of P1, P2, P3',
      'clients[0].sla.P4: unknown key; expected one of P1, P2, P3',
    ]);
  });

  it('requires first contact and update cadence for P1 and P2', () => {
    const result = parseDraft((draft) => {
      delete draft.clients[0].sla.P2.first_contact;
    });
    expect(errorsOf(result)).toEqual([
      'clients[0].sla.P2.first_contact: expected a duration like 30m, got nothing',
    ]);
  });

  it('refuses keys that are not short and lowercase', () => {
    const result = parseDraft((draft) => {
      draft.clients[0].key = 'Acme Energy';
    });
    expect(errorsOf(result)).toEqual([
      'clients[0].key: expected a short lowercase key like acme-chat (a-z, 0-9 and -, at most 32), got "Acme Energy"',
    ]);
  });

  it('refuses a holiday that is not a real date', () => {
    const result = parseDraft((draft) => {
      draft.clients[0].holidays = ['2026-12-25', '2026-02-30'];
    });
    expect(errorsOf(result)).toEqual([
      'clients[0].holidays[1]: expected a date like 2026-12-25, got "2026-02-30"',
    ]);
  });

  it('refuses business hours that close before they open', () => {
    const result = parseDraft((draft) => {
      draft.clients[0].business_hours = { days: 'mon-fri', from: '18:00', to: '09:00' };
    });
    expect(errorsOf(result)).toEqual([
      'clients[0].business_hours.to: must be later than from ("18:00"), got "09:00"',
    ]);
  });

  it('refuses weekdays it cannot read', () => {
    const result = parseDraft((draft) => {
      draft.clients[0].business_hours.days = 'weekdays';
    });
    expect(errorsOf(result)).toEqual([
      'clients[0].business_hours.days: expected weekdays like mon-fri or mon,wed,fri, got "weekdays"',
    ]);
  });

  it('refuses a critical completion rate above warn because lower is worse', () => {
    const result = parseDraft((draft) => {
      draft.clients[0].deployments[0].thresholds = {
        completion_rate: { warn: 0.7, critical: 0.85 },
      };
    });
    expect(errorsOf(result)).toEqual([
      'clients[0].deployments[0].thresholds.completion_rate.critical: must be at most warn (0.7) because lower is worse, got 0.85',
    ]);
  });

  it('refuses rates outside 0..1 and latencies in business units', () => {
    const result = parseDraft((draft) => {
      draft.clients[0].deployments[0].thresholds = {
        availability: { critical: 99 },
        latency_p95: { warn: '2bh' },
      };
    });
    expect(errorsOf(result)).toEqual([
      'clients[0].deployments[0].thresholds.latency_p95.warn: expected a duration in s, m or h like 6s, got "2bh"',
      'clients[0].deployments[0].thresholds.availability.critical: expected a rate between 0 and 1 like 0.85, got 99',
    ]);
  });

  it('refuses a threshold with neither warn nor critical, and unknown metrics', () => {
    const result = parseDraft((draft) => {
      draft.clients[0].deployments[0].thresholds = {
        latency_avg: { sustained: '5m' },
        latency_p99: { warn: '1s' },
      };
    });
    expect(errorsOf(result)).toEqual([
      'clients[0].deployments[0].thresholds.latency_avg: expected warn and/or critical',
      'clients[0].deployments[0].thresholds.latency_p99: unknown key; expected one of latency_p95, latency_avg, completion_rate, integration_error_rate, out_of_scope_rate, availability',
    ]);
  });

  it('refuses duplicate client keys and duplicate deployment keys within a client', () => {
    const result = parseDraft((draft) => {
      draft.clients[1].key = 'acme';
      draft.clients[0].deployments.push({ key: 'acme-chat', channel: 'voice' });
    });
    expect(errorsOf(result)).toEqual([
      'clients[1].key: "acme" is already the key of clients[0]; keys must be unique',
      'clients[0].deployments[1].key: "acme-chat" is already the key of clients[0].deployments[0]; keys must be unique',
    ]);
  });

  it('refuses business clocks for a client without business hours', () => {
    const result = parseDraft((draft) => {
      draft.clients[1].sla.P2.hours = 'business';
      draft.clients[1].sla.P1.postmortem_due = '5bd';
    });
    const needs = 'clients[1].business_hours, e.g. {days: mon-fri, from: "09:00", to: "18:00"}';
    expect(errorsOf(result)).toEqual([
      `clients[1].sla.P1.postmortem_due: 5bd counts business time, which needs ${needs}`,
      `clients[1].sla.P2.hours: business hours need ${needs}`,
    ]);
  });

  it('reports several problems at once, one line each', () => {
    const result = parseDraft((draft) => {
      draft.announce_channel = '';
      draft.clients[0].sla.P1.update_every = 30;
      draft.clients[0].deployments[0].channel = 'sms';
      draft.clients[1].timezone = 'EST5EDT-ish';
      draft.clients[1].sla.P2.hours = 'office';
    });
    expect(errorsOf(result)).toEqual([
      'announce_channel: expected text, got ""',
      'clients[0].sla.P1.update_every: expected a duration like 30m, got 30 (add a unit: s, m, h, d, bh or bd)',
      'clients[0].deployments[0].channel: expected chat, voice, email or other, got "sms"',
      'clients[1].timezone: expected an IANA time zone like Europe/Rome, got "EST5EDT-ish"',
      'clients[1].sla.P2.hours: expected 24x7 or business, got "office"',
    ]);
  });
});

describe('file and syntax errors', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });

  it('names the line and column of a YAML syntax error', () => {
    const result = parseConfigText(
      'announce_channel: incidents\noncall: [dana\nadmins: []\n',
      'v.yaml',
    );
    expect(errorsOf(result)).toHaveLength(1);
    expect(errorsOf(result)[0]).toMatch(/^v\.yaml:\d+:\d+: /);
  });

  it('names the line of a key written twice', () => {
    const result = parseConfigText('announce_channel: a\nannounce_channel: b\n', 'v.yaml');
    expect(errorsOf(result)).toEqual(['v.yaml:2:1: Map keys must be unique']);
  });

  it('says which file is missing and how to point VIGIL_CONFIG at another', () => {
    directory = mkdtempSync(join(tmpdir(), 'vigil-config-'));
    const missingPath = join(directory, 'vigil.config.yaml');
    const [line] = errorsOf(loadConfig(missingPath));
    expect(line).toContain(missingPath);
    expect(line).toContain('set VIGIL_CONFIG');
  });

  it('says so when the file is empty', () => {
    directory = mkdtempSync(join(tmpdir(), 'vigil-config-'));
    const emptyPath = join(directory, 'empty.yaml');
    writeFileSync(emptyPath, '# nothing yet\n');
    expect(errorsOf(loadConfig(emptyPath))).toEqual([
      `${emptyPath}: the file is empty; start from vigil.config.example.yaml`,
    ]);
  });

  it('explains a document that is a list instead of a mapping', () => {
    expect(errorsOf(parseConfigText('- a\n- b\n', 'v.yaml'))).toEqual([
      '(top level): expected a mapping with announce_channel, oncall, admins, clients, got a list',
    ]);
  });
});
