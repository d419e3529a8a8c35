import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replayScenario } from '../../src/replay/runner.js';

describe('the P1 cadence scenario', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'vigil-p1-cadence-'));
  afterEach(() => rmSync(outDir, { recursive: true, force: true }));

  it('replays two on-time updates, a missed one and a resolution with a clean client channel', async () => {
    const outcome = await replayScenario(resolve('test/scenarios/p1-cadence.yaml'), {
      outDir,
      quiet: true,
    });
    expect(outcome.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    const [incident] = outcome.result!.incidents;
    expect(incident!.first_contact_at).toBe('2026-05-26T12:38:00.000Z');
    const transcript = readFileSync(outcome.files.transcript!, 'utf8');
    const start = transcript.indexOf('acme-support');
    const end = transcript.indexOf('\n## ', start);
    const client = transcript.slice(start, end < 0 ? undefined : end);
    expect(client.match(/^- \d\d:\d\d \*\*Vigil\*\*/gm)).toHaveLength(4);
    expect(client).toContain('Resolved at 15:50');
    expect(client).not.toContain('crm-proxy-7');
  });
});
