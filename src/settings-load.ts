import type { WebClient } from '@slack/web-api';
import { resolveWorkspaceNames } from './config/resolve.js';
import type { Config } from './config/schema.js';
import type { SlackDirectory } from './config/workspace-directory.js';
import { snapshotPolicy } from './incidents/policy.js';
import type { ClientContract, Settings } from './incidents/settings.js';
import type { Severity } from './incidents/types.js';

export class SettingsError extends Error {
  constructor(readonly errors: string[]) {
    super(`the configuration does not match the workspace:\n${errors.join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Resolves every name in the config against the workspace; any name that does not resolve stops start-up. */
export async function loadSettings(config: Config, client: WebClient): Promise<Settings> {
  const result = await resolveWorkspaceNames(config, client as unknown as SlackDirectory);
  if (!result.ok) throw new SettingsError(result.errors);
  const resolved = result.resolved;

  const oncallUserIds: Partial<Record<Severity, string[]>> = {};
  const oncallGroupIds: Partial<Record<Severity, string[]>> = {};
  for (const [severity, recipients] of Object.entries(resolved.oncall) as [
    Severity,
    typeof resolved.oncall.P1,
  ][]) {
    oncallUserIds[severity] = (recipients ?? []).flatMap((r) =>
      r.kind === 'user' ? [r.userId] : [],
    );
    oncallGroupIds[severity] = (recipients ?? []).flatMap((r) =>
      r.kind === 'usergroup' ? [r.usergroupId] : [],
    );
  }

  const clients: ClientContract[] = config.clients.map((client) => {
    const ids = resolved.clientsByKey[client.key]!;
    return {
      key: client.key,
      name: client.name,
      channelId: ids.channelId,
      timeZone: client.timezone,
      technicalLeadId: ids.technicalLeadUserId,
      deployments: client.deployments.map((d) => ({
        key: d.key,
        channel: d.channel,
        thresholds: d.thresholds,
      })),
      policy: snapshotPolicy(client, {
        channelId: ids.channelId,
        technicalLeadId: ids.technicalLeadUserId,
        escalationIds: ids.escalationUserIds,
      }) as unknown as Record<string, unknown>,
    };
  });

  return {
    announceChannelId: resolved.announceChannelId,
    oncallUserIds,
    oncallGroupIds,
    adminIds: new Set(resolved.adminUserIds),
    clients,
  };
}
