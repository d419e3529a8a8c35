import type { Routes } from '../routes.js';
import { declareCommand, declareSubmission, reopenDeclareForm } from './declare.js';
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
import {
  addToTimelineShortcut,
  messageEvents,
  noteCommand,
  reactionAdded,
  reactionRemoved,
  timelineCommand,
} from './timeline.js';
import { sendUpdateButton, updateCommand, updateSubmission } from './updates.js';

/** Every command, button and modal Vigil answers; `/incident help` is generated from this table. */
export const routes: Routes = {
  commands: [
    declareCommand,
    listCommand,
    updateCommand,
    noteCommand,
    timelineCommand,
    severityCommand,
    commanderCommand,
    commsCommand,
    helpCommand(() => routes),
  ],
  actions: [reopenDeclareForm, sendUpdateButton, severityButton, rolesButton],
  views: [declareSubmission, updateSubmission, severitySubmission, rolesSubmission],
  events: [messageEvents, reactionAdded, reactionRemoved],
  shortcuts: [addToTimelineShortcut],
};
