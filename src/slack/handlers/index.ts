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

/** Every command, button and modal Vigil answers; `/incident help` is generated from this table. */
export const routes: Routes = {
  commands: [
    declareCommand,
    listCommand,
    severityCommand,
    commanderCommand,
    commsCommand,
    helpCommand(() => routes),
  ],
  actions: [reopenDeclareForm, severityButton, rolesButton],
  views: [declareSubmission, severitySubmission, rolesSubmission],
};
