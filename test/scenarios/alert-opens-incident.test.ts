import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replayScenario } from '../../src/replay/runner.js';

describe('the alert-opens-incident scenario', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'vigil-alert-scenario-'));
  afterEach(() => rmSync(outDir, { recursive: true, force: true }));

  it('opens one incident from a resent alert and fills "Alert fired" in the post-mortem', async () => {
    const outcome = await replayScenario(resolve('test/scenarios/alert-opens-incident.yaml'), {
      outDir,
      quiet: true,
    });

    expect(outcome.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.result!.incidents).toHaveLength(1);
    const transcript = readFileSync(outcome.files.transcript!, 'utf8');
    expect(transcript.match(/Alert fired: \*ChatProbeFailure\*/g)).toHaveLength(1);
    const postmortem = readFileSync(outcome.files.postmortems![0]!, 'utf8');
    expect(postmortem).toContain('| Alert fired | Tue 26 May 2026, 14:27 CEST |');
  });
});
