// Per-job overhead of the scheduler: spawn + wait of no-op jobs with limit 100 (and the default pending limit, so
// spawning meets back-pressure), against p-map at concurrency 100 on the same no-op, and against aiojobs (Python)
// on the same workload when its source is at hand: `AIOJOBS_SRC=/dir/holding/aiojobs npm run bench -- scheduler`.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pMap from 'p-map';
import { type JobFunction, Scheduler } from '../../src/scheduler/index.js';
import { type BenchCase, type BenchRow, bestOfInterleaved, type RunnerResult } from '../harness.js';

const LIMIT = 100;
const AIOJOBS_SCRIPT = fileURLToPath(new URL('../aiojobs-spawn-wait.py', import.meta.url));

type Runner = (count: number) => Promise<RunnerResult>;

const noop = async (): Promise<void> => {};
// A job that reads its signal makes the scheduler build an AbortSignal, which on Node 20 costs more than the rest
// of the job; measured apart so the table shows it rather than hides it.
const noopReadingSignal: JobFunction<void> = async ({ signal }) => {
  signal.aborted;
};

async function spawnAndWait(count: number, job: JobFunction<void>): Promise<number> {
  const scheduler = new Scheduler({ limit: LIMIT });
  const results: Promise<void>[] = [];
  for (let i = 0; i < count; i++) results.push((await scheduler.spawn(job)).wait());
  const settled = (await Promise.all(results)).length;
  await scheduler.close();
  return settled;
}

/** The same workload on aiojobs, in python3, timed by the Python script itself (the process start left out). */
async function aiojobsSpawnAndWait(source: string, count: number): Promise<RunnerResult> {
  // Run from the temporary directory, with aiojobs found through PYTHONPATH: nothing of it lands in the project.
  const { stdout } = await promisify(execFile)('python3', [AIOJOBS_SCRIPT, String(count)], {
    cwd: tmpdir(),
    env: { ...process.env, PYTHONPATH: source, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const { jobs, ms } = JSON.parse(stdout) as { jobs: number; ms: number };
  return { produced: jobs, elapsed: ms };
}

const scheduler: BenchCase = {
  name: 'scheduler',
  async run({ quick }) {
    const jobCount = quick ? 2_000 : 100_000;
    const aiojobsSource = process.env.AIOJOBS_SRC;
    // An aiojobs round takes seconds: fewer rounds when it takes part.
    const rounds = quick ? 1 : aiojobsSource ? 5 : 9;
    // Each runner resolves to how many results it produced, checked against the job count so that a runner which
    // silently dropped work cannot look fast.
    const runners: Record<string, Runner> = {
      scheduler: (count) => spawnAndWait(count, noop),
      'scheduler, job reads signal': (count) => spawnAndWait(count, noopReadingSignal),
      'p-map': async (count) =>
        (await pMap(Array.from({ length: count }), noop, { concurrency: LIMIT })).length,
      // What the signal costs by itself: the gap between the two scheduler rows, measured on its own.
      'new AbortController().signal': async (count) => {
        let made = 0;
        for (let i = 0; i < count; i++) if (!new AbortController().signal.aborted) made++;
        return made;
      },
    };
    if (aiojobsSource) runners.aiojobs = (count) => aiojobsSpawnAndWait(aiojobsSource, count);
    else
      process.stderr.write(
        '  (aiojobs left out: set AIOJOBS_SRC to a directory holding its aiojobs/ package)\n',
      );
    const names = Object.keys(runners);

    const best = await bestOfInterleaved(
      Object.fromEntries(names.map((name) => [name, () => (runners[name] as Runner)(jobCount)])),
      rounds,
      jobCount,
    );
    const time = (name: string) => best[name] as number;

    const row = (metric: string, value: number, target?: string, ok?: boolean): BenchRow => {
      const result: BenchRow = { case: 'scheduler', metric, value };
      if (target !== undefined && ok !== undefined) {
        result.target = target;
        result.ok = ok;
      }
      return result;
    };
    const overPMap = (name: string) => time(name) / time('p-map');
    const rows = [
      row('scheduler / p-map', overPMap('scheduler'), '<= 2.00', overPMap('scheduler') <= 2),
      row('scheduler, job reads signal / p-map', overPMap('scheduler, job reads signal')),
    ];
    if (aiojobsSource) {
      const cheaper = (name: string) => time('aiojobs') / time(name);
      rows.push(
        row('aiojobs / scheduler', cheaper('scheduler'), '>= 10', cheaper('scheduler') >= 10),
        // No target: on Node 20 the AbortSignal alone costs a sizeable part of an aiojobs job (docs/scheduler.md).
        row('aiojobs / scheduler, job reads signal', cheaper('scheduler, job reads signal')),
      );
    }
    for (const name of names) {
      rows.push({
        case: 'scheduler',
        metric: `${name}, ${name.startsWith('new AbortController') ? 'each' : 'per job'}`,
        value: (time(name) * 1e6) / jobCount,
        unit: 'ns',
      });
    }
    return rows;
  },
};

export default scheduler;
