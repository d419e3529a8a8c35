import type { SlackSandbox } from '../sandbox/index.js';
import type { Scenario } from './scenario.js';
import type { ReplaySession } from './session.js';

/**
 * Builds the scenario's workspace. Every internal person is in every non-private channel and
 * the bot is in all of them, as if an admin had invited it; external guests are only where the
 * scenario puts them.
 */
export function seedWorkspace(sandbox: SlackSandbox, scenario: Scenario, session: ReplaySession) {
  for (const user of scenario.users) {
    sandbox.addUser({
      handle: user.id,
      realName: user.name ?? user.id,
      email: user.email,
      external: user.external,
      deleted: user.deleted,
      isBot: user.bot,
    });
  }
  const idOf = (symbol: string) => sandbox.user(symbol)!.id;
  const staff = scenario.users.filter((u) => !u.external && !u.deleted && !u.bot).map((u) => u.id);
  for (const group of scenario.usergroups) {
    const created = sandbox.addUsergroup({
      handle: group.handle.replace(/^@/, ''),
      name: group.name,
      userIds: group.members.map(idOf),
    });
    session.usergroups.push(created);
  }
  for (const channel of scenario.channels) {
    const members = channel.private
      ? channel.members
      : [...new Set([...staff, ...channel.members])];
    sandbox.addChannel({
      name: channel.name,
      isPrivate: channel.private,
      isShared: channel.shared,
      memberIds: members.map(idOf),
      botIsMember: true,
    });
  }
}
