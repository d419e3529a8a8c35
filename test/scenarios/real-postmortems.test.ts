import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayScenario } from '../../src/replay/runner.js';

// Public post-mortems replayed on fictional clients: the facts (times, detection, mitigation
// order, root cause, impact, actions) are checked by each scenario's own `expect` list.
const realDir = new URL('./real/', import.meta.url).pathname;
const files = readdirSync(realDir)
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('.config.yaml'))
  .sort();
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'vigil-real-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function outDirOf(file: string): string {
  return join(work, file.replace(/\.yaml$/, ''));
}

describe('public post-mortems replayed end to end', () => {
  it('has one scenario per public post-mortem', () => {
    expect(files).toHaveLength(7);
  });

  it.each(files)('%s holds every expectation and compiles its post-mortem', async (file) => {
    const outDir = outDirOf(file);
    const outcome = await replayScenario(join(realDir, file), { outDir, quiet: true });

    expect(outcome.problems).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    const result = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    expect(result.expectations.length).toBeGreaterThanOrEqual(4);
    const [incident] = result.incidents;
    expect(incident.status).toBe('postmortem');
    expect(incident.resolved_at).not.toBeNull();
    // The one source without published corrective actions stays a draft with that gap shown.
    const wanted = file === 'two-wave-timeouts.yaml' ? 'draft' : 'published';
    expect(incident.postmortem.status).toBe(wanted);
    const postmortem = readFileSync(join(outDir, `postmortem-${incident.ref}.md`), 'utf8');
    expect(postmortem).toContain('### Five whys');
  });
});

describe('what the real replays caught and Vigil now gets right', () => {
  // The second wave starts after the first was mitigated: `/incident reopen` says the impact is
  // back, so the client is no longer told "Impact contained" while 45% of requests stall.
  it('tells the client the impact is back when a second wave starts', async () => {
    const outDir = outDirOf('two-wave-timeouts.yaml');
    await replayScenario(join(realDir, 'two-wave-timeouts.yaml'), { outDir, quiet: true });
    const transcript = readFileSync(join(outDir, 'transcript.md'), 'utf8');
    const secondUpdate = transcript.slice(transcript.indexOf('INC-2024-0001: update 2'));
    expect(secondUpdate.slice(0, 200)).not.toContain('Impact contained');
  });

  // An update sent in the very minute it is due is on time, not a breach of 0 minutes.
  it('counts an update sent at its deadline as on time', async () => {
    const outDir = outDirOf('feature-file-flapping.yaml');
    await replayScenario(join(realDir, 'feature-file-flapping.yaml'), { outDir, quiet: true });
    const result = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    expect(result.incidents[0].update_breaches).toBe(0);
  });
});
