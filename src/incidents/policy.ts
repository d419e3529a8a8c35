import type { ClockHours, Duration } from '../config/durations.js';
import type { ClientConfig } from '../config/schema.js';
import type { BusinessCalendar, Weekday, ZoneOrCalendar } from '../time/business-calendar.js';
import { addSlaDuration } from '../time/business-time.js';
import type { Severity } from './types.js';

export interface SeverityTerms {
  firstContact?: Duration;
  updateEvery?: Duration;
  interventionWindow?: Duration;
  postmortemDue?: Duration;
  followUp?: Duration;
  hours: ClockHours;
  grace: Duration;
  reminderBefore: Duration;
  escalationContactId: string | null;
}

/**
 * The contract in force when an incident is declared, copied onto it as plain JSON so that a later
 * contract change never rewrites the clock of an incident already running.
 */
export interface PolicySnapshot {
  client: string;
  clientName: string;
  clientChannelId: string;
  timeZone: string;
  businessHours: { days: Weekday[]; from: string; to: string; holidays: string[] } | null;
  technicalLeadId: string | null;
  severities: Partial<Record<Severity, SeverityTerms>>;
}

export function snapshotPolicy(
  client: ClientConfig,
  ids: { channelId: string; technicalLeadId: string; escalationIds: Record<Severity, string> },
): PolicySnapshot {
  const terms = (severity: Severity): SeverityTerms => {
    const sla = client.sla[severity] as Record<string, unknown>;
    return {
      firstContact: sla.first_contact as Duration | undefined,
      updateEvery: sla.update_every as Duration | undefined,
      interventionWindow: sla.intervention_window as Duration | undefined,
      postmortemDue: sla.postmortem_due as Duration | undefined,
      followUp: sla.follow_up as Duration | undefined,
      hours: (sla.hours as ClockHours | undefined) ?? '24x7',
      grace: sla.grace as Duration,
      reminderBefore: sla.reminder_before as Duration,
      escalationContactId: ids.escalationIds[severity] ?? null,
    };
  };
  const hours = client.business_hours;
  return {
    client: client.key,
    clientName: client.name,
    clientChannelId: ids.channelId,
    timeZone: client.timezone,
    businessHours: hours
      ? { days: [...hours.days], from: hours.from, to: hours.to, holidays: [...hours.holidays] }
      : null,
    technicalLeadId: ids.technicalLeadId,
    severities: { P1: terms('P1'), P2: terms('P2'), P3: terms('P3') },
  };
}

export function calendarOf(policy: PolicySnapshot): ZoneOrCalendar {
  const hours = policy.businessHours;
  if (!hours) return { timeZone: policy.timeZone };
  const calendar: BusinessCalendar = {
    timeZone: policy.timeZone,
    days: new Set(hours.days),
    from: hours.from,
    to: hours.to,
    holidays: new Set(hours.holidays),
  };
  return calendar;
}

export function termsFor(policy: PolicySnapshot, severity: Severity): SeverityTerms | undefined {
  return policy.severities[severity];
}

/** A deadline `duration` after `start` on the clock the severity's terms say (24/7 or business). */
export function deadlineAfter(
  policy: PolicySnapshot,
  severity: Severity,
  start: Date,
  duration: Duration,
): Date {
  const hours = termsFor(policy, severity)?.hours ?? '24x7';
  return addSlaDuration(start, duration, hours, calendarOf(policy));
}
