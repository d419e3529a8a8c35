import type { Workspace } from './state.js';
import type { SandboxChannel, SandboxFile, SandboxMessage, SandboxUser } from './types.js';

/** Fixed like Slack's: the moment the app's bot profile was last edited. */
const botProfileUpdated = 1715000000;

export function botProfile(ws: Workspace): Record<string, unknown> {
  return {
    id: ws.bot.botId,
    deleted: false,
    name: ws.bot.name,
    updated: botProfileUpdated,
    app_id: ws.bot.appId,
    icons: {
      image_36: 'https://a.slack-edge.com/80588/img/plugins/app/bot_36.png',
      image_48: 'https://a.slack-edge.com/80588/img/plugins/app/bot_48.png',
      image_72: 'https://a.slack-edge.com/80588/img/plugins/app/service_72.png',
    },
    team_id: ws.team.id,
  };
}

export function apiChannel(
  ws: Workspace,
  c: SandboxChannel,
  opts: { numMembers?: boolean } = {},
): Record<string, unknown> {
  if (c.isIm) {
    const other = c.memberIds.find((id) => id !== ws.bot.userId) ?? '';
    return {
      id: c.id,
      created: c.createdAt,
      is_archived: false,
      is_im: true,
      is_org_shared: false,
      context_team_id: ws.team.id,
      updated: c.createdAt * 1000,
      user: other,
      is_user_deleted: ws.user(other)?.deleted ?? false,
      priority: 0,
    };
  }
  const sharedTeams = c.isShared ? [ws.team.id, ws.team.externalId] : [ws.team.id];
  const text = (t: SandboxChannel['topic']) => ({
    value: t.value,
    creator: t.creator,
    last_set: t.lastSetAt,
  });
  return {
    id: c.id,
    name: c.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: c.isPrivate,
    created: c.createdAt,
    is_archived: c.isArchived,
    is_general: c.isGeneral,
    unlinked: 0,
    name_normalized: c.name,
    is_shared: c.isShared,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: ws.team.id,
    updated: c.createdAt * 1000,
    parent_conversation: null,
    creator: c.creator,
    is_ext_shared: c.isShared,
    shared_team_ids: sharedTeams,
    pending_connected_team_ids: [],
    is_member: ws.isBotMember(c),
    last_read: '0000000000.000000',
    topic: text(c.topic),
    purpose: text(c.purpose),
    previous_names: [...c.previousNames],
    priority: 0,
    ...(c.isShared ? { conversation_host_id: ws.team.id } : {}),
    ...(opts.numMembers ? { num_members: c.memberIds.length } : {}),
  };
}

export function apiUserProfile(u: SandboxUser, ws: Workspace): Record<string, unknown> {
  const [first, ...rest] = u.realName.split(' ');
  return {
    title: '',
    phone: '',
    skype: '',
    real_name: u.realName,
    real_name_normalized: u.realName,
    display_name: u.handle,
    display_name_normalized: u.handle,
    fields: null,
    status_text: '',
    status_emoji: '',
    status_emoji_display_info: [],
    status_expiration: 0,
    avatar_hash: 'g000000000000',
    ...(u.email ? { email: u.email } : {}),
    first_name: first ?? '',
    last_name: rest.join(' '),
    image_48: 'https://secure.gravatar.com/avatar/0.jpg?s=48',
    image_72: 'https://secure.gravatar.com/avatar/0.jpg?s=72',
    ...(u.id === ws.bot.userId
      ? { bot_id: ws.bot.botId, api_app_id: ws.bot.appId, always_active: true }
      : {}),
    status_text_canonical: '',
    team: u.teamId,
  };
}

export function apiUser(u: SandboxUser, ws: Workspace): Record<string, unknown> {
  return {
    id: u.id,
    team_id: u.teamId,
    name: u.handle,
    deleted: u.deleted,
    color: '9f69e7',
    real_name: u.realName,
    tz: u.tz,
    tz_label: u.tz,
    tz_offset: 0,
    profile: apiUserProfile(u, ws),
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.isBot,
    is_app_user: false,
    updated: 1715000000,
    is_email_confirmed: Boolean(u.email),
    who_can_share_contact_card: 'EVERYONE',
  };
}

export function apiFile(f: SandboxFile, ws: Workspace): Record<string, unknown> {
  const user = ws.user(f.user);
  const path = `${ws.team.id}-${f.id}/${encodeURIComponent(f.name)}`;
  return {
    id: f.id,
    created: f.createdAt,
    timestamp: f.createdAt,
    name: f.name,
    title: f.title,
    mimetype: f.mimetype,
    filetype: f.filetype,
    pretty_type: f.filetype.toUpperCase(),
    user: f.user,
    user_team: user?.teamId ?? ws.team.id,
    editable: false,
    size: f.length,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: true,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: `${ws.baseUrl}/files-pri/${path}`,
    url_private_download: `${ws.baseUrl}/files-pri/${ws.team.id}-${f.id}/download/${f.name}`,
    permalink: `https://${ws.team.domain}.slack.com/files/${f.user}/${f.id}/${f.name}`,
    has_rich_preview: false,
    file_access: 'visible',
    ...(f.altText ? { alt_txt: f.altText } : {}),
  };
}

function threadFields(ws: Workspace, m: SandboxMessage): Record<string, unknown> {
  if (!m.threadTs) return {};
  if (m.threadTs !== m.ts) {
    const parent = ws.messages(m.channelId).find((p) => p.ts === m.threadTs);
    return { thread_ts: m.threadTs, parent_user_id: parent?.user ?? '' };
  }
  const replies = ws.replies(m.channelId, m.ts);
  const replyUsers = [...new Set(replies.map((r) => r.user ?? ''))].filter(Boolean);
  return {
    thread_ts: m.ts,
    reply_count: replies.length,
    reply_users_count: replyUsers.length,
    latest_reply: replies.at(-1)?.ts ?? m.ts,
    reply_users: replyUsers.slice(0, 5),
    is_locked: false,
    subscribed: false,
  };
}

function authorFields(ws: Workspace, m: SandboxMessage): Record<string, unknown> {
  if (m.botId === ws.bot.botId) {
    return { bot_id: m.botId, app_id: ws.bot.appId, team: ws.team.id };
  }
  const user = m.user ? ws.user(m.user) : undefined;
  if (!user) return {};
  const out: Record<string, unknown> = { team: user.teamId };
  if (!m.subtype && m.clientMsgId) out.client_msg_id = m.clientMsgId;
  if (user.external) {
    out.user_team = user.teamId;
    out.source_team = user.teamId;
    out.user_profile = {
      avatar_hash: 'g000000000000',
      image_72: 'https://secure.gravatar.com/avatar/0.jpg?s=72',
      first_name: user.realName.split(' ')[0],
      real_name: user.realName,
      display_name: user.handle,
      team: user.teamId,
      name: user.handle,
      is_restricted: false,
      is_ultra_restricted: false,
    };
  }
  return out;
}

/** A message as history, replies, events and interaction payloads show it. */
export function apiMessage(ws: Workspace, m: SandboxMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'message' };
  if (m.subtype) out.subtype = m.subtype;
  if (m.user) out.user = m.user;
  out.ts = m.ts;
  Object.assign(out, authorFields(ws, m));
  out.text = m.text;
  if (m.inviter) out.inviter = m.inviter;
  if (m.botId === ws.bot.botId) out.bot_profile = botProfile(ws);
  if (m.blocks) out.blocks = m.blocks;
  if (m.attachments) out.attachments = m.attachments;
  if (m.files) {
    out.files = m.files.map((f) => apiFile(f, ws));
    out.upload = false;
    out.display_as_bot = false;
  }
  Object.assign(out, threadFields(ws, m));
  if (m.edited) out.edited = { ...m.edited };
  if (m.reactions.length > 0) {
    out.reactions = m.reactions.map((r) => ({
      name: r.name,
      users: [...r.users],
      count: r.users.length,
    }));
  }
  if (m.pinned) out.pinned_to = [m.channelId];
  if (m.extra) Object.assign(out, m.extra);
  return out;
}

/** What a person's plain text becomes: Slack clients send it as one rich_text block. */
export function richTextFor(text: string, blockId: string): unknown[] {
  return [
    {
      type: 'rich_text',
      block_id: blockId,
      elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
    },
  ];
}

const mimeByExtension: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  pdf: 'application/pdf',
  log: 'text/plain',
};

export function fileTypeOf(
  name: string,
  mimetype?: string,
): { mimetype: string; filetype: string } {
  const ext = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  const filetype =
    ext === 'jpeg' ? 'jpg' : ext === 'txt' || ext === 'log' ? 'text' : ext || 'binary';
  return { mimetype: mimetype ?? mimeByExtension[ext] ?? 'application/octet-stream', filetype };
}
