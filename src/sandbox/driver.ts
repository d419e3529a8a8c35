import { blockAction, clickButton, messageShortcut } from './driver-actions.js';
import { closeView, submitView } from './driver-views.js';
import {
  actingUser,
  type Interactor,
  issueTrigger,
  showAckMessage,
} from './interaction-context.js';
import { newFile } from './methods/files.js';
import { addReaction, removeReaction } from './methods/items.js';
import { addMember, emitChanged, postAsPerson, removeMessage, snapshot } from './posting.js';
import { richTextFor } from './shapes.js';
import { formBody } from './signing.js';
import type { SandboxChannel, SandboxDriver, SandboxMessage, SandboxUser } from './types.js';

function memberChannel(ix: Interactor, user: SandboxUser, channelId: string): SandboxChannel {
  const channel = ix.ws.requireChannel(channelId);
  if (channel.isArchived) throw new Error(`#${channel.name} is archived; nobody can post there`);
  if (!ix.ws.isMember(channel, user.id)) {
    throw new Error(`${user.handle} is not in #${channel.name}; use driver.joinChannel first`);
  }
  return channel;
}

function ownMessage(
  ix: Interactor,
  user: SandboxUser,
  channelId: string,
  ts: string,
): SandboxMessage {
  const message = ix.ws.findMessage(channelId, ts);
  if (!message) throw new Error(`no message ${ts} in ${channelId}`);
  if (message.user !== user.id || message.botId) {
    throw new Error(`${user.handle} can only change their own messages`);
  }
  return message;
}

function reactionTarget(ix: Interactor, channelId: string, ts: string): SandboxMessage {
  const message = ix.ws.findMessage(channelId, ts);
  if (!message) throw new Error(`no message ${ts} in ${channelId}`);
  return message;
}

export function createDriver(ix: Interactor): SandboxDriver {
  return {
    async command(p) {
      const user = actingUser(ix, p.userId);
      const channel = ix.ws.requireChannel(p.channelId);
      const command = p.command ?? '/incident';
      if (user.external) {
        throw new Error(
          `${command} is not a valid command for ${user.handle}: ` +
            'the app is not installed in their org',
        );
      }
      const triggerId = issueTrigger(ix, user.id);
      const responseUrl = ix.responseUrls.issue('commands', {
        userId: user.id,
        channelId: channel.id,
      });
      const fields = {
        token: ix.ws.team.verificationToken,
        team_id: ix.ws.team.id,
        team_domain: ix.ws.team.domain,
        channel_id: channel.id,
        channel_name: channel.isIm ? 'directmessage' : channel.name,
        user_id: user.id,
        user_name: user.handle,
        command,
        text: escapeCommandText(p.text),
        api_app_id: ix.ws.bot.appId,
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: triggerId,
      };
      const result = await ix.link.sendForm('command', fields, formBody(fields));
      if (result.status === 200) showAckMessage(ix, channel, user.id, result.body);
      return { status: result.status, body: result.body, triggerId, responseUrl };
    },

    clickButton: (p) => clickButton(ix, p),
    blockAction: (p) => blockAction(ix, p),
    submitView: (p) => submitView(ix, p),
    closeView: (p) => closeView(ix, p),
    messageShortcut: (p) => messageShortcut(ix, p),

    async postMessage(p) {
      const user = actingUser(ix, p.userId);
      const channel = memberChannel(ix, user, p.channelId);
      if (p.threadTs && !ix.ws.findMessage(channel.id, p.threadTs)) {
        throw new Error(`no thread ${p.threadTs} in #${channel.name}`);
      }
      const files = p.files?.map((f) => {
        const content = Buffer.from(f.content ?? '');
        const file = newFile(ix.ws, f.name, content.length, user.id, f.mimetype);
        file.content = content;
        file.sharedIn.push(channel.id);
        ix.ws.files.set(file.id, file);
        return file;
      });
      const message = postAsPerson(ix, channel, user.id, {
        text: p.text,
        blocks: p.text === '' ? undefined : richTextFor(p.text, ix.ws.ids.blockId()),
        threadTs: p.threadTs,
        files,
        subtype: files?.length ? 'file_share' : undefined,
      });
      await ix.link.flush();
      return message;
    },

    async editMessage(p) {
      const user = actingUser(ix, p.userId);
      const message = ownMessage(ix, user, p.channelId, p.ts);
      const before = snapshot(message);
      message.text = p.text;
      message.blocks = richTextFor(p.text, ix.ws.ids.blockId());
      message.edited = { user: user.id, ts: ix.ws.ids.messageTs() };
      emitChanged(ix, before, message);
      await ix.link.flush();
    },

    async deleteMessage(p) {
      const user = actingUser(ix, p.userId);
      removeMessage(ix, ownMessage(ix, user, p.channelId, p.ts));
      await ix.link.flush();
    },

    async addReaction(p) {
      const user = actingUser(ix, p.userId);
      const error = addReaction(ix, reactionTarget(ix, p.channelId, p.ts), user.id, p.name);
      if (error) throw new Error(`Slack refuses the reaction: ${error}`);
      await ix.link.flush();
    },

    async removeReaction(p) {
      const user = actingUser(ix, p.userId);
      const error = removeReaction(ix, reactionTarget(ix, p.channelId, p.ts), user.id, p.name);
      if (error) throw new Error(`Slack refuses to remove the reaction: ${error}`);
      await ix.link.flush();
    },

    async joinChannel(p) {
      const user = actingUser(ix, p.userId);
      const channel = ix.ws.requireChannel(p.channelId);
      if (channel.isPrivate)
        throw new Error(`#${channel.name} is private; someone must invite ${user.handle}`);
      if (channel.isArchived) throw new Error(`#${channel.name} is archived`);
      if (ix.ws.isMember(channel, user.id)) return;
      addMember(ix, channel, user.id);
      await ix.link.flush();
    },

    redeliverLast: (reason) => ix.link.redeliverLast(reason),
  };
}

/**
 * Slack escapes `&`, `<` and `>` in what a person typed after a slash command, while the
 * mention and channel tokens it forms itself (`<@U…|name>`, `<#C…|name>`, `<!here>`) stay as
 * they are. The driver is given text with those tokens already formed.
 */
export function escapeCommandText(text: string): string {
  return text
    .split(/(<[@#!][^<>]*>)/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    )
    .join('');
}
