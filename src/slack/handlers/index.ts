import type { Routes } from '../routes.js';
import { declareCommand, declareSubmission, reopenDeclareForm } from './declare.js';
import {
  action,
  actionSubmission,
  markDoneButton,
  mitigate,
  mitigationSubmission,
  rca,
  rcaSubmission,
  reopenCommand,
  resolve,
  resolveSubmission,
} from './lifecycle.js';
import {
  commanderCommand,
  commsCommand,
  helpCommand,
  listCommand,
  rolesButton,
  rolesSubmission,
  severityButton,
  severityCommand,
  severitySubmission,
} from './manage.js';
import { postmortemCommand, publishButton, reportCommand, summaryCommand } from './postmortem.js';
import {
  addToTimelineShortcut,
  messageEvents,
  noteCommand,
  reactionAdded,
  reactionRemoved,
  timelineCommand,
} from './timeline.js';
import {
  personalDataNoticeButton,
  sendUpdateButton,
  updateCommand,
  updateSubmission,
} from './updates.js';

/** Every command, button and modal Vigil answers; `/incident help` is generated from this table. */
export const routes: Routes = {
  commands: [
    declareCommand,
    listCommand,
    updateCommand,
    noteCommand,
    timelineCommand,
    mitigate.command,
    resolve.command,
    reopenCommand,
    rca.command,
    action.command,
    postmortemCommand,
    summaryCommand,
    reportCommand,
    severityCommand,
    commanderCommand,
    commsCommand,
    helpCommand(() => routes),
  ],
  actions: [
    reopenDeclareForm,
    sendUpdateButton,
    personalDataNoticeButton,
    severityButton,
    rolesButton,
    mitigate.button,
    resolve.button,
    rca.button,
    action.button,
    markDoneButton,
    publishButton,
  ],
  views: [
    declareSubmission,
    updateSubmission,
    severitySubmission,
    rolesSubmission,
    mitigationSubmission,
    resolveSubmission,
    rcaSubmission,
    actionSubmission,
  ],
  events: [messageEvents, reactionAdded, reactionRemoved],
  shortcuts: [addToTimelineShortcut],
};
