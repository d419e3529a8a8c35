import { parseDuration } from './durations.js';

export interface ConfigProblem {
  path: (string | number)[];
  message: string;
}

const slaDurationKeys = [
  'first_contact',
  'update_every',
  'intervention_window',
  'postmortem_due',
  'follow_up',
  'grace',
  'reminder_before',
];

export function formatConfigPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entriesOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value : [];
}

function findDuplicateKeys(items: unknown[], listPath: (string | number)[]): ConfigProblem[] {
  const firstIndexByKey = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  items.forEach((item, index) => {
    if (!isMapping(item) || typeof item.key !== 'string') return;
    const firstIndex = firstIndexByKey.get(item.key);
    if (firstIndex === undefined) {
      firstIndexByKey.set(item.key, index);
      return;
    }
    const firstPath = formatConfigPath([...listPath, firstIndex]);
    problems.push({
      path: [...listPath, index, 'key'],
      message: `"${item.key}" is already the key of ${firstPath}; keys must be unique`,
    });
  });
  return problems;
}

function findBusinessClocksWithoutHours(client: Record<string, unknown>, index: number) {
  const problems: ConfigProblem[] = [];
  if (client.business_hours !== undefined && client.business_hours !== null) return problems;
  if (!isMapping(client.sla)) return problems;
  const example = '{days: mon-fri, from: "09:00", to: "18:00"}';
  const needs = `clients[${index}].business_hours, e.g. ${example}`;
  for (const [severity, policy] of Object.entries(client.sla)) {
    if (!isMapping(policy)) continue;
    const policyPath = ['clients', index, 'sla', severity];
    if (policy.hours === 'business') {
      problems.push({ path: [...policyPath, 'hours'], message: `business hours need ${needs}` });
    }
    for (const key of slaDurationKeys) {
      const parsed = parseDuration(policy[key]);
      if (!parsed.ok || (parsed.value.unit !== 'bh' && parsed.value.unit !== 'bd')) continue;
      problems.push({
        path: [...policyPath, key],
        message: `${policy[key]} counts business time, which needs ${needs}`,
      });
    }
  }
  return problems;
}

/**
 * Rules that span several fields, checked on the raw document so they are reported together
 * with field errors instead of only after every field is fixed.
 */
export function findCrossFieldProblems(document: unknown): ConfigProblem[] {
  if (!isMapping(document)) return [];
  const clients = entriesOf(document.clients);
  const problems = findDuplicateKeys(clients, ['clients']);
  clients.forEach((client, index) => {
    if (!isMapping(client)) return;
    const deployments = entriesOf(client.deployments);
    problems.push(...findDuplicateKeys(deployments, ['clients', index, 'deployments']));
    problems.push(...findBusinessClocksWithoutHours(client, index));
  });
  return problems;
}
