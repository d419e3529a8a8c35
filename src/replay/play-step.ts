import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SandboxMessage } from '../sandbox/index.js';
import { modalValues } from './modal-values.js';
import { ScenarioError } from './scenario-error.js';
import { resolveAt } from './scenario-time.js';
import { type ReplaySession, replaySecrets } from './session.js';
import type { MessagePick, Step } from './step-schema.js';
import { isSystemMessage } from './transcript.js';

type Escape = 'command' | 'message';

/** What a Slack client sends for typed `@dana`, `@ai-oncall` and `#acme-support`. */
function encodeMentions(session: ReplaySession, text: string, style: Escape): string {
  const withPeople = text.replace(/(^|[\s(])@([a-z0-9][a-z0-9._-]*)/gi, (whole, lead, name) => {
    const group = session.usergroups.find((g) => g.handle.toLowerCase() === name.toLowerCase());
    if (group)
      return `${lead}<!subteam^${group.id}${style === 'command' ? `|@${group.handle}` : ''}>`;
    const user = session.sandbox.user(name);
    if (!user) return whole;
    return `${lead}<@${user.id}${style === 'command' ? `|${user.handle}` : ''}>`;
  });
  return withPeople.replace(/(^|[\s(])#([a-z0-9][a-z0-9_-]*)/g, (whole, lead, name) => {
    const channel = session.sandbox.channel(name);
    if (!channel || channel.isIm) return whole;
    return `${lead}<#${channel.id}${style === 'command' ? `|${channel.name}` : ''}>`;
  });
}

function channelOf(session: ReplaySession, reference: string | undefined) {
  return reference ? session.resolveChannel(reference) : session.defaultChannel();
}

function isPlain(message: SandboxMessage): boolean {
  return !message.ephemeralFor && !message.deleted && !isSystemMessage(message);
}

function pickMessage(
  candidates: SandboxMessage[],
  pick: MessagePick,
  what: string,
  where: string,
): SandboxMessage {
  const message = candidates.at(-pick.nth);
  if (!message) {
    const which = pick.nth === 1 ? 'the last message' : `message ${pick.nth} from the end`;
    throw new ScenarioError(
      `${which} ${what} in #${where} does not exist (${candidates.length} there)`,
    );
  }
  return message;
}

/** Public channels let anyone in the workspace join; a person who types there joins first. */
async function ensureMember(session: ReplaySession, userId: string, channelId: string) {
  const channel = session.sandbox.channel(channelId)!;
  if (channel.memberIds.includes(userId) || channel.isPrivate) return;
  await session.sandbox.driver.joinChannel({ userId, channelId });
}

function latestTs(session: ReplaySession): string {
  let latest = '0';
  for (const channel of session.sandbox.channels()) {
    const last = session.sandbox.messages(channel.id).at(-1)?.ts;
    if (last && Number(last) > Number(latest)) latest = last;
  }
  return latest;
}

async function playCommand(session: ReplaySession, step: Extract<Step, { kind: 'command' }>) {
  const userId = session.userId(step.as);
  const channel = channelOf(session, step.in);
  const afterTs = latestTs(session);
  const answer = await session.sandbox.driver.command({
    userId,
    channelId: channel.id,
    command: step.command,
    text: encodeMentions(session, step.text, 'command'),
  });
  session.lastCommand = {
    userId,
    channelId: channel.id,
    ackBody: answer.status === 200 ? answer.body : null,
    responseUrl: answer.responseUrl,
    afterTs,
    refusals: [],
  };
}

function openModal(session: ReplaySession, step: Step, userId: string) {
  const view = session.sandbox.openViews(userId).at(-1);
  if (!view) {
    const who = step.as ?? session.scenario.users[0]!.id;
    throw new ScenarioError(`"${step.kind}" needs an open modal for ${who}, but none is open`);
  }
  return view;
}

async function playSubmit(session: ReplaySession, step: Extract<Step, { kind: 'submit' }>) {
  const userId = session.userId(step.as);
  const view = openModal(session, step, userId);
  const values = modalValues(
    view,
    step.values,
    session.clock.now(),
    session.scenario.offsetMinutes,
  );
  const answer = await session.sandbox.driver.submitView({ userId, values });
  const body = answer.body as { response_action?: string; errors?: Record<string, string> } | null;
  if (answer.status !== 200) {
    session.lastCommand?.refusals.push(`the app did not accept the form (HTTP ${answer.status})`);
  } else if (body?.response_action === 'errors') {
    const lines = Object.entries(body.errors ?? {}).map(([field, error]) => `${field}: ${error}`);
    session.lastCommand?.refusals.push(...lines);
    session.refusedForms.push(
      `step ${step.number}: the "${view.title}" form was refused — ${lines.join('; ')}`,
    );
  }
}

function buttonLabels(blocks: Array<Record<string, unknown>>): string[] {
  const elements = blocks.flatMap((block) => [
    ...(Array.isArray(block.elements) ? block.elements : []),
    ...(block.accessory ? [block.accessory] : []),
  ]) as Array<{ type?: string; text?: { text?: string } }>;
  return elements.filter((e) => e.type === 'button').map((e) => e.text?.text ?? '');
}

async function playClick(session: ReplaySession, step: Extract<Step, { kind: 'click' }>) {
  const userId = session.userId(step.as);
  const view = step.in ? undefined : session.sandbox.openViews(userId).at(-1);
  const inView = buttonLabels(view?.blocks ?? []).some(
    (label) => label.toLowerCase() === step.label.toLowerCase(),
  );
  if (inView) {
    await session.sandbox.driver.clickButton({ userId, label: step.label, inView: true });
    return;
  }
  const channel = channelOf(session, step.in);
  await session.sandbox.driver.clickButton({ userId, label: step.label, channelId: channel.id });
}

async function playMessageStep(session: ReplaySession, step: Step) {
  const userId = session.userId(step.as);
  const { driver } = session.sandbox;
  const channel = channelOf(session, 'in' in step ? step.in : undefined);
  const messages = session.sandbox.messages(channel.id).filter(isPlain);
  const own = messages.filter((m) => m.user === userId && !m.botId);
  const files = (names: Array<{ name: string; content?: string }>) =>
    names.length > 0
      ? names.map((f) => ({ name: f.name, content: f.content ?? f.name }))
      : undefined;
  switch (step.kind) {
    case 'say':
      await ensureMember(session, userId, channel.id);
      await driver.postMessage({
        userId,
        channelId: channel.id,
        text: encodeMentions(session, step.text, 'message'),
        files: files(step.files),
      });
      return;
    case 'reply': {
      const topLevel = messages.filter((m) => !m.threadTs || m.threadTs === m.ts);
      const parent = pickMessage(topLevel, step.to, 'to reply to', channel.name);
      await ensureMember(session, userId, channel.id);
      await driver.postMessage({
        userId,
        channelId: channel.id,
        text: encodeMentions(session, step.text, 'message'),
        threadTs: parent.ts,
        files: files(step.files),
      });
      return;
    }
    case 'edit': {
      const target = pickMessage(own, step.message, 'of yours to edit', channel.name);
      const text = encodeMentions(session, step.text, 'message');
      await driver.editMessage({ userId, channelId: channel.id, ts: target.ts, text });
      return;
    }
    case 'delete': {
      const target = pickMessage(own, step.message, 'of yours to delete', channel.name);
      await driver.deleteMessage({ userId, channelId: channel.id, ts: target.ts });
      return;
    }
    case 'react': {
      const target = pickMessage(messages, step.message, 'to react to', channel.name);
      const name = step.emoji.replace(/^:|:$/g, '');
      await driver.addReaction({ userId, channelId: channel.id, ts: target.ts, name });
      return;
    }
  }
}

async function playAlert(session: ReplaySession, step: Extract<Step, { kind: 'alert' }>) {
  const alertsUrl = session.app.alertsUrl;
  if (!alertsUrl) throw new ScenarioError('the app serves no HTTP endpoint for alert webhooks');
  const path = resolve(dirname(session.scenario.file), step.file);
  let body: string;
  try {
    body = JSON.stringify(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new ScenarioError(`cannot read ${step.file} as JSON (${(error as Error).message})`);
  }
  const url = step.format ? `${alertsUrl}/${step.format}` : alertsUrl;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${replaySecrets.alertToken}`,
    },
    body,
  });
  if (!response.ok) {
    const said = ((await response.json().catch(() => ({}))) as { error?: string }).error;
    throw new ScenarioError(
      `the alert webhook answered HTTP ${response.status}${said ? `: ${said}` : ''} (${step.file})`,
    );
  }
}

async function playAction(session: ReplaySession, step: Step): Promise<void> {
  switch (step.kind) {
    case 'command':
      return playCommand(session, step);
    case 'submit':
      return playSubmit(session, step);
    case 'cancel': {
      const userId = session.userId(step.as);
      openModal(session, step, userId);
      await session.sandbox.driver.closeView({ userId });
      return;
    }
    case 'click':
      return playClick(session, step);
    case 'alert':
      return playAlert(session, step);
    case 'advance':
      return session.advanceTo(new Date(session.clock.now().getTime() + step.ms));
    case 'restart':
      return session.restartApp();
    case 'fault': {
      const { fault } = step;
      const ratelimited =
        fault.error === 'ratelimited'
          ? { retryAfterSeconds: fault.retryAfterSeconds ?? 1 }
          : undefined;
      session.sandbox.injectFault({
        method: fault.method,
        times: fault.times,
        error: fault.error,
        status: fault.status,
        ratelimited,
        delayMs: fault.delayMs,
      });
      return;
    }
    case 'redeliver':
      await session.sandbox.driver.redeliverLast();
      return;
    default:
      return playMessageStep(session, step);
  }
}

/** Plays one step at its time; every failure comes back as `step N: reason`. */
export async function playStep(session: ReplaySession, step: Step): Promise<void> {
  try {
    if (step.at) {
      const target = resolveAt(step.at, session.clock.now(), session.scenario.offsetMinutes);
      await session.advanceTo(target);
    }
    await playAction(session, step);
    await session.quiesce();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScenarioError(`step ${step.number}: ${reason}`);
  }
}
