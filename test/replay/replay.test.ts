import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayScenario } from '../../src/replay/runner.js';

const scenariosDir = new URL('../../scenarios/', import.meta.url).pathname;
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vigil-replay-test-'));
  copyFileSync(join(scenariosDir, 'demo.config.yaml'), join(work, 'demo.config.yaml'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const header = `
name: small
start: 2026-05-26T14:30:00+02:00
config: demo.config.yaml
workspace:
  users:
    - {id: dana, name: Dana Ops}
    - {id: sam, name: Sam Engineer}
    - {id: lee, name: Lee Client, external: true}
  usergroups:
    - {handle: ai-oncall, members: [sam]}
  channels:
    - {name: incidents}
    - {name: acme-support, shared: true, members: [lee]}
`;

const declare = `
  - command: "/incident p1 CRM lookups time out"
    in: incidents
  - submit: {type: integration, client: acme, deployment: acme-chat, detected_by: monitoring}
`;

function scenarioFile(name: string, body: string): string {
  const path = join(work, `${name}.yaml`);
  writeFileSync(path, `${header}${body}`);
  return path;
}

function replay(name: string, body: string) {
  return replayScenario(scenarioFile(name, body), { outDir: join(work, 'out', name), quiet: true });
}

describe('replaying the bundled demo', () => {
  it('holds every expectation and writes the incident and client channels as they read', async () => {
    const outDir = join(work, 'out', 'demo');
    const outcome = await replayScenario(join(scenariosDir, 'demo.yaml'), { outDir, quiet: true });

    expect(outcome.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    const transcript = readFileSync(join(outDir, 'transcript.md'), 'utf8');
    expect(transcript).toContain('## #incidents');
    expect(transcript).toContain('## #acme-support (Slack Connect)');
    expect(transcript).toMatch(/## #inc-2026-0001-chat-assistant-slow-crm-lookups-timing-out/);
    expect(transcript).toMatch(/- 14:43 \*\*Vigil\*\* \(edited\): .*INC-2026-0001/);
    expect(transcript).toMatch(/\n {2}- 15:09 \*\*Dana Ops\*\*: Good find/);
    expect(transcript).toContain('*Next update:* by Tue 26 May 2026, 15:20 CEST');
    expect(transcript).toMatch(/- 2026-05-27 11:20 \*\*Vigil\*\*: Post-mortem: INC-2026-0001/);
    expect(transcript).toContain('*Follow-up review of INC-2026-0001*: 1 of 3 actions done');
    const postmortem = readFileSync(join(outDir, 'postmortem-INC-2026-0001.md'), 'utf8');
    expect(postmortem).toContain('| First client contact | Tue 26 May 2026, 14:50 CEST |');
    expect(postmortem).toContain('time to first client contact 7 min');
    const result = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    expect(result.incidents[0]).toMatchObject({
      ref: 'INC-2026-0001',
      severity: 'P1',
      status: 'followed_up',
      client_updates: 3,
      update_breaches: 0,
      postmortem: { status: 'published', on_time: true },
    });
    expect(result.expectations).toHaveLength(6);
    const log = readFileSync(join(outDir, 'vigil.log'), 'utf8');
    expect(log.match(/"msg":"vigil ready"/g)).toHaveLength(2);
    expect(log).toContain('rate limit was exceeded');
  });
});

describe('scenarios that cannot be played', () => {
  it('exits 2 naming the step of an unknown action', async () => {
    const outcome = await replay(
      'typo',
      `steps:\n  - say: hello\n    in: incidents\n  - clik: Resolve\n`,
    );

    expect(outcome.exitCode).toBe(2);
    expect(outcome.problems.join('\n')).toMatch(
      /^step 2: unknown action "clik"; expected one of command, submit/,
    );
  });

  it('exits 2 when a step submits a modal nobody opened', async () => {
    const outcome = await replay(
      'no-modal',
      `steps:\n  - say: hi\n    in: incidents\n  - submit: {title: x}\n`,
    );

    expect(outcome.exitCode).toBe(2);
    expect(outcome.problems).toEqual([
      'step 2: "submit" needs an open modal for dana, but none is open',
    ]);
  });

  it('exits 2 naming the label and the buttons that exist when a click finds nothing', async () => {
    const outcome = await replay('no-button', `steps:${declare}  - click: Publish to client\n`);

    expect(outcome.exitCode).toBe(2);
    const problem = outcome.problems.join('\n');
    expect(problem).toMatch(/^step 3: no button "Publish to client"/);
    expect(problem).toContain('Change severity');
  });

  it('exits 2 when a step would move time backwards', async () => {
    const body = `steps:
  - {at: "15:00", say: late, in: incidents}
  - {at: "14:45", say: early, in: incidents}
`;
    const outcome = await replay('backwards', body);

    expect(outcome.exitCode).toBe(2);
    expect(outcome.problems[0]).toBe(
      'step 2: 14:45 is before the clock (15:00); time never goes backwards',
    );
  });

  it('exits 2 naming an alert file it cannot read', async () => {
    const outcome = await replay(
      'alert',
      `steps:\n  - alert: alert.json\n    format: alertmanager\n`,
    );

    expect(outcome.exitCode).toBe(2);
    expect(outcome.problems[0]).toMatch(/^step 1: cannot read alert\.json as JSON \(ENOENT/);
  });

  it('exits 2 listing each config problem', async () => {
    writeFileSync(join(work, 'broken.config.yaml'), 'announce_channel: incidents\noncall: {}\n');
    const path = join(work, 'broken-config.yaml');
    writeFileSync(path, header.replace('demo.config.yaml', 'broken.config.yaml'));
    const outcome = await replayScenario(path, {
      outDir: join(work, 'out', 'broken'),
      quiet: true,
    });

    expect(outcome.exitCode).toBe(2);
    expect(outcome.problems[0]).toMatch(/broken\.config\.yaml has problems:$/);
    expect(outcome.problems.slice(1).join('\n')).toMatch(/clients/);
  });

  it('exits 2 when a config name does not resolve in the scenario workspace', async () => {
    const path = join(work, 'missing-user.yaml');
    writeFileSync(path, header.replace(/lee/g, 'leo'));
    const outcome = await replayScenario(path, {
      outDir: join(work, 'out', 'missing'),
      quiet: true,
    });

    expect(outcome.exitCode).toBe(2);
    expect(outcome.problems.join('\n')).toContain('technical_lead');
  });
});

describe('expectations', () => {
  it('exits 1 and says what was found when an expectation does not hold', async () => {
    const body = `steps:${declare}expect:
  - incident: last
    equals: {severity: P3}
  - channel: incidents
    contains: "INC-2026-0001"
`;
    const outcome = await replay('failing', body);

    expect(outcome.exitCode).toBe(1);
    expect(outcome.problems).toEqual([
      'expectation 0 failed: wanted INC-2026-0001: severity "P3", found severity "P1"',
    ]);
    expect(outcome.result?.expectations.map((e) => e.pass)).toEqual([false, true]);
  });

  it('reads the answer to the last command, including refused modal fields', async () => {
    const body = `steps:
  - command: "/incident p1 Lookups fail"
    in: incidents
  - submit: {title: "!!!", type: integration, client: acme, deployment: acme-chat}
  - cancel: true
expect:
  - reply_to: last_command
    contains: "the title needs at least one word"
  - channel: incidents
    count: {from: vigil, max: 0}
`;
    const outcome = await replay('refused', body);

    expect(outcome.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.refusedForms).toEqual([
      expect.stringMatching(/^step 2: the "Declare an incident" form was refused — title: /),
    ]);
  });

  it('finds channels by $incident:REF and reports a ref nobody declared', async () => {
    const body = `steps:${declare}  - say: on it
    in: $incident:INC-2026-0001
    as: sam
expect:
  - channel: $incident:INC-2026-0001
    count: {from: sam, min: 1, max: 1}
  - channel: $incident:INC-2026-0009
    contains: anything
`;
    const outcome = await replay('by-ref', body);

    expect(outcome.exitCode).toBe(1);
    expect(outcome.problems).toEqual([
      'expectation 1 failed: wanted channel $incident:INC-2026-0009, ' +
        'found no incident INC-2026-0009 has been declared',
    ]);
  });

  it('runs jobs that fall due while time advances, in order', async () => {
    const body = `steps:${declare}  - advance: 16m
expect:
  - channel: $incident
    contains: ["first client contact", "was due"]
  - incident: last
    equals: {update_breaches: 1, status: investigating}
`;
    const outcome = await replay('advance', body);

    expect(outcome.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
  });
});
