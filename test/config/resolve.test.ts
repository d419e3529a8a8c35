import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { resolveWorkspaceNames } from '../../src/config/resolve.js';
import type { Config } from '../../src/config/schema.js';
import type {
  SlackChannel,
  SlackDirectory,
  SlackMember,
} from '../../src/config/workspace-directory.js';

const members: SlackMember[] = [
  { id: 'U01DANA', name: 'dana', profile: { display_name: 'Dana', real_name: 'Dana Rossi' } },
  { id: 'U02LEE', name: 'lee', profile: { display_name: 'Lee K', real_name: 'Lee Kim' } },
  { id: 'U03SAM', name: 'sam', profile: { display_name: 'Sam', real_name: 'Sam Ortiz' } },
  { id: 'U04OLD', name: 'old-timer', deleted: true },
  { id: 'U05ALEX', name: 'alex.a', profile: { display_name: 'Alex' } },
  { id: 'U06ALEX', name: 'alex.b', profile: { display_name: 'alex' } },
  { id: 'W07PAT', name: 'pat', profile: { real_name: 'Pat Doyle' } },
];
const emails: Record<string, string> = { 'pat@northwind.example': 'W07PAT' };
const channels: SlackChannel[] = [
  { id: 'C01INC', name: 'incidents' },
  { id: 'C02ACME', name: 'acme-support' },
  { id: 'C03NW', name: 'northwind-support' },
  { id: 'C04OLD', name: 'old-support', is_archived: true },
  { id: 'G05PRIV', name: 'private-war-room' },
];

function createFakeSlack(pageSize = 2) {
  const calls: string[] = [];
  const page = <T>(items: T[], cursor: string | undefined) => {
    const start = Number(cursor ?? 0);
    const next = start + pageSize < items.length ? String(start + pageSize) : '';
    return { items: items.slice(start, start + pageSize), next };
  };
  const slack: SlackDirectory = {
    users: {
      list: async ({ cursor }) => {
        calls.push('users.list');
        const { items, next } = page(members, cursor);
        return { members: items, response_metadata: { next_cursor: next } };
      },
      lookupByEmail: async ({ email }) => {
        calls.push('users.lookupByEmail');
        const id = emails[email];
        if (!id)
          throw Object.assign(new Error('An API error occurred: users_not_found'), {
            data: { ok: false, error: 'users_not_found' },
          });
        return { ok: true, user: members.find((member) => member.id === id)! };
      },
    },
    usergroups: {
      list: async () => {
        calls.push('usergroups.list');
        return { usergroups: [{ id: 'S01AI', handle: 'ai-oncall', users: ['U01DANA', 'U03SAM'] }] };
      },
    },
    conversations: {
      list: async ({ cursor }) => {
        calls.push('conversations.list');
        const { items, next } = page(channels, cursor);
        return { channels: items, response_metadata: { next_cursor: next } };
      },
    },
  };
  return { slack, calls };
}

function configWith(change: (yaml: string) => string = (yaml) => yaml): Config {
  const yaml = `
announce_channel: incidents
oncall:
  P1: ["@ai-oncall", dana]
  P2: [Dana Rossi]
admins: [dana, U03SAM]
clients:
  - key: acme
    name: Acme Energy
    channel: acme-support
    timezone: Europe/Rome
    technical_lead: lee
    sla:
      P1: {first_contact: 15m, update_every: 30m}
      P2: {first_contact: 1h, update_every: 2h, escalation_contact: sam}
  - key: northwind
    name: Northwind Insurance
    channel: "#northwind-support"
    timezone: America/New_York
    technical_lead: pat@northwind.example
    sla:
      P1: {first_contact: 15m, update_every: 30m}
      P2: {first_contact: 1h, update_every: 2h}
`;
  const result = parseConfigText(change(yaml), 'test.yaml');
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

describe('resolveWorkspaceNames', () => {
  it('takes the real Web API client as its directory', () => {
    // The type check is the test: this line stops compiling if WebClient no longer fits.
    const isWebClientAccepted: WebClient extends SlackDirectory ? true : false = true;
    expect(isWebClientAccepted).toBe(true);
  });

  it('resolves groups, handles, names, ids, emails and channels to Slack ids', async () => {
    const { slack } = createFakeSlack();
    const result = await resolveWorkspaceNames(configWith(), slack);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.resolved).toEqual({
      announceChannelId: 'C01INC',
      oncall: {
        P1: [
          {
            kind: 'usergroup',
            usergroupId: 'S01AI',
            handle: 'ai-oncall',
            memberUserIds: ['U01DANA', 'U03SAM'],
          },
          { kind: 'user', userId: 'U01DANA' },
        ],
        P2: [{ kind: 'user', userId: 'U01DANA' }],
      },
      adminUserIds: ['U01DANA', 'U03SAM'],
      clientsByKey: {
        acme: {
          channelId: 'C02ACME',
          technicalLeadUserId: 'U02LEE',
          escalationUserIds: { P1: 'U02LEE', P2: 'U03SAM', P3: 'U02LEE' },
        },
        northwind: {
          channelId: 'C03NW',
          technicalLeadUserId: 'W07PAT',
          escalationUserIds: { P1: 'W07PAT', P2: 'W07PAT', P3: 'W07PAT' },
        },
      },
    });
  });

  it('reads every page once instead of calling Slack for each name', async () => {
    const { slack, calls } = createFakeSlack();
    await resolveWorkspaceNames(configWith(), slack);
    const count = (method: string) => calls.filter((call) => call === method).length;
    expect(count('users.list')).toBe(Math.ceil(members.length / 2));
    expect(count('conversations.list')).toBe(Math.ceil(channels.length / 2));
    expect(count('usergroups.list')).toBe(1);
    expect(count('users.lookupByEmail')).toBe(1);
  });

  it('names the field, the value and the fix for a user that does not exist', async () => {
    const { slack } = createFakeSlack();
    const config = configWith((yaml) =>
      yaml.replace('P1: ["@ai-oncall", dana]', 'P1: ["@ai-oncall", dana2]'),
    );
    expect(await resolveWorkspaceNames(config, slack)).toEqual({
      ok: false,
      errors: [
        'oncall.P1[1]: no user "dana2" in the workspace; use a Slack user id, email or handle',
      ],
    });
  });

  it('reports every unresolved name at once, one line each', async () => {
    const { slack } = createFakeSlack();
    const config = configWith((yaml) =>
      yaml
        .replace('announce_channel: incidents', 'announce_channel: old-support')
        .replace('"@ai-oncall"', '"@sre-oncall"')
        .replace('[dana, U03SAM]', '[dana, old-timer, alex]')
        .replace('channel: acme-support', 'channel: acme-shared')
        .replace('pat@northwind.example', 'nobody@northwind.example'),
    );
    const result = await resolveWorkspaceNames(config, slack);
    expect(result).toEqual({
      ok: false,
      errors: [
        'announce_channel: channel "old-support" is archived; unarchive it or choose another channel',
        'oncall.P1[0]: no user group or user "@sre-oncall" in the workspace; use a user group handle or a Slack user id, email or handle',
        'admins[1]: user "old-timer" is deactivated in Slack; choose someone active',
        'admins[2]: "alex" matches several users (U05ALEX, U06ALEX); use the user id',
        'clients[0].channel: no channel "acme-shared" that the app can see; use a channel id or name, and invite the app to private channels',
        'clients[1].technical_lead: no user with email "nobody@northwind.example" in the workspace; use a Slack user id, email or handle',
      ],
    });
  });

  it('reports an escalation contact that differs from the technical lead under its own path', async () => {
    const { slack } = createFakeSlack();
    const config = configWith((yaml) =>
      yaml.replace('escalation_contact: sam', 'escalation_contact: kim'),
    );
    const result = await resolveWorkspaceNames(config, slack);
    expect(result.ok ? [] : result.errors).toEqual([
      'clients[0].sla.P2.escalation_contact: no user "kim" in the workspace; use a Slack user id, email or handle',
    ]);
  });

  it('explains a missing scope instead of blaming every name', async () => {
    const { slack } = createFakeSlack();
    slack.usergroups.list = async () => {
      throw Object.assign(new Error('An API error occurred: missing_scope'), {
        data: { ok: false, error: 'missing_scope' },
      });
    };
    expect(await resolveWorkspaceNames(configWith(), slack)).toEqual({
      ok: false,
      errors: [
        'slack: usergroups.list failed (missing_scope); add the usergroups:read scope to the app and reinstall it',
      ],
    });
  });
});
