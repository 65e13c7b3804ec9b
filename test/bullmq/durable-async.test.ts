import { getEventListeners } from 'node:events';
import { afterAll, describe, expect, test, vi } from 'vitest';
import {
  beginDurableAsyncExecution,
  type DurableAsyncPyxisClient,
  startLookupWorker,
} from '../../src/bullmq/index.js';
import { AsyncJob, InvalidOptionError, PyxisClientClosedError, PyxisDeadlineError } from '../../src/index.js';
import { asyncContextContract } from '../execution/async-contract.js';
import { runScript } from '../helpers/process.js';
import { useRedis } from '../helpers/redis.js';
import { useServer } from '../helpers/server.js';

// Latency keeps jobs pending long enough to see them pending; nothing below depends on how long it is.
const server = useServer({ latency: { ms: 40 } });
const redis = useRedis();
const path = () => server.current.dataset.repositoryPaths()[0] as { registry: string; repository: string };

let queues = 0;
const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

/** A fresh queue with a worker on it, and a durable context on it: each test sees only its own jobs. */
function durableQueue(client: Record<string, unknown> = {}) {
  const queue = `durable-${++queues}`;
  const worker = startLookupWorker({
    connection: redis.current.url,
    queue,
    concurrency: 8,
    client: { url: server.current.url, ...client },
  });
  const open = (): DurableAsyncPyxisClient => {
    const jobs = beginDurableAsyncExecution({ connection: redis.current.url, queue });
    opened.push(jobs);
    return jobs;
  };
  opened.push(worker);
  return { queue, worker, jobs: open(), open };
}

asyncContextContract('durable, in Redis', {
  create() {
    const { jobs, open } = durableQueue();
    return { jobs, store: jobs, sibling: open };
  },
  path,
});

describe('durable async execution (Redis only)', () => {
  test('the jobs are AsyncJobs; another context on the queue reads them by id', async () => {
    const { jobs, open } = durableQueue();
    const job = jobs.getRepositoryByPath(path());
    expect(job).toBeInstanceOf(AsyncJob);
    const elsewhere = open().job<typeof job extends AsyncJob<infer T> ? T : never>(job.id);
    await expect(elsewhere.wait()).resolves.toMatchObject({ repository: path().repository });
    await expect(job.status()).rejects.toMatchObject({ name: 'AsyncJobStatusError', errorCode: 404 });
  });

  test('a job submitted by a process that has exited is read by id from another', async () => {
    const { queue } = durableQueue();
    const script = new URL('./fixtures/submit-and-exit.ts', import.meta.url).pathname;
    const submitted = await runScript(script, { args: [redis.current.url, queue, JSON.stringify(path())] });
    expect(submitted.stderr).toBe('');
    expect(submitted.code).toBe(0);
    const id = submitted.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const jobs = beginDurableAsyncExecution({ connection: redis.current.url, queue });
    opened.push(jobs);
    await expect(jobs.job(id).wait()).resolves.toMatchObject({ repository: path().repository });
  });

  test("a lookup's call options travel: its deadline holds on the worker, as the same typed error", async () => {
    const { jobs } = durableQueue();
    const error = await jobs
      .getRepositoryByPath(path(), { deadline: 1 })
      .wait()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisDeadlineError);
    expect(error).toMatchObject({ name: 'PyxisDeadlineError', deadline: 1 });
  });

  test("aborting a call's signal cancels its job", async () => {
    const { jobs } = durableQueue();
    const controller = new AbortController();
    const job = jobs.getRepositoryByPath(path(), { signal: controller.signal });
    controller.abort();
    await expect(job.wait()).rejects.toMatchObject({ name: 'AbortError' });
  });

  test("a job that ended lets go of its call's signal: a long-lived signal holds no finished job", async () => {
    const { jobs } = durableQueue();
    const controller = new AbortController();
    const submitted = Array.from({ length: 5 }, () =>
      jobs.getRepositoryByPath(path(), { signal: controller.signal }),
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await Promise.all(submitted.map((job) => job.wait()));
    // The jobs' ends reach the context through the queue's events, as their waits did.
    await vi.waitFor(() => expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0), {
      timeout: 5_000,
    });
  });

  test("a job's calls after close() fail with PyxisClientClosedError, not Redis' own error", async () => {
    const { jobs } = durableQueue();
    const job = jobs.getRepositoryByPath(path());
    await jobs.close();
    for (const call of [
      () => job.wait(),
      () => job.status(),
      () => job.result(),
      () => job.cancel(),
      () => job.clear(),
      () => jobs.asyncJobs({ status: 'done' }),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(PyxisClientClosedError);
    }
  });

  test('bad arguments and options throw at once, before anything is sent', async () => {
    const { jobs } = durableQueue();
    expect(() => jobs.getRepositoryByPath({ registry: 1 } as never)).toThrow(TypeError);
    expect(() => beginDurableAsyncExecution({ connection: redis.current.url, queue: 'a b' })).toThrow(
      InvalidOptionError,
    );
    expect(() => beginDurableAsyncExecution({ connection: 'nope', queue: 'q' })).toThrow(
      'redis:// or rediss://',
    );
    expect(() => jobs.job('')).toThrow(InvalidOptionError);
    await expect(jobs.asyncJobs({ status: 'pending' })).resolves.toEqual([]);
  });
});
