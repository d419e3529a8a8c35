import { describe, expect, it } from 'vitest';
import { runAck } from '../../bench/ack.js';
import { runCompile } from '../../bench/compile.js';
import { runDeclare } from '../../bench/declare.js';
import { runIngest } from '../../bench/ingest.js';
import type { BenchResult } from '../../bench/lib.js';
import { runMemory } from '../../bench/memory.js';
import { runScheduler } from '../../bench/scheduler.js';

// Smoke sizes only keep the benchmarks working: no timing is asserted, only that each one runs
// to the end and reports finite, positive numbers and a full table row per figure.
function expectSane(result: BenchResult) {
  expect(result.figures.length).toBeGreaterThan(0);
  for (const figure of result.figures) {
    expect(figure.measured).not.toMatch(/NaN|undefined|failed/);
    expect(figure.baseline).not.toMatch(/NaN|undefined/);
  }
  for (const [key, value] of Object.entries(result.data)) {
    expect(Number.isFinite(value), key).toBe(true);
    expect(value, key).toBeGreaterThanOrEqual(0);
  }
}

describe('benchmarks at smoke size', { timeout: 120_000 }, () => {
  // Whether every request beats Slack's three seconds depends on the machine's load, so the
  // smoke run only checks that signed requests reach both apps and get answers.
  it('acknowledgement overhead gets answers from both apps', async () => {
    const result = await runAck(true);
    expectSane(result);
    expect(result.data.commandSamples).toBeGreaterThan(0);
    expect(result.data.commandFailures).toBeLessThan(result.data.commandSamples!);
    expect(result.data.buttonFailures).toBeLessThan(result.data.buttonSamples!);
  });

  it('declare finds the critical path of the setup calls', async () => {
    const result = await runDeclare(true);
    expectSane(result);
    expect(result.data.depth).toBeGreaterThanOrEqual(2);
    expect(result.data.depth).toBeLessThanOrEqual(result.data.callsAt100!);
  });

  it('ingest stores every event it was sent', async () => {
    const result = await runIngest(true);
    expectSane(result);
    expect(result.data.lost).toBe(0);
    expect(result.data.stored).toBe(result.data.events);
  });

  it('compile reads every stored message', async () => {
    expectSane(await runCompile(true));
  });

  it('the scheduler sends every reminder', async () => {
    const result = await runScheduler(true);
    expectSane(result);
    expect(result.data.remindersSent).toBe(5);
  });

  it('memory starts the app on an idle and a loaded database', async () => {
    const result = await runMemory(true);
    expectSane(result);
    expect(result.data.messages).toBe(10_000);
  });
});
