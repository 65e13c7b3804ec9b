// Faults with nothing lost: real worker processes, a real SIGKILL, the real redis-server.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, test } from 'vitest';
import { beginDurableAsyncExecution, startLookupWorker } from '../../src/bullmq/index.js';
import { PyxisClient, PyxisHttpError } from '../../src/index.js';
import { useRedis } from '../helpers/redis.js';
import { useServer } from '../helpers/server.js';

const server = useServer({ latency: { ms: 30 } });
const failing = useServer({ faults: { http500: 1 } });
const redis = useRedis();

const children: ChildProcess[] = [];
const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const thing of opened.reverse()) await thing.close();
});

/** A worker process on `queue`, with what it has printed so far and a wait for a line. */
function workerProcess(queue: string) {
  const script = new URL('./fixtures/worker-process.ts', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, redis.current.url, queue, server.current.url],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const state = { child, lines: [] as string[], waiters: [] as Array<() => void> };
  let buffer = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    state.lines.push(...lines);
    for (const wake of state.waiters.splice(0)) wake();
  });
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise<void>((resolve) => state.waiters.push(resolve));
  };
  return { ...state, until };
}

describe('faults', () => {
  test('kill -9 a worker in the middle of many lookups over 3 workers: every lookup ends exactly once', async () => {
    const queue = 'kill-9';
    const workers = [workerProcess(queue), workerProcess(queue), workerProcess(queue)];
    await Promise.all(workers.map((worker) => worker.until(() => worker.lines.includes('ready'))));
    const jobs = beginDurableAsyncExecution({ connection: redis.current.url, queue });
    opened.push(jobs);
    const paths = server.current.dataset.repositoryPaths().slice(0, 240);
    const submitted = paths.map((path) => jobs.getRepositoryByPath(path));
    // A few that fail, as typed errors, whichever worker runs them.
    const invalid = Array.from({ length: 10 }, (_, i) => jobs.execute(`query Q${i} { no_such_field }`));

    // Killed while it holds jobs it has not finished, once the run is under way.
    const victim = workers[0] as ReturnType<typeof workerProcess>;
    const unfinished = () => {
      const active = new Set(victim.lines.filter((l) => l.startsWith('active ')).map((l) => l.slice(7)));
      for (const line of victim.lines) if (line.startsWith('completed ')) active.delete(line.slice(10));
      return active;
    };
    await victim.until(() => victim.lines.some((l) => l.startsWith('completed ')) && unfinished().size > 0);
    const heldWhenKilled = [...unfinished()];
    victim.child.kill('SIGKILL');

    const values = await Promise.all(submitted.map((job) => job.wait()));
    expect(values.map((value) => value?.repository)).toEqual(paths.map((path) => path.repository));
    const errors = await Promise.all(invalid.map((job) => job.wait().catch((e: unknown) => e)));
    for (const error of errors) expect(error).toMatchObject({ name: 'PyxisGraphQLError', httpCode: 400 });
    // Delivered once: fetched, each job is gone; and the jobs the dead worker held were among them.
    const ids = new Set([...submitted, ...invalid].map((job) => job.id));
    for (const id of heldWhenKilled) expect(ids.has(id)).toBe(true);
    await expect(jobs.asyncJobs({ status: 'done' })).resolves.toEqual([]);
    await expect(jobs.asyncJobs({ status: 'pending' })).resolves.toEqual([]);
    await expect(submitted[0]?.status()).rejects.toMatchObject({ errorCode: 404 });
    expect(victim.child.signalCode).toBe('SIGKILL');
  }, 60_000);

  test('a lookup whose retries run out ends as the same typed error as in-process', async () => {
    const queue = 'retries-out';
    const client = { url: failing.current.url, retries: 2, retryDelay: { base: 1, max: 1 } };
    const worker = startLookupWorker({ connection: redis.current.url, queue, client });
    opened.push(worker);
    const jobs = beginDurableAsyncExecution({ connection: redis.current.url, queue });
    opened.push(jobs);
    const path = failing.current.dataset.repositoryPaths()[0] as { registry: string; repository: string };
    const inProcess = new PyxisClient(client);
    opened.push(inProcess);
    const expected = await inProcess.getRepositoryByPath(path).catch((e: unknown) => e);
    const received = await jobs
      .getRepositoryByPath(path)
      .wait()
      .catch((e: unknown) => e);
    expect(expected).toBeInstanceOf(PyxisHttpError);
    expect(received).toBeInstanceOf(PyxisHttpError);
    expect(received?.constructor).toBe(expected?.constructor);
    const fields = (error: unknown) => {
      const { name, message, httpCode, attempts, body, retryAfter, traceId } = error as PyxisHttpError;
      return { name, message, httpCode, attempts, body, retryAfter, traceId };
    };
    // Each request gets its own trace id: the rest is the same.
    expect({ ...fields(received), traceId: typeof fields(received).traceId }).toEqual({
      ...fields(expected),
      traceId: 'string',
    });
    expect(fields(received)).toMatchObject({ attempts: 3, httpCode: 500 });
  });
});
