// Faults with nothing lost: real worker processes, a real SIGKILL, the real redis-server.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import {
  beginDurableAsyncExecution,
  createDistributedFanout,
  startLookupWorker,
} from '../../src/bullmq/index.js';
import { PyxisClient, PyxisGraphQLError, PyxisHttpError } from '../../src/index.js';
import { useRedis } from '../helpers/redis.js';
import { useServer } from '../helpers/server.js';

const server = useServer({ latency: { ms: 30 } });
// One repository for each of the 10,000 lookups, so that every answer names the lookup it belongs to.
const big = useServer({ dataset: { repositories: 10_000 }, latency: { ms: 5 } });
const failing = useServer({ faults: { http500: 1 } });
const redis = useRedis();

const children: ChildProcess[] = [];
const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const thing of opened.reverse()) await thing.close();
});

/** Wakes whoever waits for a condition each time something they may be watching happens: events, no sleeps. */
const waiters: Array<() => void> = [];
function changed(): void {
  for (const wake of waiters.splice(0)) wake();
}
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise<void>((resolve) => waiters.push(resolve));
}

/** A worker process on `queue` sending to `serverUrl`, with what it has printed so far. */
function workerProcess(queue: string, serverUrl = server.current.url) {
  const script = new URL('./fixtures/worker-process.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script, redis.current.url, queue, serverUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: string[] = [];
  let buffer = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const complete = buffer.split('\n');
    buffer = complete.pop() ?? '';
    lines.push(...complete);
    changed();
  });
  child.once('exit', changed);
  /** The jobs it has started and not finished, as far as it has said. */
  const unfinished = () => {
    const active = new Set(lines.filter((l) => l.startsWith('active ')).map((l) => l.slice(7)));
    for (const line of lines) if (line.startsWith('completed ')) active.delete(line.slice(10));
    return active;
  };
  const count = (word: string) => lines.filter((l) => l.startsWith(`${word} `)).length;
  return { child, lines, unfinished, count };
}

/**
 * A loopback door to `target`: requests get their answers until `hold()` says otherwise; from then on each is still
 * sent on (so the server runs its lookups) but its answer is held back, never delivered. A worker behind it ends
 * up holding chunks it cannot finish, whose lookups the server has run: the state a kill -9 must recover from.
 */
async function answerUntil(target: string, hold: () => boolean) {
  const state = { answered: 0, held: 0, forwarding: 0 };
  const holding: ServerResponse[] = [];
  const door = createServer((request, response) => {
    const body: Buffer[] = [];
    request.on('data', (part: Buffer) => body.push(part));
    request.on('end', async () => {
      state.forwarding += 1;
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'accept', 'x-api-key']) {
        const value = request.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await fetch(target, {
        method: request.method,
        headers,
        body: Buffer.concat(body),
      }).catch(() => undefined);
      const text = (await answer?.text().catch(() => undefined)) ?? '';
      state.forwarding -= 1;
      if (answer === undefined) {
        response.destroy();
        return;
      }
      if (!hold()) {
        state.answered += 1;
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
        response.end(text);
      } else {
        state.held += 1;
        holding.push(response);
      }
      changed();
    });
  });
  await new Promise<void>((resolve) => door.listen(0, '127.0.0.1', resolve));
  const { port } = door.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${new URL(target).pathname}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of holding) response.destroy();
        door.closeAllConnections();
        door.close(() => resolve());
      }),
  };
}

describe('faults', () => {
  test('kill -9 a worker holding chunks of 10,000 fanned-out lookups over 3 workers: each ends once, in order', async () => {
    const queue = 'kill-9-fanout';
    const paths = big.current.dataset.repositoryPaths();
    expect(paths).toHaveLength(10_000);
    // Once the victim has finished a chunk, the answers to it stop coming: it is killed for certain while it
    // holds unfinished chunks whose lookups the server has already run.
    let victimFinished = () => false;
    const door = await answerUntil(big.current.url, () => victimFinished());
    opened.push(door);
    const victim = workerProcess(queue, door.url);
    victimFinished = () => victim.count('completed') > 0;
    const survivors = [workerProcess(queue, big.current.url), workerProcess(queue, big.current.url)];
    const workers = [victim, ...survivors];
    await until(() => workers.every((worker) => worker.lines.includes('ready')));
    const fleet = createDistributedFanout({ connection: redis.current.url, queue });
    opened.push(fleet);
    const lookupsBefore = big.current.stats().rootFields;

    // One lookup in a hundred fails as a typed error, in every chunk and whichever worker runs it.
    const fails = (index: number) => index % 100 === 37;
    const tasks = paths.map((path, index) =>
      fails(index)
        ? (signal: AbortSignal) => fleet.pyxis.execute(`query Bad${index} { no_such_field }`, {}, { signal })
        : (signal: AbortSignal) => fleet.pyxis.getRepositoryByPath(path, { signal }),
    );
    const running = fleet.gather(tasks, { settle: true });

    await until(
      () =>
        victim.count('completed') > 0 &&
        victim.unfinished().size > 0 &&
        door.state.held > 0 &&
        door.state.forwarding === 0,
    );
    const heldWhenKilled = [...victim.unfinished()];
    victim.child.kill('SIGKILL');

    const outcomes = await running;
    // Each of the 10,000 ended exactly once, in input order: its own repository, or its typed error.
    const seen = outcomes.map((outcome) =>
      outcome.status === 'fulfilled'
        ? `${(outcome.value as { registry?: string })?.registry}/${(outcome.value as { repository?: string })?.repository}`
        : `${(outcome.reason as Error).name} ${(outcome.reason as PyxisGraphQLError).httpCode}`,
    );
    const expected = paths.map((path, index) =>
      fails(index) ? 'PyxisGraphQLError 400' : `${path.registry}/${path.repository}`,
    );
    expect(seen).toEqual(expected);
    for (const [index, outcome] of outcomes.entries()) {
      if (fails(index))
        expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(PyxisGraphQLError);
    }
    expect(fleet.chunksInFlight).toBe(0);
    expect(victim.child.signalCode).toBe('SIGKILL');

    // The chunks the dead worker held were taken up by the others (stalled, then run again): the lookups of those
    // whose answers the door held back ran twice on the server, and were delivered once. (`some`: a chunk the
    // victim finished in the instant before the kill is among those it held, and is not run again.)
    await until(() =>
      heldWhenKilled.some((id) => survivors.some((worker) => worker.lines.includes(`completed ${id}`))),
    );
    const ran = big.current.stats().rootFields - lookupsBefore;
    expect(ran).toBeGreaterThan(10_000 - 100);
    for (const worker of workers) expect(worker.count('completed')).toBeGreaterThan(0);
  }, 60_000);

  test('kill -9 a worker in the middle of durable async jobs: each ends once, its result fetched once', async () => {
    const queue = 'kill-9';
    const workers = [workerProcess(queue), workerProcess(queue), workerProcess(queue)];
    await until(() => workers.every((worker) => worker.lines.includes('ready')));
    const jobs = beginDurableAsyncExecution({ connection: redis.current.url, queue });
    opened.push(jobs);
    const paths = server.current.dataset.repositoryPaths().slice(0, 240);
    const submitted = paths.map((path) => jobs.getRepositoryByPath(path));
    // A few that fail, as typed errors, whichever worker runs them.
    const invalid = Array.from({ length: 10 }, (_, i) => jobs.execute(`query Q${i} { no_such_field }`));

    // Killed while it holds jobs it has not finished, once the run is under way.
    const victim = workers[0] as ReturnType<typeof workerProcess>;
    await until(() => victim.count('completed') > 0 && victim.unfinished().size > 0);
    const heldWhenKilled = [...victim.unfinished()];
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
