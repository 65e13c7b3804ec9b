import { type Job, Queue, QueueEvents } from 'bullmq';
import { afterAll, describe, expect, test } from 'vitest';
import {
  CHUNK_JOB_NAME,
  type ChunkResult,
  deserializeError,
  type LookupChunk,
  startLookupWorker,
} from '../../src/bullmq/index.js';
import { jobName } from '../../src/bullmq/jobs.js';
import { InvalidOptionError, PyxisGraphQLError } from '../../src/index.js';
import { startCli } from '../cli/helpers.js';
import { useRedis } from '../helpers/redis.js';
import { useServer } from '../helpers/server.js';

const redis = useRedis();
const server = useServer();
const slowServer = useServer({ latency: { ms: 200 } });

let queues = 0;
const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

/** A fresh queue with its producer side: add a chunk, and wait for its outcome from the queue's event stream. */
async function producer() {
  const name = `worker-test-${++queues}`;
  const connection = { host: redis.current.host, port: redis.current.port };
  const queue = new Queue<LookupChunk, ChunkResult>(name, { connection });
  const events = new QueueEvents(name, { connection });
  opened.push(queue, events);
  await events.waitUntilReady();
  const run = async (chunk: LookupChunk) => {
    const job: Job<LookupChunk, ChunkResult> = await queue.add(jobName(chunk), chunk);
    return { job, result: (await job.waitUntilFinished(events)) as ChunkResult };
  };
  return { name, queue, events, run };
}

function countingFetch() {
  const counter = { requests: 0, fetch: undefined as unknown as typeof fetch };
  counter.fetch = async (input, init) => {
    counter.requests += 1;
    return fetch(input, init);
  };
  return counter;
}

describe('startLookupWorker', () => {
  test("runs a chunk's lookups as one batched request, each outcome in order, errors as data", async () => {
    const { name, run } = await producer();
    const counter = countingFetch();
    const worker = startLookupWorker({
      connection: redis.current.url,
      queue: name,
      client: { url: server.current.url, fetch: counter.fetch },
    });
    opened.push(worker);
    const [first, second] = server.current.dataset.repositoryPaths();
    const { job, result } = await run({
      lookups: [
        { method: 'getRepositoryByPath', args: [first] },
        { method: 'getRepositoryByPath', args: [second] },
        {
          method: 'getRepositoryByPath',
          args: [{ registry: 'registry.example.com', repository: 'no/such' }],
        },
        {
          method: 'findRepositoriesByRepositoryName',
          args: [first?.repository, { maxItems: { $pyxis: 'Infinity' } }],
        },
      ],
    });
    expect(job.name).toBe(CHUNK_JOB_NAME);
    expect(result.map((outcome) => outcome.ok)).toEqual([true, true, true, true]);
    expect(result[0]).toMatchObject({ value: { repository: first?.repository } });
    expect(result[1]).toMatchObject({ value: { repository: second?.repository } });
    expect(result[2]).toEqual({ ok: true, value: null });
    expect(counter.requests).toBe(1);
  });

  test('a failed lookup comes back as the same typed error, with its fields; a bad call is a TypeError', async () => {
    const { name, run } = await producer();
    const worker = startLookupWorker({
      connection: redis.current.url,
      queue: name,
      client: { url: server.current.url },
    });
    opened.push(worker);
    const { result } = await run({
      lookups: [
        { method: 'execute', args: ['INVALID QUERY'] },
        { method: 'close', args: [] },
        { method: 'getRepositoryByPath', args: [{ registry: 42 }] },
      ],
    });
    const [invalid, close, badArgs] = result.map((outcome) =>
      !outcome.ok && 'error' in outcome ? deserializeError(outcome.error) : outcome,
    );
    expect(invalid).toBeInstanceOf(PyxisGraphQLError);
    expect(invalid).toMatchObject({ name: 'PyxisGraphQLError', httpCode: 400, attempts: 1 });
    expect((invalid as PyxisGraphQLError).errors[0]?.message).toContain('Syntax Error');
    expect(close).toBeInstanceOf(TypeError);
    expect((close as Error).message).toBe('pyxis-gql worker: unknown method "close"');
    expect(badArgs).toBeInstanceOf(TypeError);
    expect((badArgs as Error).message).toContain('registry');
  });

  test('a job of one lookup is named after its method, so dashboards show what it does', () => {
    expect(jobName({ lookups: [{ method: 'getRepositoryByPath', args: [] }] })).toBe('getRepositoryByPath');
    expect(
      jobName({
        lookups: [
          { method: 'ping', args: [] },
          { method: 'ping', args: [] },
        ],
      }),
    ).toBe('lookups');
  });

  test('close() takes no new job and finishes the ones it holds', async () => {
    const { name, queue, events } = await producer();
    const worker = startLookupWorker({
      connection: redis.current.url,
      queue: name,
      client: { url: slowServer.current.url },
    });
    const active = new Promise<void>((resolve) => worker.worker.once('active', () => resolve()));
    const path = slowServer.current.dataset.repositoryPaths()[0];
    const held = await queue.add('getRepositoryByPath', {
      lookups: [{ method: 'getRepositoryByPath', args: [path] }],
    });
    await active;
    await worker.close();
    // Finished before close() resolved: the outcome is there, and the client was closed after it.
    expect(await held.waitUntilFinished(events)).toMatchObject([
      { ok: true, value: { repository: path?.repository } },
    ]);
    await expect(worker.client.ping()).rejects.toMatchObject({ name: 'PyxisClientClosedError' });
    const later = await queue.add('ping', { lookups: [{ method: 'ping', args: [] }] });
    expect(await later.getState()).toBe('waiting');
  });

  test('bad options are clear typed errors before anything is sent', () => {
    const start = (options: Record<string, unknown>) => () =>
      startLookupWorker({ connection: redis.current.url, queue: 'q', ...options } as never);
    expect(start({ queue: 'bad:name' })).toThrow(InvalidOptionError);
    expect(start({ queue: 'bad:name' })).toThrow('`queue` option');
    expect(start({ concurrency: 0 })).toThrow('`concurrency` option');
    expect(start({ connection: 'http://host:6379' })).toThrow('redis:// or rediss://');
    expect(start({ connection: 'redis://user:hunter2@[bad' })).not.toThrow(/hunter2/);
    expect(start({ connection: 'redis://user:hunter2@[bad' })).toThrow(InvalidOptionError);
    expect(start({ conection: 'x' })).toThrow('did you mean `connection`');
    expect(start({ client: { url: 'not a url' } })).toThrow(TypeError);
    expect(start({ client: { onEvent: 'log' } })).toThrow('`onEvent` option');
  });

  test("the client's own onEvent hears every attempt: the worker watches them for 429s beside it", async () => {
    const { name, run } = await producer();
    const heard: string[] = [];
    const worker = startLookupWorker({
      connection: redis.current.url,
      queue: name,
      client: { url: server.current.url, onEvent: (event) => heard.push(event.type) },
    });
    opened.push(worker);
    const [path] = server.current.dataset.repositoryPaths();
    const { result } = await run({ lookups: [{ method: 'getRepositoryByPath', args: [path] }] });
    expect(result[0]?.ok).toBe(true);
    expect(heard).toEqual(['request-start', 'request-end']);
    expect(worker.queuePauses).toBe(0);
  });
});

describe('pyxis-gql worker', () => {
  test('runs lookups from the queue; Ctrl-C finishes the job it holds, then exits 130', async () => {
    const { name, queue, events } = await producer();
    const cli = startCli([
      'worker',
      '--redis',
      redis.current.url,
      '--queue',
      name,
      '--url',
      slowServer.current.url,
    ]);
    await cli.waitForStderr('Ctrl-C to stop');
    const path = slowServer.current.dataset.repositoryPaths()[1];
    const activeSeen = new Promise<void>((resolve) => events.once('active', () => resolve()));
    const job = await queue.add('getRepositoryByPath', {
      lookups: [{ method: 'getRepositoryByPath', args: [path] }],
    });
    await activeSeen;
    cli.child.kill('SIGINT');
    const run = await cli.exited;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('finishing the jobs held');
    expect(run.stderr).toContain('1 jobs done, 0 failed');
    expect(await job.waitUntilFinished(events)).toMatchObject([
      { ok: true, value: { repository: path?.repository } },
    ]);
  });

  test('a malformed Redis URL is a usage error (exit 2) that does not quote it', async () => {
    const run = await startCli([
      'worker',
      '--redis',
      'redis://me:s3cret-pass@[x',
      '--url',
      server.current.url,
    ]).exited;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('redis:// or rediss:// URL');
    expect(run.stderr).not.toContain('s3cret');
  });
});
