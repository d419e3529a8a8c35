import { UserError } from '../errors.js';
import { writeAudit } from '../store/audit.js';
import { addTimelineEntry, scheduleRefresh, updateIncidentIfUnchanged } from './change.js';
import type { DomainContext } from './context.js';
import { getIncident, type Incident } from './queries.js';

export type Role = 'commander' | 'comms_lead';

export const roleNames: Record<Role, string> = {
  commander: 'incident commander',
  comms_lead: 'communications lead',
};

export const roleDuties: Record<Role, string> = {
  commander:
    'You now lead this incident: you decide severity and mitigations, keep client updates on ' +
    'their cadence (Vigil reminds you), resolve it, and approve the post-mortem.',
  comms_lead:
    'You now own client communication: draft each client update on time with what is ' +
    'happening, what we are doing and when the next update comes. Vigil tells you when one is due.',
};

export interface RoleChange {
  incidentId: number;
  role: Role;
  userId: string;
  actorId: string;
}

export function assignRole(ctx: DomainContext, change: RoleChange): Incident | null {
  const incident = getIncident(ctx.db, change.incidentId);
  const current = change.role === 'commander' ? incident.commanderId : incident.commsLeadId;
  if (current === change.userId) return null;
  if (incident.status === 'closed') {
    throw new UserError('incident_closed', `${incident.ref} is closed; roles no longer change.`);
  }
  const now = ctx.clock.now();
  const values =
    change.role === 'commander' ? { commanderId: change.userId } : { commsLeadId: change.userId };

  return ctx.db.transaction((tx) => {
    const updated = updateIncidentIfUnchanged(tx, incident, values, now);
    addTimelineEntry(
      tx,
      incident.id,
      {
        kind: 'role_changed',
        occurredAt: now,
        actorId: change.actorId,
        text: `<@${change.userId}> is now ${roleNames[change.role]}`,
        data: { role: change.role, from: current, to: change.userId },
      },
      now,
    );
    writeAudit(tx, {
      at: now,
      actorId: change.actorId,
      action: 'incident.role_changed',
      incidentId: incident.id,
      details: { role: change.role, from: current, to: change.userId },
    });
    scheduleRefresh(tx, incident.id, now);
    return updated;
  });
}
