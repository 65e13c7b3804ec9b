// The invariants aiojobs breaks (see the behaviour reference, §2.4, §2.6, §3.2 and §2.9) and we keep.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type Job,
  JobCancelledError,
  type RunningJob,
  Scheduler,
  SchedulerClosedError,
} from '../../src/scheduler/index.js';
import { deferred, endOfTurn, nextTurn, until, untilAborted } from '../helpers/async.js';
import { recordUnhandledRejections } from '../helpers/unhandled.js';

const unhandledRejections = recordUnhandledRejections();

const schedulers: Scheduler[] = [];
function makeScheduler(options: ConstructorParameters<typeof Scheduler>[0]): Scheduler {
  const scheduler = new Scheduler(options);
  schedulers.push(scheduler);
  return scheduler;
}

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.close()));
  await nextTurn();
  vi.restoreAllMocks();
  expect(unhandledRejections.splice(0)).toEqual([]);
});

/** Counts how many of the functions it wraps are running at once. */
function concurrencyProbe() {
  const probe = {
    running: 0,
    most: 0,
    track<T>(work: (job: RunningJob) => Promise<T>) {
      return async (job: RunningJob): Promise<T> => {
        probe.running++;
        probe.most = Math.max(probe.most, probe.running);
        try {
          return await work(job);
        } finally {
          probe.running--;
        }
      };
    },
  };
  return probe;
}

/** A small seeded generator, so that the stress test is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('running jobs never exceed the limit', () => {
  it('when a pending job is closed (aiojobs starts the next one too)', async () => {
    const scheduler = makeScheduler({ limit: 1 });
    const probe = concurrencyProbe();
    const gate1 = deferred();
    const gate3 = deferred();
    const job1 = await scheduler.spawn(probe.track(() => gate1.promise));
    const job2 = await scheduler.spawn(probe.track(({ signal }) => untilAborted(signal)));
    const job3 = await scheduler.spawn(probe.track(() => gate3.promise));
    await nextTurn();

    await job2.close();
    await nextTurn();
    expect(scheduler.activeCount).toBe(1);
    expect(scheduler.pendingCount).toBe(1);
    expect(job3.pending).toBe(true);
    expect(probe.running).toBe(1);

    gate1.resolve();
    await job1.wait();
    expect(job3.active).toBe(true);
    gate3.resolve();
    await job3.wait();
    expect(probe.most).toBe(1);
  });

  it('when a running job outlives its close timeout: it keeps its slot until it settles', async () => {
    const scheduler = makeScheduler({ limit: 1 });
    const probe = concurrencyProbe();
    const release = deferred();
    const stubborn = await scheduler.spawn(
      probe.track(async ({ signal }) => {
        await untilAborted(signal);
        await release.promise;
      }),
    );
    const next = await scheduler.spawn(probe.track(async () => 'next'));
    await nextTurn();
    await expect(stubborn.close({ timeout: 5 })).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(stubborn.wait({ timeout: 5 })).rejects.toMatchObject({ name: 'TimeoutError' });
    await nextTurn();
    expect(next.pending).toBe(true);
    expect(scheduler.activeCount).toBe(1);
    release.resolve();
    expect(await next.wait()).toBe('next');
    expect(probe.most).toBe(1);
  });

  it('under a random mix of spawns, closes, timeouts and failures', async () => {
    const limit = 4;
    const random = seededRandom(20_240_521);
    const scheduler = makeScheduler({ limit, pendingLimit: 8, closeTimeout: 5, exceptionHandler: () => {} });
    const probe = concurrencyProbe();
    let sawTooMany = false;
    const jobs: Job<unknown>[] = [];
    for (let i = 0; i < 300; i++) {
      const turns = Math.floor(random() * 4);
      const ignoresAbort = random() < 0.1;
      const fails = random() < 0.1;
      const job = await scheduler.spawn(
        probe.track(async ({ signal }) => {
          if (scheduler.activeCount > limit || probe.running > limit) sawTooMany = true;
          for (let turn = 0; turn < turns && (ignoresAbort || !signal.aborted); turn++) await nextTurn();
          if (fails) throw new Error('random failure');
        }),
      );
      jobs.push(job);
      const action = random();
      const victim = jobs[Math.floor(random() * jobs.length)];
      if (action < 0.1) void victim?.close().catch(() => {});
      else if (action < 0.15) void victim?.wait({ timeout: Math.floor(random() * 2) }).catch(() => {});
    }
    await Promise.all(jobs.map((job) => job.wait().catch(() => {})));
    await until(() => scheduler.activeCount === 0);

    expect(sawTooMany).toBe(false);
    expect(probe.most).toBe(limit);
    expect(jobs.every((job) => job.closed)).toBe(true);
    expect([scheduler.size, scheduler.pendingCount]).toEqual([0, 0]);
  });
});

describe('a spawn waiting on a full queue never yields a job that runs after close()', () => {
  it('is rejected with SchedulerClosedError (aiojobs wakes it and lets its job run)', async () => {
    const scheduler = makeScheduler({ limit: 1, pendingLimit: 1 });
    await scheduler.spawn(({ signal }) => untilAborted(signal));
    const queued = vi.fn(async () => {});
    await scheduler.spawn(queued);
    const blocked = vi.fn(async () => {});
    const spawning = scheduler.spawn(blocked);
    await nextTurn();

    await scheduler.close();
    await expect(spawning).rejects.toBeInstanceOf(SchedulerClosedError);
    await endOfTurn();
    expect(queued).not.toHaveBeenCalled();
    expect(blocked).not.toHaveBeenCalled();
    expect(scheduler.size).toBe(0);
  });

  it('yields a closed job if it was admitted just before close()', async () => {
    const scheduler = makeScheduler({ limit: 1, pendingLimit: 1 });
    await scheduler.spawn(({ signal }) => untilAborted(signal));
    const queued = await scheduler.spawn(async () => {});
    const blocked = vi.fn(async () => {});
    const spawning = scheduler.spawn(blocked);
    await nextTurn();

    // Closing the queued job admits the blocked spawn at once; close the scheduler before its caller resumes.
    void queued.close();
    const closing = scheduler.close();
    const job = await spawning;
    await closing;
    expect(job.closed).toBe(true);
    await expect(job.wait()).rejects.toBeInstanceOf(JobCancelledError);
    await endOfTurn();
    expect(blocked).not.toHaveBeenCalled();
  });
});

describe('wait({ timeout }) on a pending job', () => {
  it('times out normally, and the job never starts (aiojobs fails with InvalidStateError)', async () => {
    const scheduler = makeScheduler({ limit: 1 });
    const gate = deferred();
    const first = await scheduler.spawn(() => gate.promise);
    const neverRuns = vi.fn(async () => 'never');
    const pending = await scheduler.spawn(neverRuns);
    const after = await scheduler.spawn(async () => 'after');

    const error = await pending.wait({ timeout: 10 }).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ name: 'TimeoutError', operation: 'wait', timeout: 10, job: pending });
    expect([pending.pending, pending.active, pending.closed]).toEqual([false, false, true]);
    expect(scheduler.pendingCount).toBe(1);
    expect(scheduler.has(pending)).toBe(false);

    gate.resolve();
    await first.wait();
    expect(await after.wait()).toBe('after');
    expect(neverRuns).not.toHaveBeenCalled();
    await expect(pending.wait()).rejects.toBeInstanceOf(JobCancelledError);
  });
});

describe('a throwing exception handler never leaves a job half-closed', () => {
  it('for a failed job: the job is closed and forgotten, and the next one starts', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handlerError = new Error('handler broke');
    const handler = vi.fn(() => {
      throw handlerError;
    });
    const scheduler = makeScheduler({ limit: 1, exceptionHandler: handler });
    const failing = await scheduler.spawn(async () => {
      throw new Error('job failed');
    });
    const alsoFailing = await scheduler.spawn(async () => {
      throw new Error('job failed too');
    });
    const next = await scheduler.spawn(async () => 'next');
    expect(await next.wait()).toBe('next');
    await endOfTurn();

    expect(handler).toHaveBeenCalledTimes(2);
    for (const job of [failing, alsoFailing]) {
      expect(job.closed).toBe(true);
      expect(scheduler.has(job)).toBe(false);
    }
    expect([scheduler.size, scheduler.activeCount, scheduler.pendingCount]).toEqual([0, 0, 0]);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('exception handler failed'), handlerError);
  });

  it('for a close timeout: close() still resolves and closes the rest', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const scheduler = makeScheduler({
      closeTimeout: 5,
      exceptionHandler: () => {
        throw new Error('handler broke');
      },
    });
    const release = deferred();
    const stubborn = await scheduler.spawn(async ({ signal }) => {
      await untilAborted(signal);
      await release.promise;
    });
    const polite = await scheduler.spawn(({ signal }) => untilAborted(signal));
    await nextTurn();
    await scheduler.close();
    expect(stubborn.closed).toBe(true);
    expect(polite.closed).toBe(true);
    expect(scheduler.has(polite)).toBe(false);
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('Job closing timed out'), expect.any(Error));
    release.resolve();
    await stubborn.wait();
    expect(scheduler.size).toBe(0);
  });
});
