import { describe, expect, it } from 'vitest';
import { renderTranscript, type WorkspaceView } from '../../src/replay/transcript.js';
import type { SandboxChannel, SandboxMessage, SandboxUser } from '../../src/sandbox/index.js';
import { renderBlocksToText } from '../../src/sandbox/index.js';

const startAt = new Date('2026-05-26T12:30:00Z');
const ts = (iso: string, micros = 0) =>
  `${Date.parse(iso) / 1000}.${String(micros).padStart(6, '0')}`;

function user(id: string, handle: string, realName: string): SandboxUser {
  return {
    id,
    teamId: 'T1',
    handle,
    realName,
    external: false,
    deleted: false,
    isBot: false,
    tz: 'UTC',
  };
}

function channel(id: string, name: string, extra: Partial<SandboxChannel> = {}): SandboxChannel {
  const text = { value: '', creator: '', lastSetAt: 0 };
  return {
    id,
    name,
    isPrivate: false,
    isShared: false,
    isIm: false,
    isArchived: false,
    isGeneral: false,
    memberIds: [],
    creator: 'U1',
    createdAt: 0,
    topic: text,
    purpose: text,
    previousNames: [],
    bookmarks: [],
    ...extra,
  };
}

function message(channelId: string, at: string, fields: Partial<SandboxMessage>): SandboxMessage {
  return { channelId, ts: ts(at), text: '', reactions: [], pinned: false, ...fields };
}

function view(channels: SandboxChannel[], messages: SandboxMessage[]): WorkspaceView {
  return {
    channels,
    messages: (id) => messages.filter((m) => m.channelId === id),
    users: [user('U1', 'dana', 'Dana Ops'), user('U2', 'lee', 'Lee Client')],
    usergroups: [{ id: 'S1', handle: 'ai-oncall', name: 'AI on-call', userIds: ['U1'] }],
    botUserId: 'UBOT',
    botId: 'BBOT',
    renderBlocks: (blocks, fallback) => renderBlocksToText(blocks, fallback),
  };
}

const options = { title: 'unit', startAt, offsetMinutes: 120 };

describe('renderTranscript', () => {
  it('shows virtual time in the start offset, the author, and mentions by name', () => {
    const incidents = channel('C1', 'incidents');
    const text =
      'Paging <!subteam^S1> and <@U2|lee>; join <#C1> &amp; read <https://x.test|the runbook>';
    const out = renderTranscript(
      view([incidents], [message('C1', '2026-05-26T12:31:00Z', { user: 'U1', text })]),
      options,
    );

    expect(out).toContain('## #incidents');
    expect(out).toContain(
      '- 14:31 **Dana Ops**: Paging @ai-oncall and @lee; ' +
        'join #incidents & read the runbook (https://x.test)',
    );
  });

  it('names the bot Vigil and renders its buttons as [Label]', () => {
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: '*INC-2026-0001* declared' } },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Send update' }, action_id: 'a' },
          { type: 'button', text: { type: 'plain_text', text: 'Resolve' }, action_id: 'b' },
        ],
      },
    ];
    const bot = message('C1', '2026-05-26T12:30:05Z', {
      user: 'UBOT',
      botId: 'BBOT',
      text: 'x',
      blocks,
    });
    const out = renderTranscript(view([channel('C1', 'inc-1')], [bot]), options);

    expect(out).toContain('- 14:30 **Vigil**: *INC-2026-0001* declared\n  [Send update] [Resolve]');
  });

  it('indents thread replies and marks edits, deletions, files and ephemerals', () => {
    const parent = message('C1', '2026-05-26T12:40:00Z', { user: 'U1', text: 'CRM is down' });
    const messages = [
      { ...parent, threadTs: parent.ts },
      message('C1', '2026-05-26T12:41:00Z', {
        user: 'U2',
        text: 'seeing it too',
        threadTs: parent.ts,
        edited: { user: 'U2', ts: ts('2026-05-26T12:42:00Z') },
      }),
      message('C1', '2026-05-26T12:43:00Z', { user: 'U1', text: 'oops', deleted: true }),
      message('C1', '2026-05-26T12:44:00Z', {
        user: 'U1',
        text: 'logs',
        files: [{ name: 'trace.log' } as never],
      }),
      message('C1', '2026-05-26T12:45:00Z', {
        user: 'UBOT',
        botId: 'BBOT',
        text: 'only you',
        ephemeralFor: 'U1',
      }),
    ];
    const out = renderTranscript(view([channel('C1', 'inc-1')], messages), options);

    expect(out).toContain(
      [
        '- 14:40 **Dana Ops**: CRM is down',
        '  - 14:41 **Lee Client** (edited): seeing it too',
        '- 14:43 **Dana Ops** (deleted): ~~oops~~',
        '- 14:44 **Dana Ops**: logs',
        '  📎 trace.log',
        '- 14:45 **Vigil** (only visible to Dana Ops): only you',
      ].join('\n'),
    );
  });

  it('adds the date when the day changes and notes shared channels', () => {
    const shared = channel('C2', 'acme-support', { isShared: true });
    const messages = [
      message('C2', '2026-05-26T21:50:00Z', { user: 'U2', text: 'before midnight' }),
      message('C2', '2026-05-26T22:10:00Z', { user: 'U2', text: 'after midnight' }),
      message('C2', '2026-05-26T22:20:00Z', { user: 'U2', text: 'same day' }),
    ];
    const out = renderTranscript(view([shared], messages), options);

    expect(out).toContain('## #acme-support (Slack Connect)');
    expect(out).toContain('- 23:50 **Lee Client**: before midnight');
    expect(out).toContain('- 2026-05-27 00:10 **Lee Client**: after midnight');
    expect(out).toContain('- 00:20 **Lee Client**: same day');
  });

  it('shows Slack notices in italics and empty channels as such', () => {
    const joined = message('C1', '2026-05-26T12:30:00Z', {
      user: 'U1',
      subtype: 'channel_join',
      text: '<@U1> has joined the channel',
    });
    const out = renderTranscript(
      view([channel('C1', 'inc-1'), channel('C3', 'quiet')], [joined]),
      options,
    );

    expect(out).toContain('- 14:30 _@dana has joined the channel_');
    expect(out).toContain('## #quiet\n\n_No messages._');
  });
});
