import { z } from 'zod';
import { durationToMilliseconds, formatDuration } from '../config/durations.js';
import type { ThresholdMetric, Thresholds } from '../config/schema.js';
import {
  AlertFormatError,
  type DeploymentEntry,
  matchDeployment,
  type NormalizedAlert,
  parseInstant,
  type SeverityHint,
} from './alert.js';

/** How each configured metric reads and which direction is bad. */
const metricScales: Record<ThresholdMetric, { isLatency: boolean; isLowerWorse: boolean }> = {
  latency_p95: { isLatency: true, isLowerWorse: false },
  latency_avg: { isLatency: true, isLowerWorse: false },
  completion_rate: { isLatency: false, isLowerWorse: true },
  integration_error_rate: { isLatency: false, isLowerWorse: false },
  out_of_scope_rate: { isLatency: false, isLowerWorse: false },
  availability: { isLatency: false, isLowerWorse: true },
};
const knownMetrics = Object.keys(metricScales).join(', ');

const Sample = z.looseObject({
  deployment: z.string().optional(),
  client: z.string().optional(),
  metric: z.string({ error: 'is missing; name a metric like latency_p95' }),
  value: z.union([z.number(), z.string()], {
    error: 'is missing; give a number, a duration like "11.4s" or a rate like 0.93 or "93%"',
  }),
  at: z.string().optional(),
  url: z.string().optional(),
});
type Sample = z.infer<typeof Sample>;

const Samples = z.looseObject({
  samples: z.array(Sample, { error: 'expected a list of samples' }).min(1),
});

const latencyPattern = /^(\d+(?:\.\d+)?)\s*(ms|s|m)$/;
const latencyUnitMs = { ms: 1, s: 1_000, m: 60_000 } as const;

/** Latency in milliseconds (a bare number is seconds); a rate as a fraction (`"93%"` or 0.93). */
function readValue(value: number | string, isLatency: boolean): number | undefined {
  if (typeof value === 'number') return isLatency ? value * 1_000 : value;
  const text = value.trim();
  if (isLatency) {
    const match = latencyPattern.exec(text);
    if (!match) return undefined;
    return Number(match[1]) * latencyUnitMs[match[2] as keyof typeof latencyUnitMs];
  }
  if (text.endsWith('%')) {
    const percent = Number(text.slice(0, -1));
    return Number.isNaN(percent) ? undefined : percent / 100;
  }
  const rate = Number(text);
  return Number.isNaN(rate) ? undefined : rate;
}

type Limit = { warn?: number; critical?: number; shown: Record<'warn' | 'critical', string> };

function limitsOf(thresholds: Thresholds, metric: ThresholdMetric): Limit | undefined {
  const entry = thresholds[metric];
  if (!entry) return undefined;
  const toNumber = (limit: unknown) =>
    limit === undefined
      ? undefined
      : typeof limit === 'number'
        ? limit
        : durationToMilliseconds(limit as never);
  const show = (limit: unknown) =>
    limit === undefined
      ? ''
      : typeof limit === 'number'
        ? String(limit)
        : formatDuration(limit as never);
  return {
    warn: toNumber(entry.warn),
    critical: toNumber(entry.critical),
    shown: { warn: show(entry.warn), critical: show(entry.critical) },
  };
}

function levelOf(value: number, limit: Limit, isLowerWorse: boolean): SeverityHint | 'ok' {
  const isBeyond = (bound?: number) =>
    bound !== undefined && (isLowerWorse ? value < bound : value > bound);
  if (isBeyond(limit.critical)) return 'critical';
  if (isBeyond(limit.warn)) return 'warning';
  return 'ok';
}

function readSample(
  sample: Sample,
  index: number,
  deployments: DeploymentEntry[],
  receivedAt: Date,
): NormalizedAlert {
  const labels: Record<string, string> = { metric: sample.metric };
  if (sample.deployment) labels.deployment = sample.deployment;
  if (sample.client) labels.client = sample.client;
  const match = matchDeployment(labels, deployments);
  const startsAt = parseInstant(sample.at) ?? receivedAt;
  const fingerprint = `${match.deploymentKey ?? sample.deployment ?? '?'}/${sample.metric}`;
  const base = {
    fingerprint,
    name: sample.metric,
    metric: sample.metric,
    startsAt,
    labels,
    url: sample.url,
    ...match,
  };
  const scale = metricScales[sample.metric as ThresholdMetric];
  if (!scale) {
    const ignoreReason = `metric "${sample.metric}" is not one Vigil knows (${knownMetrics})`;
    return { ...base, status: 'firing', severityHint: 'unknown', summary: '', ignoreReason };
  }
  const value = readValue(sample.value, scale.isLatency);
  if (value === undefined) {
    throw new AlertFormatError(
      `samples[${index}].value: cannot read ${JSON.stringify(sample.value)} as ` +
        (scale.isLatency ? 'a latency like "11.4s" or "850ms"' : 'a rate like 0.93 or "93%"'),
    );
  }
  const deployment = deployments.find((d) => d.key === match.deploymentKey);
  const limit = deployment?.thresholds && limitsOf(deployment.thresholds, sample.metric as never);
  if (!limit) {
    const ignoreReason =
      match.ignoreReason ??
      `${match.deploymentKey} has no ${sample.metric} threshold; ` +
        `add thresholds.${sample.metric} to the config`;
    return { ...base, status: 'firing', severityHint: 'unknown', summary: '', ignoreReason };
  }
  const level = levelOf(value, limit, scale.isLowerWorse);
  const shown =
    typeof sample.value === 'number' && scale.isLatency ? `${sample.value}s` : String(sample.value);
  if (level === 'ok') {
    const summary = `${sample.metric} is ${shown} on ${match.deploymentKey}, within its thresholds`;
    return { ...base, status: 'resolved', severityHint: 'unknown', summary, endsAt: startsAt };
  }
  const bound = level === 'critical' ? 'critical' : 'warn';
  const summary =
    `${sample.metric} is ${shown} on ${match.deploymentKey}, ` +
    `past the ${bound} threshold ${limit.shown[bound]}`;
  return { ...base, status: 'firing', severityHint: level, summary };
}

/**
 * Vigil's own format for metric samples, compared with the deployment's thresholds: past
 * `critical` is a critical alert, past `warn` a warning, back within both resolves it.
 */
export function parseMetrics(
  body: unknown,
  deployments: DeploymentEntry[],
  receivedAt: Date,
): NormalizedAlert[] {
  const hasList = typeof body === 'object' && body !== null && 'samples' in body;
  const parsed = hasList ? Samples.safeParse(body) : Sample.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the body';
    throw new AlertFormatError(
      `not a metrics sample: ${where}: ${issue.message} ` +
        '(expected {deployment, metric, value, at} or {samples: [...]})',
    );
  }
  const samples = hasList
    ? (parsed.data as z.infer<typeof Samples>).samples
    : [parsed.data as Sample];
  return samples.map((sample, index) => readSample(sample, index, deployments, receivedAt));
}
