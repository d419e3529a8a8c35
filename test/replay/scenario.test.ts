import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/replay/scenario.js';
import { parseAt, resolveAt } from '../../src/replay/scenario-time.js';

const base = `
name: unit
start: 2026-05-26T14:30:00+02:00
workspace:
  users: [{id: dana}, {id: lee, external: true}]
  channels: [{name: incidents}]
`;

const parse = (body: string) => parseScenario(`${base}${body}`, 'unit.yaml');

describe('parseScenario', () => {
  it('reads every step kind of the contract', () => {
    const scenario = parse(`steps:
  - {command: "/incident p1 CRM timeouts", in: incidents}
  - {submit: {title: x, severity: P1}}
  - {cancel: true}
  - {click: Resolve, in: $incident}
  - {say: hello, in: incidents, as: lee}
  - {reply: ack, to: 2}
  - {edit: fixed, message: last}
  - {delete: last}
  - {react: eyes, message: last}
  - {alert: alert.json, format: grafana}
  - {advance: 1h30m}
  - {restart: true}
  - {fault: {method: chat.postMessage, error: ratelimited, times: 2}}
  - {redeliver: last}
  - {at: "+5m", say: later}
`);

    expect(scenario.steps.map((s) => s.kind)).toEqual([
      'command',
      'submit',
      'cancel',
      'click',
      'say',
      'reply',
      'edit',
      'delete',
      'react',
      'alert',
      'advance',
      'restart',
      'fault',
      'redeliver',
      'say',
    ]);
    expect(scenario.steps[0]).toMatchObject({ command: '/incident', text: 'p1 CRM timeouts' });
    expect(scenario.steps[5]).toMatchObject({ to: { kind: 'last', nth: 2 } });
    expect(scenario.steps[10]).toMatchObject({ ms: 90 * 60_000 });
    expect(scenario.steps[12]).toMatchObject({
      fault: { method: 'chat.postMessage', times: 2, retryAfterSeconds: 1 },
    });
    expect(scenario.offsetMinutes).toBe(120);
    expect(scenario.startAt.toISOString()).toBe('2026-05-26T12:30:00.000Z');
  });

  it('names the step and the known actions for a misspelt action', () => {
    expect(() => parse('steps:\n  - {say: hi}\n  - {clik: Resolve}\n')).toThrow(
      /^step 2: unknown action "clik"; expected one of command, submit, cancel, click/,
    );
  });

  it('refuses two actions in one step and keys an action does not take', () => {
    expect(() => parse('steps:\n  - {say: hi, reply: yo}\n')).toThrow(
      'step 1: one action per step, got say and reply',
    );
    expect(() => parse('steps:\n  - {say: hi, to: last}\n')).toThrow(
      'step 1: "say" does not take "to"; it takes at, as, in, files',
    );
  });

  it('refuses an unknown acting user and a malformed time', () => {
    expect(() => parse('steps:\n  - {say: hi, as: bob}\n')).toThrow(
      'step 1: as: unknown user "bob"; users are dana, lee',
    );
    expect(() => parse('steps:\n  - {say: hi, at: soon}\n')).toThrow(
      /^step 1: at: expected "14:37"/,
    );
  });

  it('refuses a start without an offset', () => {
    expect(() => parseScenario(base.replace('+02:00', ''), 'unit.yaml')).toThrow(
      /^start: expected an ISO time with offset/,
    );
  });

  it('reads every expectation kind and refuses one with nothing to check', () => {
    const scenario = parse(`expect:
  - {channel: incidents, contains: "INC-"}
  - {channel: $incident, count: {from: vigil, min: 1}}
  - {incident: last, equals: {severity: P1}}
  - {postmortem: INC-2026-0001, contains: [Five whys]}
  - {reply_to: last_command, not_contains: error}
`);
    expect(scenario.expectations.map((e) => e.target.kind)).toEqual([
      'channel',
      'channel',
      'incident',
      'postmortem',
      'reply',
    ]);
    expect(() => parse('expect:\n  - {channel: incidents}\n')).toThrow(/^expectation 0: /);
  });
});

describe('scenario time', () => {
  const now = new Date('2026-05-26T12:30:00Z');

  it('places a time of day on the clock day in the start offset', () => {
    const spec = parseAt('14:37');
    expect(typeof spec).not.toBe('string');
    expect(resolveAt(spec as never, now, 120).toISOString()).toBe('2026-05-26T12:37:00.000Z');
  });

  it('adds relative times and reads full ISO times as given', () => {
    expect(resolveAt(parseAt('+2h') as never, now, 120).toISOString()).toBe(
      '2026-05-26T14:30:00.000Z',
    );
    expect(resolveAt(parseAt('2026-05-27T09:00:00Z') as never, now, 120).toISOString()).toBe(
      '2026-05-27T09:00:00.000Z',
    );
    expect(resolveAt(parseAt('2026-05-27T09:00') as never, now, 120).toISOString()).toBe(
      '2026-05-27T07:00:00.000Z',
    );
  });
});
