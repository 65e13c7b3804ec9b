// One budget for the fleet: the fleet's rate limit on HTTP attempts, BullMQ's limiter on job starts, across several
// workers, and a 429 that pauses the whole queue. Counted on the server side (a recording proxy in front of the
// embedded server), as test/transport/traffic does, and by the attempts' own request-start events.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, test, vi } from 'vitest';
import {
  type ChunkResult,
  deserializeError,
  FleetRateLimitError,
  type LookupChunk,
  startLookupWorker,
} from '../../src/bullmq/index.js';
import { InvalidOptionError } from '../../src/index.js';
import { useRedis } from '../helpers/redis.js';
import { useServer } from '../helpers/server.js';
import { busiestWindow } from '../helpers/windows.js';

const redis = useRedis();
const upstream = useServer();

const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

/**
 * A proxy to the embedded server that notes when each request arrives, and what it asked; `answer` may delay the
 * answer, and may answer one itself (a 429).
 */
async function recordingProxy(
  answer: (
    arrival: number,
    body: string,
  ) => { status?: number; headers?: Record<string, string>; delayMs?: number } | undefined,
) {
  const arrivals: number[] = [];
  const bodies: string[] = [];
  const server: Server = createServer((request, response) => {
    const arrival = performance.now();
    arrivals.push(arrival);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString();
      bodies.push(body);
      const decided = answer(arrival, body);
      if (decided?.delayMs) await new Promise((resolve) => setTimeout(resolve, decided.delayMs));
      if (decided?.status !== undefined) {
        response.writeHead(decided.status, { 'content-type': 'application/json', ...decided.headers });
        response.end(JSON.stringify({ errors: [{ message: 'slow down' }] }));
        return;
      }
      const forwarded = await fetch(upstream.current.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      response.writeHead(forwarded.status, { 'content-type': 'application/json' });
      response.end(await forwarded.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  opened.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { url: `http://127.0.0.1:${port}/graphql`, arrivals, bodies };
}

/** `count` jobs of one lookup each on `queue`, each a different one (identical lookups in flight share a request). */
async function addLookups(queue: string, count: number) {
  const producer = new Queue<LookupChunk, ChunkResult>(queue, {
    connection: { host: redis.current.host, port: redis.current.port },
  });
  opened.push(producer);
  const paths = upstream.current.dataset.repositoryPaths().slice(0, count);
  await producer.addBulk(
    paths.map((path) => ({
      name: 'getRepositoryByPath',
      data: { lookups: [{ method: 'getRepositoryByPath', args: [path] }] },
    })),
  );
}

/** One job of `paths.length` lookups on `queue`, and its outcomes once a worker has run it. */
async function runJob(queue: string, paths: unknown[]): Promise<ChunkResult> {
  const connection = { host: redis.current.host, port: redis.current.port };
  const events = new QueueEvents(queue, { connection });
  opened.push(events);
  await events.waitUntilReady();
  const producer = new Queue<LookupChunk, ChunkResult>(queue, { connection });
  opened.push(producer);
  const job = await producer.add('lookups', {
    lookups: paths.map((path) => ({ method: 'getRepositoryByPath', args: [path] })),
  });
  return (await job.waitUntilFinished(events, 20_000)) as ChunkResult;
}

function workersOn(queue: string, url: string, count: number, options: Record<string, unknown> = {}) {
  // No auto-batching: jobs a worker starts together would share one request, and each job is to be one here.
  const workers = Array.from({ length: count }, () =>
    startLookupWorker({ connection: redis.current.url, queue, client: { url, batch: false }, ...options }),
  );
  opened.push(...workers);
  let completed = 0;
  const allDone = (total: number) =>
    new Promise<void>((resolve) => {
      for (const worker of workers) {
        worker.worker.on('completed', () => {
          if (++completed === total) resolve();
        });
      }
    });
  return { workers, allDone };
}

/**
 * 30 lookups over 3 workers of 4 jobs each under `rateLimit`, every third failing its first attempt (retried), and
 * the turns Redis gave (ms on its clock), checked to hold 10 in any 500 ms.
 */
async function runUnderFleetRate(
  queue: string,
  rateLimit: { requests: number; perMs: number; burst?: number },
) {
  const failedOnce = new Set<string>();
  // Every third lookup fails its first attempt (a 500, retried by the worker's client): retries count too.
  const proxy = await recordingProxy((_arrival, body) => {
    if (proxy.bodies.length % 3 === 1 && !failedOnce.has(body)) {
      failedOnce.add(body);
      return { status: 500 };
    }
    return undefined;
  });
  // The limit's own decisions: each turn given is the script's LPUSH of the time it gave it, on Redis' clock, which
  // MONITOR shows as it runs. (When the attempt is seen to start, or arrives at the server, lags the turn by
  // however long the machine stalled the process: the first turns of a run come while it still loads.)
  const monitor = await new Redis(redis.current.url).monitor();
  opened.push({ close: async () => void monitor.disconnect() });
  const turns: number[] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args[0]?.toUpperCase() === 'LPUSH' && args[1] === `bull:${queue}:pyxis-rate`) {
      turns.push(Number(args[2]) / 1000);
    }
  });
  let starts = 0;
  const onEvent = (event: { type: string }) => {
    if (event.type === 'request-start') starts += 1;
  };
  const workers = Array.from({ length: 3 }, () =>
    startLookupWorker({
      connection: redis.current.url,
      queue,
      concurrency: 4,
      rateLimit,
      client: { url: proxy.url, batch: false, retryDelay: { base: 1, max: 1 }, onEvent },
    }),
  );
  opened.push(...workers);
  let completed = 0;
  const done = new Promise<void>((resolve) => {
    for (const worker of workers) {
      worker.worker.on('completed', () => {
        if (++completed === 30) resolve();
      });
    }
  });
  await Promise.all(workers.map((worker) => worker.ready()));
  await addLookups(queue, 30);
  await done;
  // 30 lookups and the retries of the ones that failed once.
  expect(failedOnce.size).toBeGreaterThan(0);
  expect(proxy.arrivals).toHaveLength(30 + failedOnce.size);
  expect(starts).toBe(proxy.arrivals.length);
  // Each attempt had its turn from Redis, and every worker took some.
  const given = workers.map((worker) => worker.rateLimitTurns);
  expect(given.reduce((sum, count) => sum + count, 0)).toBe(starts);
  for (const count of given) expect(count).toBeGreaterThan(0);
  await vi.waitFor(() => expect(turns).toHaveLength(starts)); // MONITOR's last lines may still be on their way
  // Without the limit, 12 jobs in flight and their retries would all start within a few milliseconds.
  turns.sort((a, b) => a - b);
  expect(busiestWindow(turns, 500)).toBe(10);
  // And the budget is used: the 30-odd attempts took three windows and a bit.
  expect((turns.at(-1) as number) - (turns[0] as number)).toBeGreaterThanOrEqual(1500);
  return turns;
}

describe('one budget for the fleet', () => {
  test('rateLimit holds across 3 workers over every attempt, retries included: never more than 10 in 500 ms', async () => {
    await runUnderFleetRate('fleet-rate', { requests: 10, perMs: 500 });
  }, 30_000);

  test("rateLimit with burst 1 spaces the fleet's attempts evenly (50 ms, less a late one's few)", async () => {
    const turns = await runUnderFleetRate('fleet-rate-burst', { requests: 10, perMs: 500, burst: 1 });
    // A turn up to 4 ms late counts from when it was due, so the next may come that much sooner.
    expect(busiestWindow(turns, 46)).toBe(1);
  }, 30_000);

  test("rateLimit of the wrong shape is the client's own typed error, before anything is opened", () => {
    const start = (rateLimit: unknown) => () =>
      startLookupWorker({ connection: 'redis://127.0.0.1:1', queue: 'q', rateLimit } as never);
    for (const [rateLimit, message] of [
      ['200/s', /`rateLimit` option to be an object/],
      [{ requests: 10 }, /rateLimit\.perMs/],
      [{ requests: 0, perMs: 500 }, /rateLimit\.requests/],
      [{ requests: 10, perMs: -1 }, /rateLimit\.perMs/],
      [{ requests: 10, perMs: 500, burst: 0 }, /rateLimit\.burst/],
      [
        { requests: 10, perMs: 500, brust: 2 },
        /Unknown option `brust` in `rateLimit` \(did you mean `burst`\?\)/,
      ],
    ] as const) {
      expect(start(rateLimit)).toThrow(InvalidOptionError);
      expect(start(rateLimit)).toThrow(message);
    }
  });

  test("an attempt waiting for its turn leaves the line when its call's deadline passes", async () => {
    const proxy = await recordingProxy(() => undefined);
    const queue = 'fleet-rate-deadline';
    // One request a minute for the fleet, and lookups of 400 ms at most: the first goes, the second cannot.
    const worker = startLookupWorker({
      connection: redis.current.url,
      queue,
      rateLimit: { requests: 1, perMs: 60_000 },
      client: { url: proxy.url, batch: false, deadline: 400 },
    });
    opened.push(worker);
    await worker.ready();
    const outcomes = await runJob(queue, upstream.current.dataset.repositoryPaths().slice(0, 2));
    expect(outcomes[0]?.ok).toBe(true);
    const second = outcomes[1];
    if (!second || second.ok || !('error' in second)) throw new Error(`unexpected ${JSON.stringify(second)}`);
    expect(deserializeError(second.error).name).toBe('PyxisDeadlineError');
    expect(proxy.arrivals).toHaveLength(1);
    expect(worker.rateLimitTurns).toBe(1);
  }, 30_000);

  test('a Redis error from the rate limit fails the lookup with a FleetRateLimitError; nothing is sent', async () => {
    const proxy = await recordingProxy(() => undefined);
    const queue = 'fleet-rate-broken';
    // The limit's key taken by a value of another type: Redis answers its script with WRONGTYPE.
    const other = new Redis(redis.current.url);
    opened.push({ close: async () => void (await other.quit()) });
    await other.set(`bull:${queue}:pyxis-rate`, 'not a list');
    const [worker] = Array.from({ length: 1 }, () =>
      startLookupWorker({
        connection: redis.current.url,
        queue,
        rateLimit: { requests: 10, perMs: 500 },
        client: { url: proxy.url, batch: false },
      }),
    );
    if (!worker) throw new Error('no worker');
    opened.push(worker);
    await worker.ready();
    const [outcome] = await runJob(queue, upstream.current.dataset.repositoryPaths().slice(0, 1));
    if (!outcome || outcome.ok || !('error' in outcome))
      throw new Error(`unexpected ${JSON.stringify(outcome)}`);
    const error = deserializeError(outcome.error);
    expect(error).toBeInstanceOf(FleetRateLimitError);
    expect(error.message).toMatch(
      /fleet's rate limit \(Redis key bull:fleet-rate-broken:pyxis-rate\).*WRONGTYPE/,
    );
    expect(proxy.arrivals).toHaveLength(0);
  }, 30_000);

  test('a limiter holds across 3 workers: no window holds more jobs than the limit', async () => {
    const proxy = await recordingProxy(() => undefined);
    const queue = 'fleet-limit';
    // 3 workers of 4 jobs each could send 12 requests at once; the fleet may start 4 every 500 ms.
    const { workers, allDone } = workersOn(queue, proxy.url, 3, {
      concurrency: 4,
      limiter: { max: 4, duration: 500 },
    });
    await Promise.all(workers.map((worker) => worker.ready()));
    const done = allDone(20);
    await addLookups(queue, 20);
    await done;
    expect(proxy.arrivals).toHaveLength(20);
    // The limiter counts job starts in windows of 500 ms, each opened by its first start; an arrival lags its start
    // when the machine stalls a process, so the server's windows are taken at half the limiter's.
    expect(busiestWindow(proxy.arrivals, 250)).toBeLessThanOrEqual(4);
    // Every worker took part: the budget is shared, not one worker's.
    for (const worker of workers) expect(worker.worker.isRunning()).toBe(true);
  }, 30_000);

  test('one 429 with Retry-After pauses every worker of the queue, not just the one that got it', async () => {
    let throttledAt: number | undefined;
    const proxy = await recordingProxy((arrival) => {
      if (throttledAt === undefined) {
        throttledAt = arrival;
        return { status: 429, headers: { 'retry-after': '1' } };
      }
      // The others of the first round answer a little later: their workers look for a new job during the pause.
      return { delayMs: 50 };
    });
    const queue = 'fleet-429';
    const { workers, allDone } = workersOn(queue, proxy.url, 3, { concurrency: 1 });
    await Promise.all(workers.map((worker) => worker.ready()));
    const done = allDone(12);
    await addLookups(queue, 12);
    await done;
    // 12 requests and the 429'd one's retry; one pause asked, by the worker that got the 429.
    expect(proxy.arrivals).toHaveLength(13);
    expect(workers.map((worker) => worker.queuePauses).sort()).toEqual([0, 0, 1]);
    // The first round (one job per worker) went out before the 429 came back; nothing after it came before the
    // Retry-After had passed, from any worker.
    const later = [...proxy.arrivals].sort((a, b) => a - b).slice(3);
    expect(later).toHaveLength(10);
    expect(Math.min(...later) - (throttledAt as number)).toBeGreaterThanOrEqual(1000);
  }, 30_000);

  test('a later 429 asking a shorter wait, from another worker, does not end the pause of the queue early', async () => {
    let firstAt: number | undefined;
    let firstBody: string | undefined;
    let second = false;
    const proxy = await recordingProxy((arrival, body) => {
      if (firstAt === undefined) {
        firstAt = arrival;
        firstBody = body;
        return { status: 429, headers: { 'retry-after': '2' } };
      }
      // Another worker's lookup, answered once the 2 s pause is on: its 429 asks for 1 s, inside the 2 s.
      if (!second && body !== firstBody) {
        second = true;
        return { status: 429, headers: { 'retry-after': '1' }, delayMs: 200 };
      }
      return { delayMs: 50 };
    });
    const queue = 'fleet-429-shorter';
    const { workers, allDone } = workersOn(queue, proxy.url, 3, { concurrency: 1 });
    await Promise.all(workers.map((worker) => worker.ready()));
    const done = allDone(12);
    await addLookups(queue, 12);
    await done;
    // Two workers each got a 429 and asked for a pause.
    expect(workers.map((worker) => worker.queuePauses).sort()).toEqual([0, 1, 1]);
    // 12 requests and the two 429'd ones' retries (which are no new jobs: they may go out when their own client's
    // pause ends). The first round (one job per worker) went out before the first 429 came back; no new lookup
    // arrived before its 2 s had passed, though the second 429's 1 s ended sooner.
    expect(proxy.arrivals).toHaveLength(14);
    const newLookups: number[] = [];
    const seen = new Set<string>();
    proxy.bodies.forEach((body, index) => {
      if (!seen.has(body)) newLookups.push(proxy.arrivals[index] as number);
      seen.add(body);
    });
    const later = newLookups.sort((a, b) => a - b).slice(3);
    expect(later).toHaveLength(9);
    expect(Math.min(...later) - (firstAt as number)).toBeGreaterThanOrEqual(2000);
  }, 30_000);
});
