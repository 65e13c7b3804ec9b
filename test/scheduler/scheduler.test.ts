// Scheduler behaviours, ported from aiojobs' tests/test_scheduler.py (numbers refer to its test catalogue) and
// extended where our semantics are stricter.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createScheduler,
  type ExceptionContext,
  type Job,
  JobTimeoutError,
  Scheduler,
  SchedulerClosedError,
  type SchedulerOptions,
} from '../../src/scheduler/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { deferred, endOfTurn, nextTurn, untilAborted } from '../helpers/async.js';
import { recordUnhandledRejections } from '../helpers/unhandled.js';

/** Polls briefly for something that happens on a later turn of the event loop. */
const waitFor = (check: () => void) => vi.waitFor(check, { interval: 1, timeout: 2000 });

const unhandledRejections = recordUnhandledRejections();

const schedulers: Scheduler[] = [];
function makeScheduler(options?: SchedulerOptions): Scheduler {
  const scheduler = new Scheduler(options);
  schedulers.push(scheduler);
  return scheduler;
}

/** A scheduler whose exception handler records what it is given. */
function withHandler(options?: SchedulerOptions) {
  const reports: { context: ExceptionContext; scheduler: Scheduler }[] = [];
  const scheduler = makeScheduler({
    ...options,
    exceptionHandler: (context, owner) => {
      reports.push({ context, scheduler: owner });
    },
  });
  return { scheduler, reports };
}

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.close()));
  await nextTurn();
  vi.restoreAllMocks();
  expect(unhandledRejections.splice(0)).toEqual([]);
});

describe('construction and options', () => {
  it('starts empty, with the documented defaults (1, 10, 13, 18, 19)', () => {
    const scheduler = makeScheduler();
    expect(scheduler.size).toBe(0);
    expect([...scheduler]).toEqual([]);
    expect(scheduler.limit).toBe(100);
    expect(scheduler.pendingLimit).toBe(10_000);
    expect(scheduler.closeTimeout).toBe(100);
    expect(scheduler.waitTimeout).toBe(60_000);
    expect(scheduler.exceptionHandler).toBeUndefined();
    expect(scheduler.activeCount).toBe(0);
    expect(scheduler.pendingCount).toBe(0);
    expect(scheduler.closed).toBe(false);
  });

  it('keeps the options it is given (10, 18, 19)', () => {
    const scheduler = makeScheduler({ limit: 2, pendingLimit: 3, closeTimeout: 1, waitTimeout: 5 });
    expect(scheduler.limit).toBe(2);
    expect(scheduler.pendingLimit).toBe(3);
    expect(scheduler.closeTimeout).toBe(1);
    expect(scheduler.waitTimeout).toBe(5);
  });

  it('reads a null limit as unlimited, and 0 as an unlimited pending queue', () => {
    expect(makeScheduler({ limit: null }).limit).toBeNull();
    expect(makeScheduler({ limit: Number.POSITIVE_INFINITY }).limit).toBeNull();
    expect(makeScheduler({ pendingLimit: 0 }).pendingLimit).toBe(0);
  });

  it('returns the exception handler it was given, and treats null as none (13)', () => {
    const handler = () => {};
    expect(makeScheduler({ exceptionHandler: handler }).exceptionHandler).toBe(handler);
    expect(makeScheduler({ exceptionHandler: null }).exceptionHandler).toBeUndefined();
  });

  it('refuses an exception handler that is not a function with a TypeError (13)', () => {
    expect(() => new Scheduler({ exceptionHandler: 1 as never })).toThrow(TypeError);
    expect(() => new Scheduler({ exceptionHandler: 'log' as never })).toThrow(/exceptionHandler/);
  });

  it.each([
    [
      { limit: 0 },
      /^Expected the `limit` option to be a positive integer, or null \(or Infinity\) for no limit, got the number 0$/,
    ],
    [{ limit: -1 }, /`limit` option .*, got the number -1$/],
    [{ limit: 1.5 }, /`limit` option .*, got the number 1.5$/],
    [{ limit: '10' as never }, /`limit` option .*, got the string "10"$/],
    [
      { pendingLimit: -1 },
      /^Expected the `pendingLimit` option to be a non-negative integer, got the number -1$/,
    ],
    [{ pendingLimit: 2.5 }, /`pendingLimit` option/],
    [{ pendingLimit: null as never }, /`pendingLimit` option .*, got null$/],
    [
      { closeTimeout: -1 },
      /^Expected the `closeTimeout` option to be a number of milliseconds >= 0 or Infinity, got the number -1$/,
    ],
    [{ closeTimeout: Number.NaN }, /`closeTimeout` option .*, got the number NaN$/],
    [{ closeTimeout: 2 ** 31 }, /`closeTimeout` option/],
    [
      { waitTimeout: '1s' as never },
      /`waitTimeout` option .*, got the string "1s" \(use milliseconds, e\.g\. 5000\)$/,
    ],
    [
      { exceptionHandler: 'log' as never },
      /^Expected the `exceptionHandler` option to be a function, got the string "log"$/,
    ],
  ])(
    'refuses %o with an InvalidOptionError, the one kind of option error (a TypeError)',
    (options, message) => {
      expect(() => new Scheduler(options)).toThrow(InvalidOptionError);
      expect(() => new Scheduler(options)).toThrow(TypeError);
      expect(() => new Scheduler(options)).toThrow(message);
    },
  );

  it('refuses options that are not an object', () => {
    expect(() => new Scheduler(null as never)).toThrow(InvalidOptionError);
  });

  it('refuses an unknown option, naming the nearest known one', () => {
    expect(() => new Scheduler({ limt: 5 } as never)).toThrow(
      'Unknown option `limt` in Scheduler options (did you mean `limit`?)',
    );
    expect(() => new Scheduler({ closeTimeout: 5, timeout: 5 } as never)).toThrow(InvalidOptionError);
  });

  it('is also made by createScheduler, which rejects bad options', async () => {
    const scheduler = await createScheduler({ limit: 7 });
    schedulers.push(scheduler);
    expect(scheduler).toBeInstanceOf(Scheduler);
    expect(scheduler.limit).toBe(7);
    await expect(createScheduler({ limit: 0 })).rejects.toThrow(InvalidOptionError);
  });

  it('describes itself (11)', async () => {
    const scheduler = makeScheduler();
    expect(String(scheduler)).toBe('Scheduler(jobs=0)');
    await scheduler.spawn((signal) => untilAborted(signal));
    expect(String(scheduler)).toBe('Scheduler(jobs=1)');
    await scheduler.close();
    expect(String(scheduler)).toBe('Scheduler(closed, jobs=0)');
  });
});

describe('spawn', () => {
  it('adds the job: counted, iterable, and a member (3)', async () => {
    const scheduler = makeScheduler();
    const job = await scheduler.spawn((signal) => untilAborted(signal));
    expect(job.closed).toBe(false);
    expect(scheduler.size).toBe(1);
    expect([...scheduler]).toEqual([job]);
    expect(scheduler.has(job)).toBe(true);
  });

  it('forgets a job once it has finished (6)', async () => {
    const scheduler = makeScheduler();
    const job = await scheduler.spawn(async () => 1);
    expect(await job.wait()).toBe(1);
    expect(job.closed).toBe(true);
    expect(scheduler.size).toBe(0);
    expect([...scheduler]).toEqual([]);
    expect(scheduler.has(job)).toBe(false);
  });

  it('never invokes the function inside spawn', async () => {
    const scheduler = makeScheduler();
    let invoked = false;
    const spawning = scheduler.spawn(async () => {
      invoked = true;
    });
    expect(invoked).toBe(false);
    await (await spawning).wait();
    expect(invoked).toBe(true);
  });

  it('iterates over a snapshot, in spawn order', async () => {
    const scheduler = makeScheduler({ limit: 1 });
    const jobs: Job<void>[] = [];
    for (let i = 0; i < 3; i++) jobs.push(await scheduler.spawn((signal) => untilAborted(signal)));
    const seen: Job<unknown>[] = [];
    for (const job of scheduler) {
      seen.push(job);
      await job.close();
    }
    expect(seen).toEqual(jobs);
    expect(scheduler.size).toBe(0);
  });

  it('does not claim jobs of another scheduler', async () => {
    const first = makeScheduler();
    const second = makeScheduler();
    const job = await first.spawn((signal) => untilAborted(signal));
    expect(second.has(job)).toBe(false);
    expect(second.has({} as Job<unknown>)).toBe(false);
  });

  it('rejects with SchedulerClosedError after close, without invoking the function (26)', async () => {
    const scheduler = makeScheduler();
    await scheduler.close();
    const fn = vi.fn(async () => {});
    await expect(scheduler.spawn(fn)).rejects.toBeInstanceOf(SchedulerClosedError);
    await nextTurn();
    expect(fn).not.toHaveBeenCalled();
  });

  it('refuses what is not a function, and a name that is not a string', async () => {
    const scheduler = makeScheduler();
    await expect(scheduler.spawn('job' as never)).rejects.toThrow(TypeError);
    await expect(scheduler.spawn(async () => {}, { name: 3 as never })).rejects.toThrow(TypeError);
    expect(scheduler.size).toBe(0);
  });
});

describe('limit and pending queue', () => {
  it('runs up to limit jobs and queues the rest in order (23)', async () => {
    const scheduler = makeScheduler({ limit: 1 });
    expect([scheduler.activeCount, scheduler.pendingCount]).toEqual([0, 0]);
    const gate1 = deferred();
    const gate2 = deferred();
    const job1 = await scheduler.spawn(() => gate1.promise);
    expect([scheduler.activeCount, scheduler.pendingCount]).toEqual([1, 0]);
    expect(job1.active).toBe(true);
    const job2 = await scheduler.spawn(() => gate2.promise);
    expect([scheduler.activeCount, scheduler.pendingCount]).toEqual([1, 1]);
    expect(job2.pending).toBe(true);

    gate1.resolve();
    await job1.wait();
    expect([scheduler.activeCount, scheduler.pendingCount]).toEqual([1, 0]);
    expect(job1.closed).toBe(true);
    expect(job2.active).toBe(true);

    gate2.resolve();
    await job2.wait();
    expect([scheduler.activeCount, scheduler.pendingCount]).toEqual([0, 0]);
    expect(job2.closed).toBe(true);
  });

  it('queues without blocking while the queue has room (20)', async () => {
    const scheduler = makeScheduler({ limit: 1 });
    for (const expected of [0, 1, 2]) {
      await scheduler.spawn((signal) => untilAborted(signal));
      expect(scheduler.pendingCount).toBe(expected);
    }
  });

  it('makes spawn wait while the queue is full, counting nothing meanwhile (21, 22)', async () => {
    const scheduler = makeScheduler({ limit: 1, pendingLimit: 1 });
    const gates = [deferred(), deferred(), deferred()];
    const spawned: Job<void>[] = [];
    const spawning = (async () => {
      for (const gate of gates) spawned.push(await scheduler.spawn(() => gate.promise));
    })();
    await nextTurn();
    expect(spawned).toHaveLength(2);
    expect([scheduler.size, scheduler.activeCount, scheduler.pendingCount]).toEqual([2, 1, 1]);

    for (const gate of gates) gate.resolve();
    await spawning;
    expect(spawned).toHaveLength(3);
    await Promise.all(spawned.map((job) => job.wait()));
    expect([scheduler.size, scheduler.activeCount, scheduler.pendingCount]).toEqual([0, 0, 0]);
    expect(spawned.every((job) => job.closed)).toBe(true);
  });

  it('admits blocked spawns first come, first served', async () => {
    const scheduler = makeScheduler({ limit: 1, pendingLimit: 1 });
    const gate = deferred();
    const first = await scheduler.spawn((signal) => untilAborted(signal));
    await scheduler.spawn(() => gate.promise);
    const order: string[] = [];
    const blocked = ['a', 'b', 'c'].map((name) =>
      scheduler.spawn(() => gate.promise, { name }).then((job) => order.push(job.name)),
    );
    await first.close();
    await nextTurn();
    expect(order).toEqual(['a']);
    gate.resolve();
    await Promise.all(blocked);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('lets a closed pending job free its place for a blocked spawn (24)', async () => {
    const scheduler = makeScheduler({ limit: 1, pendingLimit: 1 });
    const gate = deferred();
    const job1 = await scheduler.spawn(() => gate.promise);
    const fn2 = vi.fn(() => gate.promise);
    const job2 = await scheduler.spawn(fn2);
    const spawning3 = scheduler.spawn(() => gate.promise);
    await job2.close();
    expect(job2.closed).toBe(true);
    expect(job2.pending).toBe(false);
    const job3 = await spawning3;
    expect(job3.pending).toBe(true);
    gate.resolve();
    await job1.wait();
    await job3.wait();
    expect(fn2).not.toHaveBeenCalled();
    expect([scheduler.size, scheduler.activeCount]).toEqual([0, 0]);
  });

  it('runs everything at once when the limit is null (25)', async () => {
    const scheduler = makeScheduler({ limit: null });
    const gate = deferred();
    const jobs = await Promise.all([1, 2, 3].map(() => scheduler.spawn(() => gate.promise)));
    expect(scheduler.activeCount).toBe(3);
    expect(scheduler.pendingCount).toBe(0);
    gate.resolve();
    await Promise.all(jobs.map((job) => job.wait()));
    expect(scheduler.activeCount).toBe(0);
  });
});

describe('exception handler', () => {
  it('is not called for a failure the caller waited for (7)', async () => {
    const { scheduler, reports } = withHandler();
    const error = new Error('boom');
    const job = await scheduler.spawn(async () => {
      await nextTurn();
      throw error;
    });
    await expect(job.wait()).rejects.toBe(error);
    expect(job.closed).toBe(true);
    expect(scheduler.size).toBe(0);
    await endOfTurn();
    expect(reports).toEqual([]);
  });

  it('hears about a failure nobody observed, with the job and the scheduler (8)', async () => {
    const { scheduler, reports } = withHandler();
    const error = new Error('unobserved');
    const job = await scheduler.spawn(async () => {
      await nextTurn();
      throw error;
    });
    expect(scheduler.size).toBe(1);
    await waitFor(() => expect(reports).toHaveLength(1));
    expect(reports[0]).toEqual({
      context: { message: 'Job processing failed', job, exception: error },
      scheduler,
    });
    expect(scheduler.size).toBe(0);
  });

  it('hears about a failure during close, and close does not reject (9)', async () => {
    const { scheduler, reports } = withHandler();
    const error = new Error('failed at once');
    let invoked = false;
    const job = await scheduler.spawn(async () => {
      invoked = true;
      throw error;
    });
    expect(scheduler.size).toBe(1);
    await scheduler.close();
    expect(invoked).toBe(true);
    expect(scheduler.size).toBe(0);
    expect(reports.map((report) => report.context)).toEqual([
      { message: 'Job processing failed', job, exception: error },
    ]);
  });

  it('hears about a failure that happened before close, once (17, 53)', async () => {
    const { scheduler, reports } = withHandler();
    const error = new Error('early');
    const failed = deferred();
    const job = await scheduler.spawn(async () => {
      failed.resolve();
      throw error;
    });
    await failed.promise;
    await scheduler.close();
    expect(job.closed).toBe(true);
    expect(reports.map((report) => report.context)).toEqual([
      { message: 'Job processing failed', job, exception: error },
    ]);
  });

  it('hears about a job that ignores its abort past closeTimeout; close still resolves (16)', async () => {
    const { scheduler, reports } = withHandler({ closeTimeout: 10 });
    const started = deferred();
    const stubborn = deferred();
    const job = await scheduler.spawn(async (signal) => {
      started.resolve();
      await untilAborted(signal);
      await stubborn.promise;
    });
    await started.promise;
    await scheduler.close();
    expect(job.closed).toBe(true);
    expect(reports).toHaveLength(1);
    const { context } = reports[0] ?? {};
    expect(context?.message).toBe('Job closing timed out');
    expect(context?.job).toBe(job);
    expect(context?.exception).toBeInstanceOf(JobTimeoutError);
    expect(context?.exception).toMatchObject({ name: 'TimeoutError', operation: 'close', timeout: 10, job });
    // The job really is still running: it keeps its slot until its function settles.
    expect([scheduler.size, scheduler.activeCount]).toEqual([1, 1]);
    stubborn.resolve();
    await waitFor(() => expect(scheduler.size).toBe(0));
    expect(scheduler.activeCount).toBe(0);
  });

  it('is not told about a job that ended because it was closed', async () => {
    const { scheduler, reports } = withHandler();
    await scheduler.spawn(async (signal) => {
      await untilAborted(signal);
      throw signal.reason;
    });
    await nextTurn();
    await scheduler.close();
    expect(reports).toEqual([]);
  });

  it('defaults to stderr, never to an unhandled rejection (14)', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const scheduler = makeScheduler();
    const error = new Error('to stderr');
    const job = await scheduler.spawn(
      async () => {
        throw error;
      },
      { name: 'lookup' },
    );
    await waitFor(() => expect(stderr).toHaveBeenCalledTimes(1));
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('Job processing failed: lookup'), error);
    expect(job.closed).toBe(true);
  });

  it('does not let an exception handler that rejects become an unhandled rejection', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handlerError = new Error('handler rejected');
    const scheduler = makeScheduler({
      exceptionHandler: async () => {
        throw handlerError;
      },
    });
    await scheduler.spawn(async () => {
      throw new Error('job failed');
    });
    await waitFor(() =>
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining('handler'), handlerError),
    );
  });
});

describe('close', () => {
  it('closes every job and empties the scheduler (12)', async () => {
    const scheduler = makeScheduler();
    expect(scheduler.closed).toBe(false);
    const job = await scheduler.spawn((signal) => untilAborted(signal));
    await scheduler.close();
    expect(job.closed).toBe(true);
    expect(scheduler.closed).toBe(true);
    expect([scheduler.size, scheduler.activeCount, scheduler.pendingCount]).toEqual([0, 0, 0]);
  });

  it('never starts pending jobs, and their waiters learn they were cancelled', async () => {
    const scheduler = makeScheduler({ limit: 1 });
    const running = await scheduler.spawn((signal) => untilAborted(signal));
    const fn = vi.fn(async () => 'never');
    const pending = await scheduler.spawn(fn);
    const waiting = pending.wait();
    await scheduler.close();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError', job: pending });
    expect(running.closed).toBe(true);
    expect(fn).not.toHaveBeenCalled();
  });

  it('aborts the signals of running jobs with a JobCancelledError', async () => {
    const scheduler = makeScheduler();
    let reason: unknown;
    const job = await scheduler.spawn(async (signal) => {
      await untilAborted(signal);
      reason = signal.reason;
    });
    await nextTurn();
    await scheduler.close();
    expect(reason).toMatchObject({ name: 'AbortError', job });
  });

  it('returns the same promise when called again, and waitAndClose then just waits for it', async () => {
    const scheduler = makeScheduler();
    await scheduler.spawn((signal) => untilAborted(signal));
    const closing = scheduler.close();
    expect(scheduler.close()).toBe(closing);
    await scheduler.waitAndClose();
    await closing;
    expect(scheduler.closed).toBe(true);
  });
});

describe('shield', () => {
  it('settles like the work it shields (27)', async () => {
    const scheduler = makeScheduler();
    await expect(scheduler.shield(Promise.resolve('TEST'))).resolves.toBe('TEST');
    const error = new Error('shielded failure');
    await expect(scheduler.shield(Promise.reject(error))).rejects.toBe(error);
  });

  it('keeps work going after the job awaiting it gave up, and waitAndClose waits for it (28)', async () => {
    const scheduler = makeScheduler();
    const inner = deferred();
    let completed = false;
    const job = await scheduler.spawn(async (signal) => {
      const work = inner.promise.then(() => {
        completed = true;
      });
      await Promise.race([
        scheduler.shield(work),
        untilAborted(signal).then(() => Promise.reject(signal.reason)),
      ]);
    });
    await nextTurn();
    await job.close();
    await expect(job.wait()).rejects.toMatchObject({ name: 'AbortError' });
    expect(completed).toBe(false);
    const closing = scheduler.waitAndClose();
    await nextTurn();
    expect(scheduler.closed).toBe(false);
    inner.resolve();
    await closing;
    expect(completed).toBe(true);
  });
});

describe('waitAndClose', () => {
  it('lets jobs and shielded work finish, then closes (29)', async () => {
    const scheduler = makeScheduler();
    const inner = deferred();
    const outer = deferred();
    const done = { inner: false, outer: false };
    await scheduler.spawn(async () => {
      await scheduler.shield(
        inner.promise.then(() => {
          done.inner = true;
        }),
      );
      await outer.promise;
      done.outer = true;
    });
    await nextTurn();
    expect(done).toEqual({ inner: false, outer: false });
    expect(scheduler.size).toBe(1);
    const closing = scheduler.waitAndClose();
    inner.resolve();
    outer.resolve();
    await closing;
    expect(done).toEqual({ inner: true, outer: true });
    expect(scheduler.size).toBe(0);
    expect(scheduler.closed).toBe(true);
  });

  it('closes what is left when the time is up (30)', async () => {
    const scheduler = makeScheduler({ closeTimeout: 1000 });
    const inner = deferred();
    const done = { inner: false, outerAborted: false };
    await scheduler.spawn(async (signal) => {
      await scheduler.shield(
        inner.promise.then(() => {
          done.inner = true;
        }),
      );
      await untilAborted(signal);
      done.outerAborted = true;
    });
    const closing = scheduler.waitAndClose(20);
    inner.resolve();
    await closing;
    expect(done).toEqual({ inner: true, outerAborted: true });
    expect(scheduler.size).toBe(0);
    expect(scheduler.closed).toBe(true);
  });

  it('runs at the end of an `await using` block, with waitTimeout (31)', async () => {
    let outerAborted = false;
    let held: Scheduler | undefined;
    {
      await using scheduler = new Scheduler({ waitTimeout: 10, closeTimeout: 10 });
      held = scheduler;
      const neverSettles = new Promise<void>(() => {});
      await scheduler.spawn(async (signal) => {
        await Promise.race([scheduler.shield(neverSettles), untilAborted(signal)]);
        outerAborted = signal.aborted;
      });
      await nextTurn();
      expect(scheduler.size).toBe(1);
    }
    expect(outerAborted).toBe(true);
    expect(held?.closed).toBe(true);
    expect(held?.size).toBe(0);
  });

  it('waits for jobs spawned during the grace period (32)', async () => {
    const scheduler = makeScheduler();
    const gate = deferred();
    const done = { spawnedAnother: false, anotherDone: false };
    await scheduler.spawn(async () => {
      await gate.promise;
      done.spawnedAnother = true;
      await scheduler.spawn(async () => {
        await scheduler.shield(gate.promise);
        done.anotherDone = true;
      });
    });
    const closing = scheduler.waitAndClose();
    gate.resolve();
    await closing;
    expect(done).toEqual({ spawnedAnother: true, anotherDone: true });
  });

  it('sends failures during the wait to the exception handler, and does not reject (33)', async () => {
    const { scheduler, reports } = withHandler();
    const error = new Error('late failure');
    const job = await scheduler.spawn(async () => {
      await nextTurn();
      throw error;
    });
    expect(scheduler.size).toBe(1);
    await scheduler.waitAndClose();
    expect(scheduler.size).toBe(0);
    expect(reports.map((report) => report.context)).toEqual([
      { message: 'Job processing failed', job, exception: error },
    ]);
  });

  it('refuses a bad timeout', async () => {
    const scheduler = makeScheduler();
    await expect(scheduler.waitAndClose(-5)).rejects.toThrow(InvalidOptionError);
    expect(scheduler.closed).toBe(false);
  });
});
