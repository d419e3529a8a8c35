import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incidents/queries.js';
import type { Settings } from '../../src/incidents/settings.js';
import { incidentTypes } from '../../src/incidents/types.js';
import {
  announcementMessage,
  controlMessage,
  incidentTopic,
} from '../../src/slack/blocks/incident-messages.js';
import { declareModal } from '../../src/slack/blocks/incident-views.js';
import { parseDeclareArgs, plainFromCommand, splitCommand } from '../../src/slack/command-text.js';

const hostileTitle = '<!channel> CRM down <@U123> & <https://evil.example|click>';

const incident = (overrides: Partial<Incident> = {}): Incident =>
  ({
    id: 7,
    ref: 'INC-2026-0007',
    title: hostileTitle,
    summary: '',
    type: 'integration',
    severity: 'P1',
    status: 'investigating',
    clientKey: 'acme',
    deploymentKey: 'acme-chat',
    detectedBy: 'monitoring',
    hasPersonalData: false,
    declaredBy: 'UDANA',
    commanderId: 'UDANA',
    commsLeadId: null,
    channelId: 'CINC',
    channelName: 'inc-2026-0007-crm-down',
    announceChannelId: 'CANN',
    announceTs: '1.000001',
    controlTs: '1.000002',
    topic: null,
    policy: { timeZone: 'Europe/Rome' },
    declaredAt: new Date('2026-05-26T12:30:00Z'),
    nextUpdateDueAt: new Date('2026-05-26T12:45:00Z'),
    version: 1,
    updatedAt: new Date('2026-05-26T12:30:00Z'),
    ...overrides,
  }) as Incident;

const format = (d: Date) => d.toISOString().slice(11, 16);

/** Everything Slack would parse for mentions: the text fallback and every mrkdwn string. */
function mrkdwnOf(message: { text: string; blocks: unknown[] }): string[] {
  const texts = [message.text];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'mrkdwn' && typeof obj.text === 'string') texts.push(obj.text);
      Object.values(obj).forEach(walk);
    }
  };
  walk(message.blocks);
  return texts;
}

describe('incident messages escape user text', () => {
  it.each([
    ['announcement', () => announcementMessage(incident(), format, null)],
    ['control message', () => controlMessage(incident(), format)],
  ])('the %s never carries the title’s mentions or links as markup', (_name, build) => {
    for (const text of mrkdwnOf(build())) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<@U123>');
      expect(text).not.toContain('<https://evil');
    }
    expect(mrkdwnOf(build()).join('\n')).toContain('&lt;!channel&gt; CRM down &lt;@U123&gt; &amp;');
  });

  it('pages on-call in the announcement of a P1 only through real mentions', () => {
    const message = announcementMessage(incident(), format, { groupIds: ['S1'], userIds: ['U9'] });
    expect(message.blocks[0]).toMatchObject({
      text: { text: expect.stringContaining('Paging <!subteam^S1> <@U9>') },
    });
  });

  it('gives a P3 announcement the buttons a control message would have', () => {
    const p3 = announcementMessage(incident({ severity: 'P3', channelId: null }), format, null);
    expect(JSON.stringify(p3.blocks)).toContain('vigil.change_severity');
    expect(JSON.stringify(p3.blocks)).toContain('Work happens in this thread.');
    const p1 = announcementMessage(incident(), format, null);
    expect(JSON.stringify(p1.blocks)).not.toContain('vigil.change_severity');
  });

  it('writes a topic of severity, status, commander and the next client update', () => {
    expect(incidentTopic(incident(), format, 'dana')).toBe(
      'P1 · Investigating · IC dana · next client update 12:45',
    );
    expect(
      incidentTopic(incident({ nextUpdateDueAt: null }), format, 'x'.repeat(300)),
    ).toHaveLength(250);
  });
});

describe('the declare modal', () => {
  const settings = {
    announceChannelId: 'C1',
    oncallUserIds: {},
    oncallGroupIds: {},
    adminIds: new Set<string>(),
    clients: [
      {
        key: 'acme',
        name: 'Acme Energy',
        deployments: [{ key: 'acme-chat', channel: 'chat' }],
      },
      {
        key: 'northwind',
        name: 'Northwind',
        deployments: [{ key: 'northwind-voice', channel: 'voice' }],
      },
    ],
  } as unknown as Settings;

  it('has the fixed block_ids, five types with a hint each, and clients from the config', () => {
    const view = declareModal(settings, { severity: 'P2', title: 'CRM slow' });
    const byId = new Map(view.blocks.map((b) => [(b as { block_id: string }).block_id, b]));
    expect([...byId.keys()].sort()).toEqual(
      [
        'client',
        'deployment',
        'detected_by',
        'personal_data',
        'severity',
        'summary',
        'title',
        'type',
      ].sort(),
    );
    const type = byId.get('type') as unknown as {
      element: { options: Array<{ value: string; description?: { text: string } }> };
    };
    expect(type.element.options.map((o) => o.value)).toEqual([...incidentTypes]);
    for (const option of type.element.options)
      expect(option.description?.text.length).toBeGreaterThan(10);
    expect(JSON.stringify(byId.get('client'))).toContain('Northwind');
    expect(JSON.stringify(byId.get('deployment'))).toContain('northwind-voice');
    expect(byId.get('title')).toMatchObject({ element: { initial_value: 'CRM slow' } });
    expect(byId.get('severity')).toMatchObject({ element: { initial_option: { value: 'P2' } } });
  });
});

describe('command text', () => {
  const known = new Set(['list', 'help', 'severity']);

  it('routes a severity word or a few words to declare and a known word to its command', () => {
    expect(splitCommand('', known)).toEqual({ name: 'declare', args: '' });
    expect(splitCommand('P1 CRM down', known)).toEqual({ name: 'declare', args: 'P1 CRM down' });
    expect(splitCommand('CRM lookups fail', known).name).toBe('declare');
    expect(splitCommand('severity p2', known)).toEqual({ name: 'severity', args: 'p2' });
    expect(() => splitCommand('lsit', known)).toThrow(/not a command/);
  });

  it('reads severity and title, and refuses severities that do not exist', () => {
    expect(parseDeclareArgs('p1 CRM lookups time out')).toEqual({
      severity: 'P1',
      title: 'CRM lookups time out',
    });
    expect(parseDeclareArgs('P2: CRM slow')).toEqual({ severity: 'P2', title: 'CRM slow' });
    expect(parseDeclareArgs('p3')).toEqual({ severity: 'P3', title: undefined });
    expect(parseDeclareArgs('CRM down')).toEqual({ title: 'CRM down' });
    expect(() => parseDeclareArgs('p7 checkout slow')).toThrow(/Unknown severity "p7"/);
    expect(() => parseDeclareArgs('p0')).toThrow(/Unknown severity/);
  });

  it('turns escaped command text into the title a person typed', () => {
    expect(
      plainFromCommand(
        '<!channel> CRM &lt;v2&gt; &amp; <@U1|dana> <#C1|general> <!subteam^S1|@oncall>',
      ),
    ).toBe('@channel CRM <v2> & @dana #general @oncall');
  });
});
