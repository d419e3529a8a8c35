/** Every callback_id, action_id and block_id Vigil uses. Scenario files rely on the block_ids. */
export const views = {
  declare: 'vigil.declare',
  severity: 'vigil.severity',
  roles: 'vigil.roles',
  update: 'vigil.update',
  mitigation: 'vigil.mitigation',
  resolve: 'vigil.resolve',
  rca: 'vigil.rca',
  action: 'vigil.action',
} as const;

export const actions = {
  openDeclare: 'vigil.open_declare',
  changeSeverity: 'vigil.change_severity',
  handOver: 'vigil.hand_over',
  sendUpdate: 'vigil.send_update',
  mitigate: 'vigil.mitigate',
  resolve: 'vigil.resolve',
  rca: 'vigil.rca',
  addAction: 'vigil.add_action',
  publish: 'vigil.publish_postmortem',
  markActionDone: 'vigil.action_done',
  personalDataNotice: 'vigil.personal_data_notice',
} as const;

export const shortcuts = {
  addToTimeline: 'vigil.add_to_timeline',
} as const;

/** Fixed by the scenario format: outside scenarios fill modals by these block_ids. */
export const blocks = {
  title: 'title',
  severity: 'severity',
  type: 'type',
  client: 'client',
  deployment: 'deployment',
  summary: 'summary',
  personalData: 'personal_data',
  detectedBy: 'detected_by',
  reason: 'reason',
  commander: 'commander',
  commsLead: 'comms_lead',
  what: 'what',
  doing: 'doing',
  nextUpdate: 'next_update',
  kind: 'kind',
  description: 'description',
  resolvedAt: 'resolved_at',
  firstSignalAt: 'first_signal_at',
  degradedAt: 'degraded_at',
  rootCause: 'root_cause',
  sessionsAffected: 'sessions_affected',
  usersAffectedPct: 'users_affected_pct',
  downstreamImpact: 'downstream_impact',
  owner: 'owner',
  due: 'due',
  metric: 'metric',
} as const;

/** Each input block holds one element; its action_id is always this. */
export const inputActionId = 'value';

/**
 * Block ids that let setup recognise its own message in history after a crash between Slack
 * posting it and Vigil recording its ts.
 */
export const surfaceBlockIds = {
  control: (incidentId: number) => `vigil.control.${incidentId}`,
  announcement: (incidentId: number) => `vigil.announcement.${incidentId}`,
};
