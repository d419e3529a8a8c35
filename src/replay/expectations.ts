import type { Expectation } from './expectation-schema.js';
import type { ExpectationOutcome, IncidentRecord } from './result.js';

export interface ReadableMessage {
  /** `14:35 Dana Ops`, to point at where a text was found. */
  label: string;
  text: string;
  isFromVigil: boolean;
  userId?: string;
  /** Seen by everyone in the channel: not ephemeral, not a join or topic notice. */
  isCounted: boolean;
}

/** What the scenario left behind, as expectations read it. */
export interface Evidence {
  /** The channel's id, or why the reference does not name one. */
  resolveChannel(reference: string): { id: string; name: string } | { problem: string };
  channelMessages(channelId: string): ReadableMessage[];
  incidents: IncidentRecord[];
  postmortems: Map<string, string>;
  /** Everything that answered the last command, or null when no command was typed. */
  lastCommandReply: string | null;
  userIdOf(symbol: string): string | undefined;
}

interface Check {
  pass: boolean;
  wanted: string;
  found: string;
}

const quote = (text: string) => JSON.stringify(text);

function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function checkTexts(
  where: string,
  parts: Array<{ label: string; text: string }>,
  contains: string[],
  notContains: string[],
): Check[] {
  const checks: Check[] = [];
  const has = (part: { text: string }, needle: string) =>
    part.text.toLowerCase().includes(needle.toLowerCase());
  if (contains.length > 0) {
    const missing = contains.filter((needle) => !parts.some((part) => has(part, needle)));
    const last = parts.at(-1);
    const seen = last ? `; the last is ${last.label}: ${quote(excerpt(last.text))}` : '';
    checks.push({
      pass: missing.length === 0,
      wanted: `${where} to contain ${contains.map(quote).join(', ')}`,
      found:
        missing.length === 0
          ? 'all of them'
          : `no ${missing.map(quote).join(', ')} in ${parts.length} message(s)${seen}`,
    });
  }
  if (notContains.length > 0) {
    const leaks = notContains.flatMap((needle) =>
      parts.filter((part) => has(part, needle)).map((part) => ({ needle, part })),
    );
    checks.push({
      pass: leaks.length === 0,
      wanted: `${where} not to contain ${notContains.map(quote).join(', ')}`,
      found:
        leaks.length === 0
          ? 'none of them'
          : leaks
              .map(
                ({ needle, part }) =>
                  `${quote(needle)} in ${part.label}: ${quote(excerpt(part.text))}`,
              )
              .join('; '),
    });
  }
  return checks;
}

function pickIncident(evidence: Evidence, ref: string): IncidentRecord | undefined {
  if (ref === 'last') return evidence.incidents.at(-1);
  return evidence.incidents.find((i) => i.ref.toLowerCase() === ref.toLowerCase());
}

function sameValue(actual: unknown, wanted: unknown): boolean {
  if (typeof actual === 'string' && typeof wanted === 'string') {
    return actual.toLowerCase() === wanted.toLowerCase();
  }
  if (actual === null || wanted === null) return actual === wanted;
  return String(actual) === String(wanted);
}

function fieldOf(record: IncidentRecord, key: string): unknown {
  return key.split('.').reduce<unknown>((value, part) => {
    if (value === null || typeof value !== 'object') return undefined;
    return (value as Record<string, unknown>)[part];
  }, record);
}

function checkIncident(evidence: Evidence, e: Expectation & { equals: object }, ref: string) {
  const wanted = Object.entries(e.equals)
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
    .join(', ');
  const incident = pickIncident(evidence, ref);
  if (!incident) {
    const known = evidence.incidents.map((i) => i.ref).join(', ') || 'none';
    return [
      { pass: false, wanted: `${ref}: ${wanted}`, found: `no such incident (declared: ${known})` },
    ];
  }
  const found = Object.entries(e.equals).map(([key, value]) => {
    const actual = fieldOf(incident, key);
    return { key, actual, pass: actual !== undefined && sameValue(actual, value) };
  });
  return [
    {
      pass: found.every((f) => f.pass),
      wanted: `${incident.ref}: ${wanted}`,
      found: found
        .map(
          (f) =>
            `${f.key} ${f.actual === undefined ? '(no such field)' : JSON.stringify(f.actual)}`,
        )
        .join(', '),
    },
  ];
}

function checkChannel(evidence: Evidence, e: Expectation, reference: string): Check[] {
  const channel = evidence.resolveChannel(reference);
  if ('problem' in channel) {
    return [{ pass: false, wanted: `channel ${reference}`, found: channel.problem }];
  }
  const messages = evidence.channelMessages(channel.id);
  const where = `#${channel.name}`;
  const checks = checkTexts(where, messages, e.contains, e.notContains);
  if (e.count) {
    const { from, min, max } = e.count;
    const fromId = from && from !== 'vigil' ? evidence.userIdOf(from) : undefined;
    const counted = messages.filter(
      (m) => m.isCounted && (from === 'vigil' ? m.isFromVigil : from ? m.userId === fromId : true),
    ).length;
    const range = [min !== undefined && `at least ${min}`, max !== undefined && `at most ${max}`]
      .filter(Boolean)
      .join(' and ');
    checks.push({
      pass: (min === undefined || counted >= min) && (max === undefined || counted <= max),
      wanted: `${range} messages${from ? ` from ${from}` : ''} in ${where}`,
      found: `${counted}`,
    });
  }
  return checks;
}

function checkOne(evidence: Evidence, e: Expectation): Check[] {
  switch (e.target.kind) {
    case 'channel':
      return checkChannel(evidence, e, e.target.channel);
    case 'incident':
      return checkIncident(evidence, { ...e, equals: e.equals ?? {} }, e.target.ref);
    case 'postmortem': {
      const incident = pickIncident(evidence, e.target.ref);
      const markdown = incident ? evidence.postmortems.get(incident.ref) : undefined;
      const name = incident ? `the post-mortem of ${incident.ref}` : 'the post-mortem';
      if (markdown === undefined) {
        const found = incident ? `${incident.ref} has no compiled post-mortem` : 'no such incident';
        return [{ pass: false, wanted: `${name} to exist`, found }];
      }
      return checkTexts(
        name,
        [{ label: 'the post-mortem', text: markdown }],
        e.contains,
        e.notContains,
      );
    }
    case 'reply': {
      const reply = evidence.lastCommandReply;
      if (reply === null) {
        return [
          { pass: false, wanted: 'a reply to the last command', found: 'no command was typed' },
        ];
      }
      const parts = [{ label: 'the reply', text: reply }];
      return checkTexts('the reply to the last command', parts, e.contains, e.notContains);
    }
  }
}

export function checkExpectations(
  evidence: Evidence,
  expectations: Expectation[],
): ExpectationOutcome[] {
  return expectations.map((e) => {
    const checks = checkOne(evidence, e);
    return {
      index: e.index,
      pass: checks.every((c) => c.pass),
      wanted: checks.map((c) => c.wanted).join('; '),
      found: checks.map((c) => c.found).join('; '),
    };
  });
}

export function describeFailure(outcome: ExpectationOutcome): string {
  return `expectation ${outcome.index} failed: wanted ${outcome.wanted}, found ${outcome.found}`;
}
