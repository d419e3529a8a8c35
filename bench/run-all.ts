import { runAck } from './ack.js';
import { runCompile } from './compile.js';
import { runDeclare } from './declare.js';
import { runIngest } from './ingest.js';
import { type BenchResult, type Figure, isMain, isSmoke, renderTable, say } from './lib.js';
import { runMemory } from './memory.js';
import { runScheduler } from './scheduler.js';

export const benchmarks: Array<[string, (smoke: boolean) => Promise<BenchResult>]> = [
  ['ack', runAck],
  ['declare', runDeclare],
  ['ingest', runIngest],
  ['compile', runCompile],
  ['scheduler', runScheduler],
  ['memory', runMemory],
];

/** Runs every benchmark in turn and prints one table; a failing one is reported, not fatal. */
export async function runAll(smoke: boolean): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [name, run] of benchmarks) {
    const started = performance.now();
    try {
      const result = await run(smoke);
      figures.push(...result.figures);
      say(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      say(`${name}: failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
      figures.push({
        figure: name,
        measured: 'failed',
        baseline: '—',
        ratio: '—',
        goal: '—',
        met: false,
      });
    }
  }
  return figures;
}

if (isMain(import.meta.url)) {
  const smoke = isSmoke();
  const figures = await runAll(smoke);
  say(`\nVigil benchmarks${smoke ? ' (smoke sizes: the numbers mean nothing)' : ''}`);
  say(renderTable(figures));
}
