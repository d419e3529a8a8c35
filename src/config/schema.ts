import type { z } from 'zod';
import type { BusinessCalendar, Weekday, ZoneOrCalendar } from '../time/business-calendar.js';
import { parseClockTime, parseWeekdays } from '../time/business-calendar.js';
import { isValidTimeZone, parseLocalDate } from '../time/zoned-time.js';
import {
  type ClockHours,
  type Duration,
  describeValue,
  durationToMilliseconds,
  formatDuration,
  type Parsed,
  parseClockHours,
  parseDuration,
  parseReportCadence,
} from './durations.js';
import {
  listOf,
  openMapping,
  parsedField,
  parseElapsedDuration,
  parseKey,
  parseOneOf,
  parseRate,
  parseText,
  strictMapping,
} from './fields.js';

export const severities = ['P1', 'P2', 'P3'] as const;
export type Severity = (typeof severities)[number];
export const deploymentChannels = ['chat', 'voice', 'email', 'other'] as const;

const text = parsedField(parseText);
const duration = parsedField(parseDuration);
const elapsed = parsedField(parseElapsedDuration);
const userList = listOf(text, '[dana, "@ai-oncall"]');

function parseTimeZone(input: unknown): Parsed<string> {
  if (typeof input === 'string' && isValidTimeZone(input)) return { ok: true, value: input };
  return {
    ok: false,
    error: `expected an IANA time zone like Europe/Rome, got ${describeValue(input)}`,
  };
}

function parseHoliday(input: unknown): Parsed<string> {
  if (input instanceof Date && !Number.isNaN(input.getTime())) {
    return { ok: true, value: input.toISOString().slice(0, 10) };
  }
  if (typeof input === 'string' && parseLocalDate(input)) return { ok: true, value: input };
  return { ok: false, error: `expected a date like 2026-12-25, got ${describeValue(input)}` };
}

function parseDays(input: unknown): Parsed<ReadonlySet<Weekday>> {
  const days = parseWeekdays(input);
  if (days) return { ok: true, value: days };
  return {
    ok: false,
    error: `expected weekdays like mon-fri or mon,wed,fri, got ${describeValue(input)}`,
  };
}

function parseTimeOfDay(input: unknown): Parsed<string> {
  const minutes = parseClockTime(input);
  if (minutes === undefined) {
    return { ok: false, error: `expected a time like "09:00", got ${describeValue(input)}` };
  }
  const pad = (value: number) => String(value).padStart(2, '0');
  return { ok: true, value: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}` };
}

export const BusinessHours = strictMapping({
  days: parsedField(parseDays),
  from: parsedField(parseTimeOfDay),
  to: parsedField(parseTimeOfDay),
}).superRefine((hours, ctx) => {
  if (hours.from >= hours.to) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `must be later than from ("${hours.from}"), got "${hours.to}"`,
    });
  }
});

const defaultGrace: Duration = { amount: 10, unit: 'm' };
const defaultReminderBefore: Duration = { amount: 5, unit: 'm' };

const severityShape = {
  first_contact: duration.optional(),
  update_every: duration.optional(),
  intervention_window: duration.optional(),
  postmortem_due: duration.optional(),
  follow_up: duration.optional(),
  hours: parsedField(parseClockHours).default('24x7' as ClockHours),
  report: parsedField(parseReportCadence).optional(),
  escalation_contact: text.optional(),
  grace: duration.default(defaultGrace),
  reminder_before: duration.default(defaultReminderBefore),
};

/** P1 and P2 page people and run client-update clocks, so both clocks must be set. */
export const PagedSeverityPolicy = strictMapping({
  ...severityShape,
  first_contact: duration,
  update_every: duration,
});

/** P3 sends no immediate client message; it is reported in the monthly client report. */
export const ReportedSeverityPolicy = strictMapping({
  ...severityShape,
  report: parsedField(parseReportCadence).default('monthly'),
});

export const SlaPolicy = strictMapping({
  P1: PagedSeverityPolicy,
  P2: PagedSeverityPolicy,
  P3: ReportedSeverityPolicy.prefault({}),
});

type WithEscalation<Policy> = Omit<Policy, 'escalation_contact'> & { escalation_contact: string };
export type PagedSeverityPolicy = WithEscalation<z.output<typeof PagedSeverityPolicy>>;
export type ReportedSeverityPolicy = WithEscalation<z.output<typeof ReportedSeverityPolicy>>;
export type SeverityPolicy = PagedSeverityPolicy | ReportedSeverityPolicy;
export interface SlaPolicy {
  P1: PagedSeverityPolicy;
  P2: PagedSeverityPolicy;
  P3: ReportedSeverityPolicy;
}

interface MetricScale<Value> {
  toNumber: (value: Value) => number;
  show: (value: Value) => string;
  isLowerWorse: boolean;
}

function threshold<Value>(value: z.ZodType<Value>, scale: MetricScale<Value>) {
  return strictMapping({
    warn: value.optional(),
    critical: value.optional(),
    sustained: elapsed.optional(),
  }).superRefine((entry, ctx) => {
    if (entry.warn === undefined && entry.critical === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected warn and/or critical' });
      return;
    }
    if (entry.warn === undefined || entry.critical === undefined) return;
    const warn = scale.toNumber(entry.warn);
    const critical = scale.toNumber(entry.critical);
    if (scale.isLowerWorse ? critical > warn : critical < warn) {
      const bound = scale.isLowerWorse ? 'at most' : 'at least';
      const reason = scale.isLowerWorse ? 'lower is worse' : 'higher is worse';
      ctx.addIssue({
        code: 'custom',
        path: ['critical'],
        message:
          `must be ${bound} warn (${scale.show(entry.warn)}) because ${reason}, ` +
          `got ${scale.show(entry.critical)}`,
      });
    }
  });
}

const latency = threshold(elapsed, {
  toNumber: durationToMilliseconds,
  show: formatDuration,
  isLowerWorse: false,
});
const rate = parsedField(parseRate);
const rateWhereHigherIsWorse = threshold(rate, {
  toNumber: Number,
  show: String,
  isLowerWorse: false,
});
const rateWhereLowerIsWorse = threshold(rate, {
  toNumber: Number,
  show: String,
  isLowerWorse: true,
});

export const Thresholds = strictMapping({
  latency_p95: latency.optional(),
  latency_avg: latency.optional(),
  completion_rate: rateWhereLowerIsWorse.optional(),
  integration_error_rate: rateWhereHigherIsWorse.optional(),
  out_of_scope_rate: rateWhereHigherIsWorse.optional(),
  availability: rateWhereLowerIsWorse.optional(),
});
export type Thresholds = z.output<typeof Thresholds>;
export type ThresholdMetric = keyof Thresholds;

export const DeploymentConfig = openMapping({
  key: parsedField(parseKey),
  channel: parsedField(parseOneOf(deploymentChannels)),
  thresholds: Thresholds.prefault({}),
});
export type DeploymentConfig = z.output<typeof DeploymentConfig>;

export const ClientConfig = openMapping({
  key: parsedField(parseKey),
  name: text,
  channel: text,
  timezone: parsedField(parseTimeZone),
  business_hours: BusinessHours.optional(),
  holidays: listOf(parsedField(parseHoliday), '[2026-12-25]').default([]),
  technical_lead: text,
  sla: SlaPolicy,
  deployments: listOf(DeploymentConfig, '[{key: acme-chat, channel: chat}]').default([]),
}).transform((client) => {
  const business_hours: BusinessCalendar | undefined = client.business_hours && {
    timeZone: client.timezone,
    ...client.business_hours,
    holidays: new Set(client.holidays),
  };
  const calendar: ZoneOrCalendar = business_hours ?? { timeZone: client.timezone };
  const withEscalation = <Policy extends { escalation_contact?: string | undefined }>(
    policy: Policy,
  ) => ({ ...policy, escalation_contact: policy.escalation_contact ?? client.technical_lead });
  const sla: SlaPolicy = {
    P1: withEscalation(client.sla.P1),
    P2: withEscalation(client.sla.P2),
    P3: withEscalation(client.sla.P3),
  };
  return { ...client, business_hours, calendar, sla };
});
export type ClientConfig = z.output<typeof ClientConfig>;

export const Config = strictMapping({
  announce_channel: text,
  oncall: strictMapping({
    P1: userList.optional(),
    P2: userList.optional(),
    P3: userList.optional(),
  }),
  admins: userList.default([]),
  clients: listOf(ClientConfig, '[{key: acme, name: Acme Energy, …}]').min(1, {
    message: 'expected at least one client',
  }),
});
export type Config = z.output<typeof Config>;
