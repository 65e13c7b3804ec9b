// The deadline bounds a whole call: every page, every retry and every wait between retries. It is applied once
// per call, by the DeadlineExecutor at the top of the executors; these tests drive it over the default executor,
// the real HTTP transport and a loopback server.
import { describe, expect, test, vi } from 'vitest';
import { type ConnectionOptions, resolveOptions } from '../../src/client/options.js';
import { PyxisDeadlineError, PyxisHttpError, PyxisTimeoutError } from '../../src/errors/index.js';
import {
  applyDeadline,
  type CallOptions,
  DeadlineExecutor,
  DirectExecutor,
  type Lookup,
} from '../../src/execution/index.js';
import { PyxisClient } from '../../src/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { HttpTransport } from '../../src/transport/transport.js';
import { advanceUntil, failure, settledFlag, until } from '../helpers/async.js';
import { json, type Script, useScriptedServer } from '../helpers/scripted-server.js';

const serve = useScriptedServer();

function executor(url: string, options: ConnectionOptions = {}) {
  const resolved = resolveOptions({ url, retryDelay: { base: 1, max: 1 }, ...options });
  return new DeadlineExecutor(new DirectExecutor(new HttpTransport(resolved)), resolved.deadline);
}

const ping: Lookup<unknown> = {
  kind: 'ping',
  document: '{ get_ping }',
  variables: {},
  complete: (response) => response.data.get_ping,
};

/** A lookup that reads `pages` pages, one request each, as the `find*` methods do. */
function pagesLookup(pages: number): Lookup<number> {
  return {
    kind: 'pages',
    document: 'query ($page: Int) { get_ping }',
    variables: { page: 0 },
    async complete(_first, send) {
      for (let page = 1; page < pages; page++) await send(this.document, { page });
      return pages;
    },
  };
}

const stall: Script = () => {};
const ok: Script = (_request, response) => json(response, 200, { data: { get_ping: 'pong' } });

describe('deadline', () => {
  test('a stalled server is cut off at the deadline with a PyxisDeadlineError (a PyxisTimeoutError too)', async () => {
    const server = await serve(stall);
    const error = await failure(executor(server.url).execute(ping, { deadline: 200 }));
    expect(error).toBeInstanceOf(PyxisDeadlineError);
    expect(error).toBeInstanceOf(PyxisTimeoutError);
    expect(error).toMatchObject({ deadline: 200, timeout: 200, attempts: 1 });
    expect((error as Error).message).toBe('Pyxis call exceeded its deadline of 200 ms');
  });

  test('the client deadline applies when the call gives none; the call deadline overrides it', async () => {
    const server = await serve(stall);
    await expect(executor(server.url, { deadline: 50 }).execute(ping, {})).rejects.toMatchObject({
      name: 'PyxisDeadlineError',
      deadline: 50,
    });
    await expect(
      executor(server.url, { deadline: 60_000 }).execute(ping, { deadline: 40 }),
    ).rejects.toMatchObject({ deadline: 40 });
  });

  test('the deadline spans retries, and its error tells the failure before it', async () => {
    let requests = 0;
    const server = await serve((request, response, socket) => {
      if (requests++ === 0) json(response, 503, { errors: [{ message: 'busy' }] });
      else stall(request, response, socket);
    });
    // The deadline runs on a fake clock, one millisecond a turn of the event loop (see advanceUntil): the 503 and the
    // retry take a few turns, the deadline 300, however busy the machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    let error: unknown;
    try {
      const call = failure(executor(server.url).execute(ping, { deadline: 300 }));
      await advanceUntil(settledFlag(call));
      error = await call;
    } finally {
      vi.useRealTimers();
    }
    expect(error).toBeInstanceOf(PyxisDeadlineError);
    expect(error).toMatchObject({ attempts: 2 });
    expect((error as Error).message).toBe(
      'Pyxis call exceeded its deadline of 300 ms during attempt 2; attempt 1 had failed: ' +
        'Pyxis GraphQL error (HTTP 503): busy',
    );
    expect((error as Error).cause).toMatchObject({ name: 'PyxisGraphQLError', httpCode: 503 });
  });

  test('the deadline spans pages: each page is quick, all of them are not', async () => {
    // Each page takes 40 ms on a fake clock, which the server moves as it answers: the 7th page passes 250 ms.
    let clockRuns = false;
    const server = await serve((request, response, socket) => {
      if (clockRuns) vi.advanceTimersByTime(40);
      ok(request, response, socket);
    });
    const run = executor(server.url);
    await run.execute(ping, {}); // on the real clock, so that undici's own timer is a real one
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    clockRuns = true;
    try {
      const error = await failure(run.execute(pagesLookup(50), { deadline: 250 }));
      expect(error).toBeInstanceOf(PyxisDeadlineError);
      expect(error).toMatchObject({ deadline: 250, attempts: 1 });
      expect(server.requests.length - 1).toBe(7);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a Retry-After longer than the time left is not waited for: the call fails at once', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(429, { 'retry-after': '2', 'content-type': 'text/plain' });
      response.end('slow down');
    });
    const error = await failure(executor(server.url).execute(ping, { deadline: 1500 }));
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect(error).toMatchObject({ httpCode: 429, attempts: 1, retryAfter: 2000 });
    expect((error as Error).message).toContain(
      "(not retried: waiting 2000 ms would pass the call's deadline)",
    );
    expect(server.requests).toHaveLength(1);
  });

  test("an auto-batched request knows its callers' deadline too: a Retry-After past it is not waited for", async () => {
    const server = await serve((_request, response) => {
      response.writeHead(429, { 'retry-after': '2', 'content-type': 'text/plain' });
      response.end('slow down');
    });
    const pyxis = new PyxisClient({ url: server.url, batch: true, retryDelay: { base: 1, max: 1 } });
    const error = await failure(pyxis.ping({ deadline: 1500 }));
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect((error as Error).message).toContain(
      "(not retried: waiting 2000 ms would pass the call's deadline)",
    );
    expect(server.requests).toHaveLength(1);
  });

  test('an HTTP-date Retry-After is honoured the same way', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(503, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() });
      response.end('maintenance');
    });
    const patient = executor(server.url, { retryDelay: { maxRetryAfter: 7_200_000 } });
    const error = await failure(patient.execute(ping, { deadline: 5000 }));
    expect((error as Error).message).toMatch(/not retried: waiting 3[56]\d{5} ms would pass/);
    // maxRetryAfter (default 30 s) caps what a server may ask for.
    const capped = await failure(executor(server.url).execute(ping, { deadline: 5000 }));
    expect((capped as Error).message).toContain('not retried: waiting 30000 ms would pass');
  });

  test("the caller's signal still wins with its own reason", async () => {
    const server = await serve(stall);
    const controller = new AbortController();
    const reason = new Error('user gave up');
    const call = executor(server.url).execute(ping, { deadline: 60_000, signal: controller.signal });
    await until(() => server.requests.length === 1);
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });

  test('a call that ends before its deadline leaves no timer behind', async () => {
    const server = await serve(ok);
    const run = executor(server.url);
    await run.execute(ping, { deadline: 60_000 }); // warm up: the first request opens the connection pool
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    for (let i = 0; i < 20; i++) await run.execute(ping, { deadline: 60_000, timeout: 60_000 });
    expect(timers()).toBeLessThanOrEqual(before);
  });

  test('without a deadline, the call options pass through untouched', () => {
    const signal = new AbortController().signal;
    const options: CallOptions = { signal, timeout: 5 };
    expect(applyDeadline(options, undefined).options).toBe(options);
  });

  test.each([0, -1, Number.POSITIVE_INFINITY, Number.NaN, '100', 2 ** 31])(
    'deadline %s is an InvalidOptionError',
    (value) => {
      expect(() => applyDeadline({ deadline: value as number }, undefined)).toThrow(InvalidOptionError);
      expect(() => applyDeadline({ deadline: value as number }, undefined)).toThrow(
        /^Expected the `deadline` option to be a positive number of milliseconds up to 2147483647, got /,
      );
    },
  );

  test('a signal that is not an AbortSignal is an InvalidOptionError', () => {
    expect(() => applyDeadline({ signal: 'stop' as never }, undefined)).toThrow(
      'Expected the `signal` option to be an AbortSignal, got the string "stop"',
    );
  });
});
