import type { Config, Severity } from './schema.js';
import { severities } from './schema.js';
import {
  DirectoryCallFailed,
  listAllChannels,
  listAllMembers,
  listAllUsergroups,
  lookUpEmail,
  type SlackChannel,
  type SlackDirectory,
  type SlackMember,
  type SlackUsergroup,
} from './workspace-directory.js';

export type Recipient =
  | { kind: 'user'; userId: string }
  | { kind: 'usergroup'; usergroupId: string; handle: string; memberUserIds: string[] };

export interface ResolvedClient {
  channelId: string;
  technicalLeadUserId: string;
  escalationUserIds: Record<Severity, string>;
}

export interface ResolvedWorkspace {
  announceChannelId: string;
  oncall: Partial<Record<Severity, Recipient[]>>;
  adminUserIds: string[];
  clientsByKey: Record<string, ResolvedClient>;
}

export type ResolveResult =
  | { ok: true; resolved: ResolvedWorkspace }
  | { ok: false; errors: string[] };

type Lookup<T> = { ok: true; value: T } | { ok: false; error: string };

const userHint = 'use a Slack user id, email or handle';
const isEmail = (value: string) => /^[^@\s]+@[^@\s]+$/.test(value);

/** Everything fetched from Slack once, so each name costs a map lookup, not an API call. */
interface Directory {
  members: SlackMember[];
  usergroups: SlackUsergroup[];
  channels: SlackChannel[];
  membersByEmail: Map<string, SlackMember | undefined>;
}

function uniqueMatch(members: SlackMember[], reference: string): Lookup<SlackMember> | undefined {
  const wanted = reference.toLowerCase();
  const tiers: ((member: SlackMember) => string | undefined)[] = [
    (member) => member.id,
    (member) => member.name,
    (member) => member.profile?.display_name,
    (member) => member.profile?.real_name ?? member.real_name,
  ];
  for (const [tier, field] of tiers.entries()) {
    const found = members.filter((member) => {
      const value = field(member);
      return tier === 0 ? value === reference : value?.toLowerCase() === wanted;
    });
    if (found.length === 1) return { ok: true, value: found[0]! };
    if (found.length > 1) {
      const ids = found.map((member) => member.id).join(', ');
      return { ok: false, error: `"${reference}" matches several users (${ids}); use the user id` };
    }
  }
  return undefined;
}

function findUser(directory: Directory, reference: string): Lookup<string> {
  let found: SlackMember | undefined;
  if (isEmail(reference)) {
    found = directory.membersByEmail.get(reference);
  } else {
    const match = uniqueMatch(directory.members, reference.replace(/^@/, ''));
    if (match && !match.ok) return match;
    found = match?.value;
  }
  if (!found?.id) {
    const what = isEmail(reference) ? `with email "${reference}"` : `"${reference}"`;
    return { ok: false, error: `no user ${what} in the workspace; ${userHint}` };
  }
  if (found.deleted) {
    return {
      ok: false,
      error: `user "${reference}" is deactivated in Slack; choose someone active`,
    };
  }
  return { ok: true, value: found.id };
}

function findRecipient(directory: Directory, reference: string): Lookup<Recipient> {
  if (reference.startsWith('@')) {
    const handle = reference.slice(1).toLowerCase();
    const group = directory.usergroups.find((item) => item.handle?.toLowerCase() === handle);
    if (group?.id) {
      const memberUserIds = group.users ?? [];
      return {
        ok: true,
        value: { kind: 'usergroup', usergroupId: group.id, handle: group.handle!, memberUserIds },
      };
    }
  }
  const user = findUser(directory, reference);
  if (user.ok) return { ok: true, value: { kind: 'user', userId: user.value } };
  if (!reference.startsWith('@')) return user;
  return {
    ok: false,
    error:
      `no user group or user "${reference}" in the workspace; ` +
      'use a user group handle or a Slack user id, email or handle',
  };
}

function findChannel(directory: Directory, reference: string): Lookup<string> {
  const name = reference.replace(/^#/, '');
  const channel =
    directory.channels.find((item) => item.id === name) ??
    directory.channels.find((item) => item.name?.toLowerCase() === name.toLowerCase());
  if (!channel?.id) {
    return {
      ok: false,
      error:
        `no channel "${reference}" that the app can see; ` +
        'use a channel id or name, and invite the app to private channels',
    };
  }
  if (channel.is_archived) {
    return {
      ok: false,
      error: `channel "${reference}" is archived; unarchive it or choose another channel`,
    };
  }
  return { ok: true, value: channel.id };
}

function userReferences(config: Config): string[] {
  const fromClients = config.clients.flatMap((client) => [
    client.technical_lead,
    ...severities.map((severity) => client.sla[severity].escalation_contact),
  ]);
  const fromOncall = severities.flatMap((severity) => config.oncall[severity] ?? []);
  return [...fromOncall, ...config.admins, ...fromClients];
}

async function fetchDirectory(config: Config, slack: SlackDirectory): Promise<Directory> {
  const references = userReferences(config);
  const emails = [...new Set(references.filter(isEmail))];
  const needsMembers = references.some((reference) => !isEmail(reference));
  const needsGroups = references.some((reference) => reference.startsWith('@'));

  const [members, usergroups, channels, emailMatches] = await Promise.all([
    needsMembers ? listAllMembers(slack) : [],
    needsGroups ? listAllUsergroups(slack) : [],
    listAllChannels(slack),
    Promise.all(emails.map((email) => lookUpEmail(slack, email))),
  ]);
  const membersByEmail = new Map(emails.map((email, index) => [email, emailMatches[index]]));
  return { members, usergroups, channels, membersByEmail };
}

/**
 * Turns every name in the config into a Slack id at start-up, so a typo is an error line now
 * rather than a missed page at 3 a.m. Each unresolved name is one line naming its field.
 */
export async function resolveWorkspaceNames(
  config: Config,
  slack: SlackDirectory,
): Promise<ResolveResult> {
  let directory: Directory;
  try {
    directory = await fetchDirectory(config, slack);
  } catch (error) {
    if (error instanceof DirectoryCallFailed) return { ok: false, errors: [error.message] };
    throw error;
  }

  const errors: string[] = [];
  const take = <T>(path: string, lookup: Lookup<T>): T | undefined => {
    if (lookup.ok) return lookup.value;
    errors.push(`${path}: ${lookup.error}`);
    return undefined;
  };

  const announceChannelId = take(
    'announce_channel',
    findChannel(directory, config.announce_channel),
  );
  const oncall: Partial<Record<Severity, Recipient[]>> = {};
  for (const severity of severities) {
    const entries = config.oncall[severity];
    if (!entries) continue;
    oncall[severity] = entries.flatMap((entry, index) => {
      const recipient = take(`oncall.${severity}[${index}]`, findRecipient(directory, entry));
      return recipient ? [recipient] : [];
    });
  }
  const adminUserIds = config.admins.flatMap((admin, index) => {
    const userId = take(`admins[${index}]`, findUser(directory, admin));
    return userId ? [userId] : [];
  });

  const clientsByKey: Record<string, ResolvedClient> = {};
  config.clients.forEach((client, index) => {
    const path = `clients[${index}]`;
    const channelId = take(`${path}.channel`, findChannel(directory, client.channel));
    const lead = client.technical_lead;
    const technicalLeadUserId = take(`${path}.technical_lead`, findUser(directory, lead));
    const escalationUserIds = {} as Record<Severity, string>;
    for (const severity of severities) {
      const contact = client.sla[severity].escalation_contact;
      // A contact that defaulted to the technical lead was already reported under that field.
      const lookup = contact === lead ? undefined : findUser(directory, contact);
      const userId = lookup
        ? take(`${path}.sla.${severity}.escalation_contact`, lookup)
        : technicalLeadUserId;
      if (userId) escalationUserIds[severity] = userId;
    }
    if (channelId && technicalLeadUserId) {
      clientsByKey[client.key] = { channelId, technicalLeadUserId, escalationUserIds };
    }
  });

  if (errors.length > 0 || !announceChannelId) return { ok: false, errors };
  return { ok: true, resolved: { announceChannelId, oncall, adminUserIds, clientsByKey } };
}
