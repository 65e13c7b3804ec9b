import { describe, expect, test, vi } from 'vitest';
import { PyxisClient, PyxisGraphQLError } from '../../src/index.js';
import { Scheduler, SchedulerClosedError } from '../../src/scheduler/index.js';
import { until } from '../helpers/async.js';
import { useServer } from '../helpers/server.js';
import { asyncContextContract } from './async-contract.js';

// Latency keeps jobs pending long enough to see them pending; nothing below depends on how long it is.
const server = useServer({ latency: { ms: 40 } });
const path = () => server.current.dataset.repositoryPaths()[0] as { registry: string; repository: string };

function asyncClient(options: { scheduler?: Scheduler; maxStoredResults?: number } = {}) {
  const pyxis = new PyxisClient({ url: server.current.url });
  return { pyxis, jobs: pyxis.beginAsyncExecution(options) };
}

asyncContextContract('in memory', {
  create() {
    const { pyxis, jobs } = asyncClient();
    return {
      jobs,
      store: pyxis,
      sibling: () => pyxis.beginAsyncExecution(),
    };
  },
  path,
});

describe('async execution context (in memory only)', () => {
  test('the client keeps the default context', () => {
    const { pyxis, jobs } = asyncClient();
    expect(pyxis.context).toBe('default');
    expect(jobs.context).toBe('async');
  });

  test("the scheduler's limit bounds how many jobs run at once", async () => {
    const scheduler = new Scheduler({ limit: 2 });
    // Counted where each job's request starts and ends, so no moment goes unseen.
    const requests = { inFlight: 0, most: 0, total: 0 };
    const countingFetch: typeof fetch = async (input, init) => {
      requests.inFlight += 1;
      requests.total += 1;
      requests.most = Math.max(requests.most, requests.inFlight);
      try {
        return await fetch(input, init);
      } finally {
        requests.inFlight -= 1;
      }
    };
    const pyxis = new PyxisClient({ url: server.current.url, fetch: countingFetch });
    const jobs = pyxis.beginAsyncExecution({ scheduler });
    // Six different documents: identical lookups in flight together would share one request.
    const submitted = Array.from({ length: 6 }, (_, i) => jobs.execute(`query Q${i} { get_ping }`));
    await expect(Promise.all(submitted.map((job) => job.wait()))).resolves.toEqual(
      Array(6).fill({ get_ping: 'pong' }),
    );
    expect(requests).toEqual({ inFlight: 0, most: 2, total: 6 });
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
    // The third result to arrive is one too many: the oldest job's is dropped, whichever finished first.
    await until(() => exceptionHandler.mock.calls.length > 0);
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
