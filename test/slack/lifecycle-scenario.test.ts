import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { replayScenario } from '../../src/replay/runner.js';

it('replays declaration to published post-mortem and follow-up with the expected client channel', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'vigil-lifecycle-'));
  try {
    const outcome = await replayScenario(resolve('test/scenarios/lifecycle-full.yaml'), {
      outDir,
      quiet: true,
    });
    expect(outcome.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    const incident = outcome.result!.incidents[0]!;
    expect(incident.postmortem).toMatchObject({ status: 'published', on_time: true });
    expect(incident.status).toBe('closed');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}, 60_000);
