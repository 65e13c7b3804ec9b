// Per-task overhead of the fan-out helpers against p-map, p-limit and bare Promise.all, on no-op tasks at
// concurrency 16, so that what is measured is the scheduling and not the work.
import pLimit from 'p-limit';
import pMap from 'p-map';
import { asCompleted, gather } from '../../src/fanout/index.js';
import { type BenchCase, type BenchRow, bestOfInterleaved } from '../harness.js';

const CONCURRENCY = 16;

type NoopTask = () => Promise<void>;
type Runner = (tasks: readonly NoopTask[]) => Promise<number>;

// Each runner resolves to how many results it produced, checked against the task count so that a runner which
// silently dropped work cannot look fast.
const runners = {
  gather: async (tasks) => (await gather(tasks, { concurrency: CONCURRENCY })).length,
  // The same, paying for per-task bookkeeping: a skip predicate and a progress listener (both doing nothing).
  'gather+options': async (tasks) =>
    (await gather(tasks, { concurrency: CONCURRENCY, skip: () => false, onProgress: () => {} })).length,
  asCompleted: async (tasks) => {
    let count = 0;
    for await (const _ of asCompleted(tasks, { concurrency: CONCURRENCY })) count++;
    return count;
  },
  'p-map': async (tasks) => (await pMap(tasks, (task) => task(), { concurrency: CONCURRENCY })).length,
  'p-limit': async (tasks) => {
    const limit = pLimit(CONCURRENCY);
    return (await Promise.all(tasks.map((task) => limit(task)))).length;
  },
  'Promise.all': async (tasks) => (await Promise.all(tasks.map((task) => task()))).length,
} satisfies Record<string, Runner>;

type RunnerName = keyof typeof runners;

const fanout: BenchCase = {
  name: 'fanout',
  async run({ quick }) {
    const taskCount = quick ? 2_000 : 100_000;
    const rounds = quick ? 1 : 9;
    const noop: NoopTask = () => Promise.resolve();
    const tasks = Array.from({ length: taskCount }, () => noop);
    const names = Object.keys(runners) as RunnerName[];

    const best = await bestOfInterleaved(
      Object.fromEntries(names.map((name) => [name, () => runners[name](tasks)])) as Record<
        RunnerName,
        () => Promise<number>
      >,
      rounds,
      taskCount,
    );

    const ratio = (
      name: RunnerName,
      baseline: RunnerName,
      target?: { text: string; ok: (value: number) => boolean },
    ) => {
      const value = best[name] / best[baseline];
      const row: BenchRow = { case: 'fanout', metric: `${name} / ${baseline}`, value };
      if (target !== undefined) {
        row.target = target.text;
        row.ok = target.ok(value);
      }
      return row;
    };
    const withinPMap = { text: '<= 1.50', ok: (value: number) => value <= 1.5 };
    const fasterThanPLimit = { text: '< 1', ok: (value: number) => value < 1 };
    const perTask = (name: RunnerName): BenchRow => ({
      case: 'fanout',
      metric: `${name}, per task`,
      value: (best[name] * 1e6) / taskCount,
      unit: 'ns',
    });

    return [
      ratio('gather', 'p-map', withinPMap),
      ratio('gather', 'p-limit', fasterThanPLimit),
      ratio('asCompleted', 'p-map', withinPMap),
      ratio('asCompleted', 'p-limit', fasterThanPLimit),
      ratio('gather+options', 'p-map'),
      ratio('gather', 'Promise.all'),
      ratio('asCompleted', 'Promise.all'),
      ...names.map(perTask),
    ];
  },
};

export default fanout;
