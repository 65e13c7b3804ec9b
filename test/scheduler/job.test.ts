// Job behaviours, ported from aiojobs' tests/test_job.py (numbers refer to its test catalogue) and extended with
// what the AbortSignal model adds.
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  type ExceptionContext,
  Job,
  JobCancelledError,
  JobTimeoutError,
  Scheduler,
  type SchedulerOptions,
} from '../../src/scheduler/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { deferred, endOfTurn, nextTurn, untilAborted } from '../helpers/async.js';
import { recordUnhandledRejections } from '../helpers/unhandled.js';

const unhandledRejections = recordUnhandledRejections();

const schedulers: Scheduler[] = [];

/** A scheduler whose exception handler records every context it is given. */
function makeScheduler(options?: SchedulerOptions) {
  const reports: ExceptionContext[] = [];
  const scheduler = new Scheduler({ exceptionHandler: (context) => void reports.push(context), ...options });
  schedulers.push(scheduler);
  return { scheduler, reports };
}

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.close()));
  await nextTurn();
  expect(unhandledRejections.splice(0)).toEqual([]);
});

describe('states', () => {
  it('is active once spawned with a free slot (35)', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn((signal) => untilAborted(signal));
    expect([job.pending, job.active, job.closed]).toEqual([false, true, false]);
    expect(job).toBeInstanceOf(Job);
    expect(String(job)).toBe('Job(job-1, active)');
  });

  it('is closed after wait (36)', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn(async () => {});
    await job.wait();
    expect([job.pending, job.active, job.closed]).toEqual([false, false, true]);
    expect(String(job)).toBe('Job(job-1, closed)');
  });

  it('is closed after close (37)', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn((signal) => untilAborted(signal));
    await job.close();
    expect([job.pending, job.active, job.closed]).toEqual([false, false, true]);
  });

  it('is pending while the limit is reached (38)', async () => {
    const { scheduler } = makeScheduler({ limit: 1 });
    await scheduler.spawn((signal) => untilAborted(signal));
    const job = await scheduler.spawn((signal) => untilAborted(signal));
    expect([job.pending, job.active, job.closed]).toEqual([true, false, false]);
    expect(String(job)).toBe('Job(job-2, pending)');
  });

  it('becomes active as soon as close of the job ahead of it returns (39)', async () => {
    const { scheduler } = makeScheduler({ limit: 1 });
    const first = await scheduler.spawn((signal) => untilAborted(signal));
    const second = await scheduler.spawn((signal) => untilAborted(signal));
    await first.close();
    expect([second.pending, second.active, second.closed]).toEqual([false, true, false]);
  });

  it('is closed from the moment close is called, though it keeps its slot until it settles', async () => {
    const { scheduler } = makeScheduler();
    const finish = deferred();
    const job = await scheduler.spawn(async (signal) => {
      await untilAborted(signal);
      await finish.promise;
    });
    await nextTurn();
    const closing = job.close({ timeout: 1000 });
    expect([job.pending, job.active, job.closed]).toEqual([false, false, true]);
    expect(scheduler.activeCount).toBe(1);
    finish.resolve();
    await closing;
    expect(scheduler.activeCount).toBe(0);
  });
});

describe('wait', () => {
  it('gives the result, and the handler hears nothing (40)', async () => {
    const { scheduler, reports } = makeScheduler();
    const job = await scheduler.spawn(async () => 1);
    expect(await job.wait()).toBe(1);
    await endOfTurn();
    expect(reports).toEqual([]);
  });

  it.each([
    [
      'throws synchronously',
      (error: Error) => () => {
        throw error;
      },
    ],
    [
      'rejects at once',
      (error: Error) => async () => {
        throw error;
      },
    ],
  ])(
    'rejects with the very error of a job that %s, and the handler hears nothing (41)',
    async (_, makeFn) => {
      const { scheduler, reports } = makeScheduler();
      const error = new Error('own error');
      const job = await scheduler.spawn(makeFn(error));
      await expect(job.wait()).rejects.toBe(error);
      await endOfTurn();
      expect(reports).toEqual([]);
    },
  );

  it('observes a failure that happened earlier in the same turn', async () => {
    const { scheduler, reports } = makeScheduler();
    const error = new Error('failed before anyone waited');
    const job = await scheduler.spawn(() => {
      throw error;
    });
    await Promise.resolve();
    await Promise.resolve();
    await expect(job.wait()).rejects.toBe(error);
    await endOfTurn();
    expect(reports).toEqual([]);
  });

  it('waits for a pending job to start and finish (44)', async () => {
    const { scheduler } = makeScheduler({ limit: 1 });
    const gate = deferred();
    await scheduler.spawn(() => gate.promise);
    const pending = await scheduler.spawn(async () => 1);
    const result = pending.wait();
    gate.resolve();
    expect(await result).toBe(1);
  });

  it('still rejects with the error of a job that failed and was reported (46)', async () => {
    const { scheduler, reports } = makeScheduler({ limit: 1 });
    const error = new Error('failed alone');
    const ran = deferred();
    const failed = await scheduler.spawn(async () => {
      throw error;
    });
    await scheduler.spawn(async () => ran.resolve());
    await ran.promise;
    await endOfTurn();
    expect(failed.closed).toBe(true);
    expect(reports).toEqual([{ message: 'Job processing failed', job: failed, exception: error }]);
    await expect(failed.wait()).rejects.toBe(error);
  });

  it('keeps the result of a job that finished long ago (51)', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn(async () => 5);
    expect(job.closed).toBe(false);
    await nextTurn();
    expect(job.closed).toBe(true);
    expect(await job.wait()).toBe(5);
    expect(await job.wait({ timeout: 0 })).toBe(5);
  });

  it('rejects with JobCancelledError for a job that was closed (52)', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn(async (signal) => {
      await untilAborted(signal);
      throw signal.reason;
    });
    await nextTurn();
    await job.close();
    expect(job.closed).toBe(true);
    const error = await job.wait().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(JobCancelledError);
    expect(error).toMatchObject({ name: 'AbortError', job });
  });

  it('gives the value of a job that returned normally after its abort', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn(async (signal) => {
      await untilAborted(signal);
      return 'cleaned up';
    });
    await nextTurn();
    await job.close();
    expect(await job.wait()).toBe('cleaned up');
  });

  it("infers the job's result type from the function (checked by tsc)", async () => {
    const { scheduler } = makeScheduler();
    const counted = await scheduler.spawn(async () => 1);
    expectTypeOf(counted).toEqualTypeOf<Job<number>>();
    const named = await scheduler.spawn((signal: AbortSignal) =>
      Promise.resolve(signal.aborted ? 'aborted' : 'ok'),
    );
    expectTypeOf(await named.wait()).toEqualTypeOf<string>();
    expect(await named.wait()).toBe('ok');
  });

  it('accepts a function that returns a plain value', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn(() => 42);
    expect(await job.wait()).toBe(42);
  });

  it('on timeout closes the job and rejects with a TimeoutError (15)', async () => {
    const { scheduler, reports } = makeScheduler();
    const job = await scheduler.spawn((signal) => untilAborted(signal));
    const error = await job.wait({ timeout: 10 }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect(error).toMatchObject({ name: 'TimeoutError', operation: 'wait', timeout: 10, job });
    expect(job.closed).toBe(true);
    expect(scheduler.size).toBe(0);
    await endOfTurn();
    expect(reports).toEqual([]);
  });

  it('on timeout rejects with a TimeoutError even if the job then returns a value', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn(async (signal) => {
      await untilAborted(signal);
      return 'too late';
    });
    await expect(job.wait({ timeout: 10 })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('on timeout keeps the error the job failed with while closing, as the cause', async () => {
    const { scheduler, reports } = makeScheduler();
    const cleanupError = new Error('cleanup failed');
    const job = await scheduler.spawn(async (signal) => {
      await untilAborted(signal);
      throw cleanupError;
    });
    const error = await job.wait({ timeout: 10 }).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ name: 'TimeoutError', cause: cleanupError });
    await endOfTurn();
    expect(reports).toEqual([]);
  });

  it('refuses a bad timeout', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn(async () => {});
    await expect(job.wait({ timeout: -1 })).rejects.toThrow(InvalidOptionError);
    await expect(job.wait({ timeout: '5' as never })).rejects.toThrow(TypeError);
  });
});

describe('close', () => {
  it('rejects with the error the job failed with before close was processed, not the handler (42)', async () => {
    const { scheduler, reports } = makeScheduler();
    const error = new Error('failed while the caller resumed');
    const failing = deferred();
    const job = await scheduler.spawn(async () => {
      failing.resolve();
      throw error;
    });
    await failing.promise;
    await expect(job.close()).rejects.toBe(error);
    await endOfTurn();
    expect(reports).toEqual([]);
  });

  it('rejects with a TimeoutError when the job ignores its abort, and the handler hears nothing (43)', async () => {
    const { scheduler, reports } = makeScheduler({ closeTimeout: 10 });
    const started = deferred();
    const release = deferred();
    const job = await scheduler.spawn(async (signal) => {
      started.resolve();
      await untilAborted(signal);
      await release.promise;
    });
    await started.promise;
    const error = await job.close().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect(error).toMatchObject({ name: 'TimeoutError', operation: 'close', timeout: 10, job });
    expect(job.closed).toBe(true);
    await expect(job.close({ timeout: 5 })).rejects.toMatchObject({ timeout: 5 });
    release.resolve();
    await job.wait();
    expect(reports).toEqual([]);
  });

  it('resolves at once for a job that already failed (47)', async () => {
    const { scheduler, reports } = makeScheduler();
    const error = new Error('failed earlier');
    const job = await scheduler.spawn(async () => {
      throw error;
    });
    await endOfTurn();
    expect(reports).toHaveLength(1);
    await expect(job.close()).resolves.toBeUndefined();
  });

  it('never starts a pending job', async () => {
    const { scheduler } = makeScheduler({ limit: 1 });
    const gate = deferred();
    await scheduler.spawn(() => gate.promise);
    const fn = vi.fn(async () => {});
    const job = await scheduler.spawn(fn);
    await job.close();
    gate.resolve();
    await nextTurn();
    expect(fn).not.toHaveBeenCalled();
    await expect(job.wait()).rejects.toBeInstanceOf(JobCancelledError);
  });

  it('never invokes a job closed in the same turn it became active', async () => {
    const { scheduler } = makeScheduler();
    const fn = vi.fn(async () => {});
    const spawning = scheduler.spawn(fn);
    // The job is active at once, and its function is due in a microtask; close it before that.
    const [job] = scheduler;
    expect(job?.active).toBe(true);
    await job?.close();
    await expect(spawning).resolves.toBe(job);
    await endOfTurn();
    expect(fn).not.toHaveBeenCalled();
    await expect(job?.wait()).rejects.toBeInstanceOf(JobCancelledError);
  });

  it('never invokes a job when the scheduler closes in the same turn it was spawned', async () => {
    const { scheduler } = makeScheduler();
    const fn = vi.fn(async () => {});
    const spawning = scheduler.spawn(fn);
    const closing = scheduler.close();
    const job = await spawning;
    await closing;
    expect(job.closed).toBe(true);
    expect(fn).not.toHaveBeenCalled();
  });

  it('gives the job an AbortSignal aborted with a JobCancelledError', async () => {
    const { scheduler } = makeScheduler();
    let seen: AbortSignal | undefined;
    const job = await scheduler.spawn(async (signal) => {
      seen = signal;
      await untilAborted(signal);
    });
    await nextTurn();
    expect(seen).toBeInstanceOf(AbortSignal);
    expect(seen?.aborted).toBe(false);
    await job.close();
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(JobCancelledError);
    expect(seen?.reason).toMatchObject({ job });
  });

  it('treats an AbortError thrown after the abort as the cancellation, not a failure', async () => {
    const { scheduler, reports } = makeScheduler();
    const job = await scheduler.spawn(async (signal) => {
      await untilAborted(signal);
      throw new DOMException('The operation was aborted', 'AbortError');
    });
    await nextTurn();
    await job.close();
    await expect(job.wait()).rejects.toBeInstanceOf(JobCancelledError);
    await endOfTurn();
    expect(reports).toEqual([]);
  });

  it('treats an AbortError thrown without a close as a failure', async () => {
    const { scheduler, reports } = makeScheduler();
    const error = new DOMException('its own abort', 'AbortError');
    const job = await scheduler.spawn(async () => {
      throw error;
    });
    await endOfTurn();
    expect(reports).toEqual([{ message: 'Job processing failed', job, exception: error }]);
  });

  it('waits for a job whose function takes no signal to finish', async () => {
    const { scheduler } = makeScheduler();
    const gate = deferred();
    let finished = false;
    const job = await scheduler.spawn(async () => {
      await gate.promise;
      finished = true;
    });
    await nextTurn();
    const closing = job.close({ timeout: 1000 });
    gate.resolve();
    await closing;
    expect(finished).toBe(true);
  });

  it('refuses a bad timeout', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn((signal) => untilAborted(signal));
    await expect(job.close({ timeout: Number.NaN })).rejects.toThrow(InvalidOptionError);
    expect(job.closed).toBe(false);
  });

  it('reports a failure once, when the scheduler closes (53)', async () => {
    const { scheduler, reports } = makeScheduler();
    await scheduler.spawn(async () => {
      throw new Error('once');
    });
    await scheduler.close();
    expect(reports).toHaveLength(1);
  });
});

describe('names', () => {
  it('uses the name given to spawn (54)', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn(async () => {}, { name: 'test_job_name' });
    expect(job.name).toBe('test_job_name');
  });

  it('numbers unnamed jobs per scheduler (55)', async () => {
    const { scheduler } = makeScheduler();
    const { scheduler: other } = makeScheduler();
    const first = await scheduler.spawn(async () => {});
    const second = await scheduler.spawn(async () => {}, { name: 'named' });
    const third = await scheduler.spawn(async () => {});
    const elsewhere = await other.spawn(async () => {});
    expect([first.name, second.name, third.name, elsewhere.name]).toEqual([
      'job-1',
      'named',
      'job-3',
      'job-1',
    ]);
  });

  it('names the job in its errors', async () => {
    const { scheduler } = makeScheduler();
    const job = await scheduler.spawn((signal) => untilAborted(signal), { name: 'lookup ubi9' });
    await expect(job.wait({ timeout: 1 })).rejects.toThrow(/lookup ubi9/);
  });
});
