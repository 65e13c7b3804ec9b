import { describe, expect, test, vi } from 'vitest';
import {
  AsyncJobCancelError,
  AsyncJobClearError,
  AsyncJobListError,
  AsyncJobResultError,
  AsyncJobStatusError,
  PyxisClient,
  PyxisGraphQLError,
} from '../../src/index.js';
import { Scheduler, SchedulerClosedError } from '../../src/scheduler/index.js';
import { useServer } from '../helpers/server.js';

// Latency keeps jobs pending long enough to see them pending; nothing below depends on how long it is.
const server = useServer({ latency: { ms: 40 } });
const path = () => server.current.dataset.repositoryPaths()[0] as { registry: string; repository: string };

function asyncClient(options: { scheduler?: Scheduler; maxStoredResults?: number } = {}) {
  const pyxis = new PyxisClient({ url: server.current.url });
  return { pyxis, jobs: pyxis.beginAsyncExecution(options) };
}

describe('async execution context', () => {
  test('has the async context and returns a job at once, pending and never done at submit', async () => {
    const { pyxis, jobs } = asyncClient();
    expect(pyxis.context).toBe('default');
    expect(jobs.context).toBe('async');
    const job = jobs.getRepositoryByPath(path());
    expect(typeof job.id).toBe('string');
    await expect(job.status()).resolves.toBe('pending');
    expect(String(job)).toBe(`<AsyncJob ${job.id}>`);
  });

  test('job ids are unique per client, across its async contexts', () => {
    const pyxis = new PyxisClient({ url: server.current.url });
    const ids = [pyxis.beginAsyncExecution().ping().id, pyxis.beginAsyncExecution().ping().id];
    expect(new Set(ids).size).toBe(2);
  });

  test('a job becomes done; result() fetches the value once, after which the job is not found', async () => {
    const { jobs } = asyncClient();
    const job = jobs.getRepositoryByPath(path());
    while ((await job.status()) !== 'done') await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await job.result())?.repository).toBe(path().repository);
    for (const [call, ErrorClass] of [
      [() => job.status(), AsyncJobStatusError],
      [() => job.result(), AsyncJobResultError],
      [() => job.cancel(), AsyncJobCancelError],
      [() => job.clear(), AsyncJobClearError],
    ] as const) {
      const error = await (call as () => Promise<unknown>)().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ errorCode: 404 });
      expect((error as Error).message).toMatch(new RegExp(`job ${job.id} not found$`));
    }
  });

  test('result() of a pending job throws AsyncJobResultError "not done" with code 204', async () => {
    const { jobs } = asyncClient();
    const job = jobs.ping();
    const error = await job.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AsyncJobResultError);
    expect(error).toMatchObject({ errorCode: 204 });
    expect((error as Error).message).toMatch(new RegExp(`job ${job.id} not done$`));
    await expect(job.wait()).resolves.toBe('pong');
  });

  test("a failed job's result() throws the operation's own error", async () => {
    const { jobs } = asyncClient();
    const job = jobs.execute('INVALID QUERY');
    const error = await job.wait().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisGraphQLError);
    expect(error).toMatchObject({ httpCode: 400 });
    expect((error as Error).message).toContain('Syntax Error');
  });

  test('execute() resolves to the data of a raw GraphQL string', async () => {
    const { jobs } = asyncClient();
    await expect(jobs.execute('query { get_ping }').wait()).resolves.toEqual({ get_ping: 'pong' });
  });

  test('cancel() aborts a pending job: cancelled, not listed, its result an AbortError', async () => {
    const { jobs } = asyncClient();
    const job = jobs.getRepositoryByPath(path());
    await expect(job.cancel()).resolves.toBe(true);
    await expect(job.status()).resolves.toBe('cancelled');
    await expect(jobs.asyncJobs({ status: 'pending' })).resolves.not.toContain(job.id);
    await expect(jobs.asyncJobs({ status: 'done' })).resolves.not.toContain(job.id);
    await expect(job.cancel()).resolves.toBe(false);
    await expect(job.wait()).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('cancel() of a finished job returns false; of a missing one throws, or returns false with ignoreMissing', async () => {
    const { jobs } = asyncClient();
    const job = jobs.ping();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(job.status()).resolves.toBe('done');
    await expect(job.cancel()).resolves.toBe(false);
    await job.result();
    await expect(job.cancel({ ignoreMissing: true })).resolves.toBe(false);
  });

  test('clear() forgets a job, even a running one; a missing one throws or returns false', async () => {
    const { jobs } = asyncClient();
    const job = jobs.ping();
    await expect(job.clear()).resolves.toBe(true);
    await expect(job.status()).rejects.toBeInstanceOf(AsyncJobStatusError);
    await expect(job.clear({ ignoreMissing: true })).resolves.toBe(false);
    await expect(job.clear()).rejects.toMatchObject({ name: 'AsyncJobClearError', errorCode: 404 });
  });

  test('asyncJobs lists ids by status in creation order, up to count; another status is an AsyncJobListError', async () => {
    const { pyxis, jobs } = asyncClient();
    const done = [jobs.ping(), jobs.ping(), jobs.ping()];
    await Promise.all(done.map((job) => new Promise((resolve) => setTimeout(resolve, 150, job))));
    const pending = jobs.getRepositoryByPath(path());
    await expect(pyxis.asyncJobs({ status: 'done' })).resolves.toEqual(done.map((job) => job.id));
    await expect(pyxis.asyncJobs({ status: 'pending' })).resolves.toEqual([pending.id]);
    await expect(pyxis.asyncJobs({ status: 'done', count: 1 })).resolves.toEqual([done[0]?.id]);
    const error = await pyxis.asyncJobs({ status: 'bad_status' as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AsyncJobListError);
    expect(error).toMatchObject({ errorCode: 400 });
    await pending.wait();
  });

  test('clearAsyncJobs clears every job, or those finished before the threshold', async () => {
    const { pyxis, jobs } = asyncClient();
    const job = jobs.ping();
    await job.wait().catch(() => {});
    const kept = jobs.ping();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(pyxis.clearAsyncJobs({ threshold: Date.now() - 1_000_000 })).resolves.toBe(true);
    await expect(kept.status()).resolves.toBe('done');
    await expect(pyxis.clearAsyncJobs({ threshold: new Date(Date.now() + 1_000_000) })).resolves.toBe(true);
    await expect(kept.status()).rejects.toBeInstanceOf(AsyncJobStatusError);
    const another = jobs.ping();
    await expect(jobs.clearAsyncJobs()).resolves.toBe(true);
    await expect(another.status()).rejects.toMatchObject({ errorCode: 404 });
  });

  test("the scheduler's limit bounds how many jobs run at once", async () => {
    const scheduler = new Scheduler({ limit: 2 });
    const { jobs } = asyncClient({ scheduler });
    const submitted = Array.from({ length: 6 }, () => jobs.ping());
    let most = 0;
    const watch = setInterval(() => {
      most = Math.max(most, scheduler.activeCount);
    }, 1);
    await Promise.all(submitted.map((job) => job.wait()));
    clearInterval(watch);
    expect(most).toBe(2);
    expect(scheduler.pendingCount).toBe(0);
  });

  test('with returnResult: false calls return nothing and failures reach the exception handler', async () => {
    const exceptionHandler = vi.fn();
    const scheduler = new Scheduler({ exceptionHandler });
    const pyxis = new PyxisClient({ url: server.current.url });
    const jobs = pyxis.beginAsyncExecution({ scheduler, returnResult: false });
    expect(jobs.execute('INVALID QUERY')).toBeUndefined();
    await scheduler.waitAndClose();
    expect(exceptionHandler).toHaveBeenCalledTimes(1);
    expect(exceptionHandler.mock.calls[0]?.[0]).toMatchObject({
      message: 'Job processing failed',
      exception: expect.any(PyxisGraphQLError),
    });
    await expect(pyxis.asyncJobs({ status: 'done' })).resolves.toEqual([]);
  });

  test('a call on a closed scheduler throws at once instead of making a job that never runs', async () => {
    const scheduler = new Scheduler();
    await scheduler.close();
    const { jobs } = asyncClient({ scheduler });
    expect(() => jobs.ping()).toThrow(SchedulerClosedError);
    expect(() => jobs.ping()).toThrow('The scheduler is closed: no new jobs can be spawned');
  });

  test('maxStoredResults bounds the results held: the oldest unfetched ones are dropped first, with a warning', async () => {
    const exceptionHandler = vi.fn();
    const { jobs } = asyncClient({ maxStoredResults: 2, scheduler: new Scheduler({ exceptionHandler }) });
    const submitted = [jobs.ping(), jobs.ping(), jobs.ping()];
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(submitted[0]?.status()).rejects.toMatchObject({ errorCode: 404 });
    await expect(submitted[2]?.result()).resolves.toBe('pong');
    expect(exceptionHandler).toHaveBeenCalledTimes(1);
    expect(exceptionHandler.mock.calls[0]?.[0]).toMatchObject({
      message: 'Async job result dropped',
      exception: {
        name: 'AsyncJobResultError',
        message: expect.stringContaining(`job ${submitted[0]?.id} result dropped`),
      },
    });
  });
});
