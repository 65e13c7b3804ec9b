// Per-job overhead of the scheduler against p-map: spawn + wait of no-op jobs with limit 100 (and the default
// pending limit, so spawning meets back-pressure), against p-map at concurrency 100 on the same no-op.
import pMap from 'p-map';
import { Scheduler } from '../../src/scheduler/index.js';
import { type BenchCase, type BenchRow, bestOfInterleaved } from '../harness.js';

const LIMIT = 100;

type Runner = (count: number) => Promise<number>;

const noop = async (): Promise<void> => {};
// A job that declares the signal parameter is given a fresh AbortSignal, which on Node 20 costs more than the rest
// of the job; measured apart so the table shows it rather than hides it.
const noopTakingSignal = async (_signal: AbortSignal): Promise<void> => {};

async function spawnAndWait(count: number, job: (signal: AbortSignal) => Promise<void>): Promise<number> {
  const scheduler = new Scheduler({ limit: LIMIT });
  const results: Promise<void>[] = [];
  for (let i = 0; i < count; i++) results.push((await scheduler.spawn(job)).wait());
  const settled = (await Promise.all(results)).length;
  await scheduler.close();
  return settled;
}

// Each runner resolves to how many results it produced, checked against the job count so that a runner which
// silently dropped work cannot look fast.
const runners = {
  scheduler: (count) => spawnAndWait(count, noop),
  'scheduler, job takes signal': (count) => spawnAndWait(count, noopTakingSignal),
  'p-map': async (count) => (await pMap(Array.from({ length: count }), noop, { concurrency: LIMIT })).length,
} satisfies Record<string, Runner>;

type RunnerName = keyof typeof runners;

const scheduler: BenchCase = {
  name: 'scheduler',
  async run({ quick }) {
    const jobCount = quick ? 2_000 : 100_000;
    const rounds = quick ? 1 : 9;
    const names = Object.keys(runners) as RunnerName[];

    const best = await bestOfInterleaved(
      Object.fromEntries(names.map((name) => [name, () => runners[name](jobCount)])) as Record<
        RunnerName,
        () => Promise<number>
      >,
      rounds,
      jobCount,
    );

    const ratio = (name: RunnerName, target?: { text: string; ok: (value: number) => boolean }): BenchRow => {
      const value = best[name] / best['p-map'];
      const row: BenchRow = { case: 'scheduler', metric: `${name} / p-map`, value };
      if (target !== undefined) {
        row.target = target.text;
        row.ok = target.ok(value);
      }
      return row;
    };
    const perJob = (name: RunnerName): BenchRow => ({
      case: 'scheduler',
      metric: `${name}, per job`,
      value: (best[name] * 1e6) / jobCount,
      unit: 'ns',
    });

    return [
      ratio('scheduler', { text: '<= 2.00', ok: (value) => value <= 2 }),
      ratio('scheduler, job takes signal'),
      ...names.map(perJob),
    ];
  },
};

export default scheduler;
