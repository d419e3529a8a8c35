/**
 * The few Slack Web API calls start-up resolution needs, typed loosely enough that a real
 * WebClient and a small test fake both fit.
 */
export interface SlackDirectory {
  users: {
    list(args: { cursor?: string; limit?: number }): Promise<{
      members?: SlackMember[];
      response_metadata?: { next_cursor?: string };
    }>;
    lookupByEmail(args: {
      email: string;
    }): Promise<{ ok?: boolean; error?: string; user?: SlackMember }>;
  };
  usergroups: {
    list(args: { include_users?: boolean }): Promise<{ usergroups?: SlackUsergroup[] }>;
  };
  conversations: {
    list(args: {
      cursor?: string;
      limit?: number;
      types?: string;
      exclude_archived?: boolean;
    }): Promise<{ channels?: SlackChannel[]; response_metadata?: { next_cursor?: string } }>;
  };
}

export interface SlackMember {
  id?: string;
  name?: string;
  deleted?: boolean;
  real_name?: string;
  profile?: { display_name?: string; real_name?: string };
}

export interface SlackUsergroup {
  id?: string;
  handle?: string;
  users?: string[];
}

export interface SlackChannel {
  id?: string;
  name?: string;
  is_archived?: boolean;
}

const pageSize = 200;
/** Far beyond any real workspace; a cursor that never ends must not hang start-up. */
const maxPages = 500;

const scopeByMethod: Record<string, string> = {
  'users.list': 'users:read',
  'users.lookupByEmail': 'users:read.email',
  'usergroups.list': 'usergroups:read',
  'conversations.list': 'channels:read and groups:read',
};

/** Slack's error code when the call reached Slack, else the transport's message. */
export function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}

export class DirectoryCallFailed extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
  ) {
    const hint =
      code === 'missing_scope'
        ? `; add the ${scopeByMethod[method]} scope to the app and reinstall it`
        : '';
    super(`slack: ${method} failed (${code})${hint}`);
  }
}

async function callSlack<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new DirectoryCallFailed(method, slackErrorCode(error));
  }
}

async function collectPages<Item>(
  method: string,
  fetchPage: (cursor: string | undefined) => Promise<{
    items: Item[] | undefined;
    nextCursor: string | undefined;
  }>,
): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await callSlack(method, () => fetchPage(cursor));
    items.push(...(result.items ?? []));
    cursor = result.nextCursor;
    if (!cursor) return items;
  }
  throw new DirectoryCallFailed(method, `more than ${maxPages} pages`);
}

export function listAllMembers(directory: SlackDirectory): Promise<SlackMember[]> {
  return collectPages('users.list', async (cursor) => {
    const page = await directory.users.list({ limit: pageSize, ...(cursor ? { cursor } : {}) });
    return { items: page.members, nextCursor: page.response_metadata?.next_cursor };
  });
}

export function listAllChannels(directory: SlackDirectory): Promise<SlackChannel[]> {
  return collectPages('conversations.list', async (cursor) => {
    const page = await directory.conversations.list({
      limit: pageSize,
      types: 'public_channel,private_channel',
      exclude_archived: false,
      ...(cursor ? { cursor } : {}),
    });
    return { items: page.channels, nextCursor: page.response_metadata?.next_cursor };
  });
}

export async function listAllUsergroups(directory: SlackDirectory): Promise<SlackUsergroup[]> {
  const result = await callSlack('usergroups.list', () =>
    directory.usergroups.list({ include_users: true }),
  );
  return result.usergroups ?? [];
}

/** The member with this email, `undefined` when Slack knows no such user. */
export async function lookUpEmail(
  directory: SlackDirectory,
  email: string,
): Promise<SlackMember | undefined> {
  try {
    const result = await directory.users.lookupByEmail({ email });
    if (result.ok === false) {
      if (result.error === 'users_not_found') return undefined;
      throw new DirectoryCallFailed('users.lookupByEmail', result.error ?? 'unknown error');
    }
    return result.user;
  } catch (error) {
    if (error instanceof DirectoryCallFailed) throw error;
    const code = slackErrorCode(error);
    if (code === 'users_not_found') return undefined;
    throw new DirectoryCallFailed('users.lookupByEmail', code);
  }
}
