import type { WebClient } from '@slack/web-api';

/** Display names for plain-text places (channel topics) where a mention does not render. */
export class UserNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly client: WebClient) {}

  async nameOf(userId: string): Promise<string> {
    const known = this.names.get(userId);
    if (known) return known;
    try {
      const result = await this.client.users.info({ user: userId });
      const profile = result.user?.profile;
      const name =
        profile?.display_name || profile?.real_name || result.user?.real_name || result.user?.name;
      if (name) this.names.set(userId, name);
      return name ?? userId;
    } catch {
      return userId;
    }
  }

  async isExternal(userId: string, homeTeamId: string): Promise<boolean> {
    try {
      const result = await this.client.users.info({ user: userId });
      return Boolean(result.user?.team_id && result.user.team_id !== homeTeamId);
    } catch {
      return false;
    }
  }
}

/** Expands user groups into their members; a group that cannot be read is reported, not fatal. */
export async function usergroupMembers(
  client: WebClient,
  groupIds: string[],
): Promise<{ userIds: string[]; problems: string[] }> {
  const userIds: string[] = [];
  const problems: string[] = [];
  for (const groupId of groupIds) {
    try {
      const result = await client.usergroups.users.list({ usergroup: groupId });
      userIds.push(...(result.users ?? []));
    } catch (error) {
      problems.push(`<!subteam^${groupId}>: ${slackErrorCode(error)}`);
    }
  }
  return { userIds, problems };
}

export function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: string } }).data;
  if (data?.error) return data.error;
  return error instanceof Error ? error.message : String(error);
}

/** Says why a Web API call failed in words a person can act on: unreachable, or refused and why. */
export function describeSlackFailure(error: unknown, apiUrl: string | undefined): string {
  const failure = error as { code?: string; data?: { error?: string }; original?: Error };
  if (failure.code === 'slack_webapi_request_error') {
    const where = apiUrl ?? "Slack's Web API";
    const cause = failure.original?.message ?? 'no answer';
    return `could not reach ${where} (${cause}); check the network or SLACK_API_URL`;
  }
  if (failure.data?.error) return `Slack answered ${failure.data.error}`;
  return error instanceof Error ? error.message : String(error);
}
