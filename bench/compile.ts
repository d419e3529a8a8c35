import { compilePostmortem } from '../src/postmortem/compile.js';
import { loadRecord } from '../src/postmortem/record.js';
import {
  type BenchResult,
  declareThroughSlack,
  type Figure,
  fmtMs,
  fmtRatio,
  isMain,
  median,
  runMain,
  say,
  startWorld,
} from './lib.js';
import { cloneIncidents, insertMessages, insertTimeline } from './seed.js';

const timelineEntries = 500;

function timed(repeats: number, work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function runCompile(smoke = false): Promise<BenchResult> {
  const sizes = smoke ? [100, 1_000] : [1_000, 10_000, 100_000];
  const world = await startWorld();
  try {
    const app = world.app!;
    const template = await declareThroughSlack(world, 'Compile bench incident');
    const ctx = app.deps.ctx;
    const people = { nameOf: (userId: string) => `Person ${userId}` };
    const startMs = template.declaredAt.getTime();
    const ids = cloneIncidents(world.sqlite, template.id, sizes.length, 'compile');
    const rawRead = world.sqlite.prepare('select * from messages where incident_id = ?');
    const data: Record<string, number> = {};
    const figures: Figure[] = [];
    const seedStarted = performance.now();
    sizes.forEach((size, i) => {
      insertMessages(world.sqlite, ids[i]!, `CBENCH${i}`, size, startMs);
      insertTimeline(world.sqlite, ids[i]!, timelineEntries, startMs);
    });
    world.sqlite.pragma('optimize');
    say(
      `compile: seeded ${sizes.join(' / ')} messages in ${fmtMs(performance.now() - seedStarted)}`,
    );
    sizes.forEach((size, i) => {
      const id = ids[i]!;
      const repeats = size >= 100_000 ? 5 : 15;
      const compileMs = timed(repeats, () => {
        const record = loadRecord(ctx, id, { isRecordPartial: false, postmortemDueAt: null });
        const compiled = compilePostmortem(record, people);
        if (record.messages.total !== size || compiled.markdown.length === 0) {
          throw new Error(`compile of ${size} messages saw ${record.messages.total}`);
        }
      });
      const readMs = timed(repeats, () => rawRead.all(id));
      data[`compileMs${size}`] = compileMs;
      data[`rawReadMs${size}`] = readMs;
      const isGoal = size === 10_000;
      figures.push({
        figure: `compile, ${size.toLocaleString('en')} msgs + ${timelineEntries} entries`,
        measured: fmtMs(compileMs),
        baseline: `${fmtMs(readMs)} raw read`,
        ratio: fmtRatio(compileMs / readMs),
        goal: isGoal ? '≤ 300 ms' : '—',
        met: isGoal ? compileMs <= 300 : null,
      });
    });
    for (let i = 1; i < sizes.length; i++) {
      const growth = data[`compileMs${sizes[i]}`]! / data[`compileMs${sizes[i - 1]}`]!;
      data[`growth${sizes[i]}`] = growth;
      figures.push({
        figure:
          `compile growth ${sizes[i - 1]!.toLocaleString('en')}→` +
          `${sizes[i]!.toLocaleString('en')}`,
        measured: fmtRatio(growth),
        baseline: `${fmtRatio(sizes[i]! / sizes[i - 1]!)} data`,
        ratio: fmtRatio(growth / (sizes[i]! / sizes[i - 1]!)),
        goal: '≤ linear',
        met: growth <= (sizes[i]! / sizes[i - 1]!) * 1.2,
      });
    }
    return { name: 'Post-mortem compile', figures, data };
  } finally {
    await world.stop();
  }
}

if (isMain(import.meta.url)) await runMain(runCompile);
