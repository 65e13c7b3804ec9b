// The client's traffic control: the rate limit over every attempt, the client-wide pause after 429/503, and the
// adaptive request cap. Real loopback servers; fake timers where time itself is the subject.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { PyxisClient } from '../../src/index.js';
import { startPyxisServer } from '../../src/server/index.js';
import { AdaptiveConcurrency } from '../../src/transport/adaptive-concurrency.js';
import { RateLimit } from '../../src/transport/rate-limit.js';
import { RequestCap } from '../../src/transport/request-cap.js';
import { advanceUntil, settledFlag, until } from '../helpers/async.js';
import { forward, json, useScriptedServer } from '../helpers/scripted-server.js';
import { busiestWindow } from '../helpers/windows.js';

const serve = useScriptedServer();

afterEach(() => {
  vi.useRealTimers();
});

/**
 * `count` takes of `limit`, all asked for at once, under fake timers; when each was granted. Also checks that
 * they were granted in the order asked.
 */
async function takeAll(limit: RateLimit, count: number): Promise<number[]> {
  const taken: number[] = [];
  const takes = Array.from({ length: count }, async (_, i) => {
    await limit.take(undefined);
    taken.push(i);
    return performance.now();
  });
  const done = settledFlag(Promise.all(takes));
  // From timer to timer, each one's callbacks and what they resolve run at that timer's time.
  while (!done()) await vi.advanceTimersToNextTimerAsync();
  expect(taken).toEqual([...Array(count).keys()]); // first come, first served
  return Promise.all(takes);
}

describe('rateLimit', () => {
  test('no window of perMs holds more than `requests` takes, and each waiter goes in turn', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const limit = new RateLimit({ requests: 5, perMs: 1000 });
    const times = await takeAll(limit, 30);
    expect(busiestWindow(times, 1000)).toBe(5);
    // Five at once (the default burst is `requests`), then five more as each window of a second ends.
    expect(times.map((time) => Math.round(time))).toEqual(times.map((_, i) => Math.floor(i / 5) * 1000));
  });

  test('with burst 1 the takes go evenly spaced, perMs / requests apart, the first at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const limit = new RateLimit({ requests: 5, perMs: 1000, burst: 1 });
    const times = await takeAll(limit, 30);
    expect(busiestWindow(times, 1000)).toBe(5);
    expect(times.map((time) => Math.round(time))).toEqual(times.map((_, i) => i * 200));
  });

  test('a burst lets that many go at once after a quiet spell, and the window still holds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const limit = new RateLimit({ requests: 10, perMs: 1000, burst: 4 });
    const times = await takeAll(limit, 30);
    // Four at once, four more 400 ms later (at most 4 in any 400 ms), and never more than 10 in a second.
    expect(times.slice(0, 8).map((time) => Math.round(time))).toEqual([0, 0, 0, 0, 400, 400, 400, 400]);
    expect(busiestWindow(times, 1000)).toBe(10);
    expect(busiestWindow(times, 400)).toBe(4);
  });

  test('a waiter whose signal aborts leaves the line, and the next one gets its turn', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const limit = new RateLimit({ requests: 1, perMs: 100 });
    expect(limit.take(undefined)).toBeUndefined();
    const controller = new AbortController();
    const leaving = limit.take(controller.signal);
    const staying = limit.take(undefined);
    const reason = new Error('gave up');
    controller.abort(reason);
    await expect(leaving).rejects.toBe(reason);
    const stayed = settledFlag(staying as Promise<void>);
    await advanceUntil(stayed, 10);
    expect(performance.now()).toBeLessThan(200); // it took the turn the first waiter left, not the one after
  });

  test('holds over methods, batches, pages and retries alike', async () => {
    const pyxis = await startPyxisServer({ dataset: { repositories: 100 } });
    let arrivals = 0;
    let failedOnce = false;
    // In front of the embedded server: counts the attempts, and fails the first one (a retry).
    const front = await serve((request, response) => {
      arrivals += 1;
      if (!failedOnce) {
        failedOnce = true;
        json(response, 500, { errors: [{ message: 'try again' }] });
        return;
      }
      forward(pyxis.url, request.body, response);
    });
    // Every attempt asks the limit for its turn: told by the limit's own answers, not by the clock (the first
    // test pins the timing with fake timers; on a loaded machine, when an attempt is seen to start lags when it
    // was let go by however long the process was stalled).
    const take = RateLimit.prototype.take;
    const turns: Array<'at once' | 'waited'> = [];
    vi.spyOn(RateLimit.prototype, 'take').mockImplementation(function (this: RateLimit, signal) {
      const turn = take.call(this, signal);
      turns.push(turn === undefined ? 'at once' : 'waited');
      return turn;
    });
    const client = new PyxisClient({
      url: front.url,
      batch: { maxSize: 5 },
      pageSize: 10,
      retryDelay: { base: 1, max: 1 },
      rateLimit: { requests: 5, perMs: 500 },
    });
    const paths = pyxis.dataset.repositoryPaths().slice(0, 20);
    const started = performance.now();
    try {
      await Promise.all([
        client.ping(),
        ...paths.map((path) => client.getRepositoryByPath(path)), // batches of five
        client.findRepositories({}), // 100 repositories: ten pages, batched too
      ]);
    } finally {
      vi.restoreAllMocks();
      await client.close();
      await pyxis.close();
    }
    // 22 lookups of the first tick in 5 batches, one of them sent twice, and 9 more pages in 2.
    expect(arrivals).toBe(8);
    expect(turns).toHaveLength(arrivals);
    // Five go at once; the retry, asked a millisecond after its failure, always waits for the window. (The pages
    // wait too when they ask within it, which depends on which attempt the server failed.)
    expect(turns.slice(0, 5)).toEqual(Array(5).fill('at once'));
    expect(turns).toContain('waited');
    expect(performance.now() - started).toBeGreaterThanOrEqual(500);
  }, 30_000);
});

describe('the client-wide pause after a 429', () => {
  test('one 429 holds every new attempt back for its Retry-After, and the others are not sent into it', async () => {
    const arrivals: number[] = [];
    let throttledAt: number | undefined;
    let statuses = { throttled: 0, ok: 0 };
    const server = await serve((_request, response) => {
      arrivals.push(performance.now());
      if (throttledAt === undefined) {
        throttledAt = performance.now();
        statuses.throttled++;
        json(response, 429, { errors: [{ message: 'slow down' }] }, { 'retry-after': '1' });
        return;
      }
      statuses.ok++;
      // The others of the first round answer a little later: their slots free up while the pause runs.
      setTimeout(() => json(response, 200, { data: { get_ping: 'pong' } }), 20);
    });
    const client = new PyxisClient({ url: server.url, maxConcurrency: 10 });
    const lookups = Array.from({ length: 50 }, (_, i) => client.request(`query Q${i} { get_ping }`));
    await Promise.all(lookups);
    await client.close();
    statuses = { ...statuses };
    expect(statuses).toEqual({ throttled: 1, ok: 50 });
    // The first round of 10 went out before the 429 came back; every attempt after it waited the whole second.
    const later = arrivals.slice(10);
    expect(later.length).toBe(41);
    expect(Math.min(...later) - (throttledAt as number)).toBeGreaterThanOrEqual(1000);
    expect(client.traffic()).toMatchObject({ throttled: 1, inFlight: 0 });
    expect(client.traffic().pausedMs).toBeGreaterThanOrEqual(1000);
  }, 20_000);

  test('a server answering 429 to everyone gets at most one per request in flight, not one per lookup', async () => {
    let throttled = 0;
    let openAt: number | undefined;
    const server = await serve((_request, response) => {
      openAt ??= performance.now() + 1000;
      if (performance.now() < openAt) {
        throttled++;
        json(response, 429, { errors: [{ message: 'slow down' }] }, { 'retry-after': '1' });
        return;
      }
      json(response, 200, { data: { get_ping: 'pong' } });
    });
    const client = new PyxisClient({ url: server.url, maxConcurrency: 10 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => client.request(`query Q${i} { get_ping }`)));
    await client.close();
    // Each request waiting alone would have met the 429 on its own: 50 of them. The pause stopped the 40 behind.
    expect(throttled).toBeLessThanOrEqual(10);
  }, 20_000);
});

describe('adaptive concurrency', () => {
  /**
   * A server of `capacity`, simulated in fake time: up to `capacity` requests are served in `baseMs`, those above
   * it wait their turn, and above `hardLimit` in flight it answers 429.
   */
  async function converge(capacity: number, rounds: number) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const cap = new RequestCap(16);
    const adaptive = new AdaptiveConcurrency(cap, { min: 1, max: 128, initial: 16 });
    const baseMs = 20;
    const hardLimit = capacity * 3;
    const caps: number[] = [];
    let inServer = 0;
    let done = 0;
    const request = async (): Promise<void> => {
      await cap.acquire(undefined);
      const sentAt = performance.now();
      inServer++;
      const overloaded = inServer > hardLimit;
      const queueRounds = Math.ceil(inServer / capacity);
      await new Promise((resolve) => setTimeout(resolve, overloaded ? 1 : baseMs * queueRounds));
      inServer--;
      if (overloaded) adaptive.overloaded(sentAt);
      else adaptive.succeeded(performance.now() - sentAt);
      cap.release();
      caps.push(cap.limit);
      done++;
    };
    // Callers always want more than the cap: 200 lookups waiting at any time.
    const total = rounds;
    let started = 0;
    const pump = async () => {
      while (started < total) {
        started++;
        await request();
      }
    };
    const pumps = Promise.all(Array.from({ length: 200 }, pump));
    await advanceUntil(() => done === total, 1);
    await pumps;
    return caps;
  }

  test('on a server of capacity 20 the cap settles within [10, 40] and stays there', async () => {
    const caps = await converge(20, 6000);
    const settled = caps.slice(2000);
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...settled)).toBeLessThanOrEqual(40);
  }, 60_000);

  test('lowering the cap admits no one until fewer remain in flight; raising it lets waiters in at once', async () => {
    const cap = new RequestCap(2);
    cap.acquire(undefined);
    cap.acquire(undefined);
    const third = settledFlag(cap.acquire(undefined) as Promise<void>);
    cap.limit = 1;
    cap.release();
    await until(() => true);
    expect(third()).toBe(false); // one still in flight, and the cap is 1
    cap.limit = 3;
    await until(third);
    expect(cap.inFlight).toBe(2);
  });
});
