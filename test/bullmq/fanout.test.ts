// The distributed fan-out over real workers and a real redis-server: the in-process fan-out's semantics, chunks
// of 50 on the queue, one event stream, and an abort that takes the chunks nobody started off the queue.
import { Queue } from 'bullmq';
import { afterAll, describe, expect, test } from 'vitest';
import {
  beginDurableAsyncExecution,
  createDistributedFanout,
  type DistributedFanout,
  MAX_CHUNK,
  RedisConnectError,
  startLookupWorker,
} from '../../src/bullmq/index.js';
import { SKIP } from '../../src/fanout/index.js';
import { InvalidOptionError, PyxisGraphQLError } from '../../src/index.js';
import { useRedis } from '../helpers/redis.js';
import { useServer } from '../helpers/server.js';

const redis = useRedis();
const server = useServer();

const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

let queues = 0;
/** A fresh queue, its producer, and `workers` workers on it (in this process: each its own connection and client). */
async function fleet(workers: number, options: { serverUrl?: string; concurrency?: number } = {}) {
  const queue = `fanout-${++queues}`;
  const started = Array.from({ length: workers }, () =>
    startLookupWorker({
      connection: redis.current.url,
      queue,
      concurrency: options.concurrency ?? 4,
      client: { url: options.serverUrl ?? server.current.url },
    }),
  );
  opened.push(...started);
  await Promise.all(started.map((worker) => worker.ready()));
  const producer = createDistributedFanout({ connection: redis.current.url, queue });
  opened.push(producer);
  return { queue, producer, workers: started };
}

const repoTask =
  (fanout: DistributedFanout, path: { registry: string; repository: string }) => (signal: AbortSignal) =>
    fanout.pyxis.getRepositoryByPath(path, { signal });

describe('distributed fan-out', () => {
  test('gather: input order, values as in-process, lookups 50 to a job, each job one batched request', async () => {
    const { producer, workers } = await fleet(2);
    const paths = server.current.dataset.repositoryPaths().slice(0, 240);
    const before = server.current.stats().httpRequests;
    const jobs: number[] = [];
    const allSeen = new Promise<void>((resolve) => {
      for (const worker of workers) {
        worker.worker.on('completed', (job) => {
          if (jobs.push(job.data.lookups.length) === 5) resolve();
        });
      }
    });
    const repositories = await producer.gather(paths.map((path) => repoTask(producer, path)));
    expect(repositories.map((repository) => repository?.repository)).toEqual(paths.map((p) => p.repository));
    // A worker hears of its own job's end a little after the event stream tells the producer.
    await allSeen;
    // 240 lookups started in one turn: 4 chunks of 50 and one of 40, spread over both workers.
    expect(jobs.sort((a, b) => b - a)).toEqual([50, 50, 50, 50, 40]);
    expect(server.current.stats().httpRequests - before).toBe(5);
    expect(Math.max(...jobs)).toBeLessThanOrEqual(MAX_CHUNK);
    expect(producer.chunksInFlight).toBe(0);
  });

  test('asCompleted with settle, skip and progress: errors come back typed, skipped values leave no trace', async () => {
    const { producer } = await fleet(2);
    const paths = server.current.dataset.repositoryPaths().slice(0, 30);
    const progress: number[] = [];
    const tasks = [
      ...paths.map((path) => repoTask(producer, path)),
      (signal: AbortSignal) => producer.pyxis.execute('query Bad { no_such_field }', {}, { signal }),
      (signal: AbortSignal) =>
        producer.pyxis.getRepositoryByPath(
          { registry: 'nowhere.example.com', repository: 'none' },
          { signal },
        ),
      () => SKIP,
    ];
    const seen: unknown[] = [];
    for await (const outcome of producer.asCompleted(tasks, {
      settle: true,
      skip: (value) => value === null,
      onProgress: ({ done }) => progress.push(done),
    })) {
      seen.push(outcome);
    }
    const fulfilled = seen.filter((o) => (o as { status: string }).status === 'fulfilled');
    const rejected = seen.filter((o) => (o as { status: string }).status === 'rejected') as Array<{
      reason: unknown;
    }>;
    expect(fulfilled).toHaveLength(30);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(PyxisGraphQLError);
    expect(rejected[0]?.reason).toMatchObject({ httpCode: 400 });
    expect(progress).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
  });

  test('without settle, the first failure rejects the gather with the typed error', async () => {
    const { producer } = await fleet(1);
    const paths = server.current.dataset.repositoryPaths().slice(0, 5);
    const tasks = [
      ...paths.map((path) => repoTask(producer, path)),
      (signal: AbortSignal) => producer.pyxis.execute('query Bad { no_such_field }', {}, { signal }),
    ];
    await expect(producer.gather(tasks)).rejects.toBeInstanceOf(PyxisGraphQLError);
  });

  test('an abort removes the chunks no worker has started, and the gather fails with its reason', async () => {
    // No worker yet: every chunk waits on the queue, so none has started when the abort comes.
    const queue = `fanout-${++queues}`;
    const producer = createDistributedFanout({ connection: redis.current.url, queue });
    opened.push(producer);
    const inspect = new Queue(queue, { connection: { host: redis.current.host, port: redis.current.port } });
    opened.push(inspect);
    const paths = server.current.dataset.repositoryPaths().slice(0, 120);
    const controller = new AbortController();
    const running = producer.gather(
      paths.map((path) => repoTask(producer, path)),
      { signal: controller.signal },
    );
    running.catch(() => {});
    // Three chunks (50, 50, 20) reach the queue, then the caller gives up.
    while ((await inspect.getWaitingCount()) < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error('enough');
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
    while (producer.removedChunks < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await inspect.getWaitingCount()).toBe(0);
    // A worker that comes later finds nothing to do.
    const worker = startLookupWorker({
      connection: redis.current.url,
      queue,
      client: { url: server.current.url },
    });
    opened.push(worker);
    await worker.ready();
    expect(await inspect.getJobCounts('waiting', 'active', 'completed')).toEqual({
      waiting: 0,
      active: 0,
      completed: 0,
    });
  });

  test('bad options are clear typed errors before anything is sent; an unreachable Redis fails in time', async () => {
    const make = (options: Record<string, unknown>) => () =>
      createDistributedFanout({ connection: redis.current.url, queue: 'q', ...options } as never);
    expect(make({ queue: 'a b' })).toThrow(InvalidOptionError);
    expect(make({ connectTimeout: -1 })).toThrow('`connectTimeout` option');
    expect(make({ connection: 'redis://u:hunter2@[x' })).not.toThrow(/hunter2/);
    expect(make({ concurrency: 3 })).toThrow('Unknown option `concurrency`');
    // A port where nothing listens (this test file's Redis, on another port): a typed error, the password unsaid.
    const unreachable = createDistributedFanout({
      connection: `redis://me:s3cret@127.0.0.1:${redis.current.port + 1}`,
      queue: 'q',
      connectTimeout: 300,
    });
    opened.push(unreachable);
    const error = await unreachable.pyxis.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisConnectError);
    expect((error as Error).message).toContain(`127.0.0.1:${redis.current.port + 1} within 300 ms`);
    expect((error as Error).message).not.toContain('s3cret');
    // The durable context likewise: each call on it fails so.
    const jobs = beginDurableAsyncExecution({
      connection: `redis://me:s3cret@127.0.0.1:${redis.current.port + 1}`,
      queue: 'q',
      connectTimeout: 300,
    });
    opened.push(jobs);
    await expect(jobs.ping().status()).rejects.toBeInstanceOf(RedisConnectError);
    await expect(jobs.asyncJobs({ status: 'done' })).rejects.toThrow(/within 300 ms/);
  });
});
