// Retries against a real HTTP server on loopback: what is retried, what never is, how the waits are chosen, and
// what the final error says.
import { parse } from 'graphql';
import { describe, expect, test, vi } from 'vitest';
import { PyxisClient } from '../../src/client/index.js';
import {
  PyxisGraphQLError,
  PyxisHttpError,
  PyxisNetworkError,
  PyxisRequestError,
  PyxisTimeoutError,
} from '../../src/errors/index.js';
import { delayAfter, holdsOnlyQueries, parseRetryAfter } from '../../src/transport/retry.js';
import { advanceUntil, failure, settledFlag, until } from '../helpers/async.js';
import { json, type Script, useScriptedServer } from '../helpers/scripted-server.js';

const serve = useScriptedServer();

/** Answers the requests in turn as `steps` say (the last step repeats), then a ping's data. */
function inTurn(...steps: Array<Script | 'ok'>): Script {
  let request = 0;
  return (scripted, response, socket) => {
    const step = steps[Math.min(request++, steps.length - 1)];
    if (step === 'ok' || step === undefined) json(response, 200, { data: { get_ping: 'pong' } });
    else step(scripted, response, socket);
  };
}

const status =
  (code: number, headers: Record<string, string> = {}): Script =>
  (_request, response) => {
    response.writeHead(code, { 'content-type': 'text/plain', ...headers });
    response.end(`status ${code}`);
  };
const drop: Script = (_request, _response, socket) => socket.destroy();
const stall: Script = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"data":');
};

/** A client whose waits between retries are a millisecond or less. */
function quickClient(url: string, options: ConstructorParameters<typeof PyxisClient>[0] = {}) {
  return new PyxisClient({ url, retryDelay: { base: 1, max: 1, maxRetryAfter: 10 }, ...options });
}

describe('what is retried', () => {
  test.each([500, 502, 503, 504, 429])(
    'HTTP %i is retried, and the call succeeds when a retry does',
    async (code) => {
      const server = await serve(inTurn(status(code), status(code), 'ok'));
      await expect(quickClient(server.url).ping()).resolves.toBe('pong');
      expect(server.requests).toHaveLength(3);
    },
  );

  test('a dropped connection is retried', async () => {
    const server = await serve(inTurn(drop, 'ok'));
    await expect(quickClient(server.url).ping()).resolves.toBe('pong');
    expect(server.requests).toHaveLength(2);
  });

  test('an attempt that stalls past its timeout is cut off and retried', async () => {
    const server = await serve(inTurn(stall, 'ok'));
    // The timeout runs on a fake clock, one millisecond a turn of the event loop (see advanceUntil): the stall is cut
    // off after 100 turns, the retry is answered in a few, however busy the machine.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const call = quickClient(server.url, { timeout: 100 }).ping();
      await advanceUntil(settledFlag(call));
      await expect(call).resolves.toBe('pong');
    } finally {
      vi.useRealTimers();
    }
    expect(server.requests).toHaveLength(2);
  });

  test('a refused connection is retried, then fails as a PyxisNetworkError saying how many attempts', async () => {
    const server = await serve(() => {});
    await server.close();
    const error = await failure(quickClient(server.url).ping());
    expect(error).toBeInstanceOf(PyxisNetworkError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', attempts: 4 });
    expect((error as Error).message).toMatch(/^Pyxis request failed after 4 attempts: Pyxis request to http/);
  });

  test('a GraphQL error in an HTTP 503 is retried like any 503', async () => {
    const server = await serve(
      inTurn((_request, response) => json(response, 503, { errors: [{ message: 'overloaded' }] }), 'ok'),
    );
    await expect(quickClient(server.url).ping()).resolves.toBe('pong');
    expect(server.requests).toHaveLength(2);
  });
});

describe('a retry is a retry of one request', () => {
  test('a find* call whose third page fails once sends the third page again, not the whole call', async () => {
    const repositories = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ registry: 'r', repository: name }));
    let pageTwoFailures = 0;
    const server = await serve((request, response) => {
      const page = Number(request.body.variables?.page);
      if (page === 2 && pageTwoFailures++ === 0) {
        json(response, 503, { errors: [{ message: 'busy' }] });
        return;
      }
      const data = repositories.slice(page * 2, page * 2 + 2);
      json(response, 200, {
        data: { find_repositories: { error: null, page, page_size: 2, total: 5, data } },
      });
    });
    await expect(quickClient(server.url, { pageSize: 2 }).findRepositories()).resolves.toHaveLength(5);
    const pages = server.requests.map((request) => request.body.variables?.page).sort();
    expect(pages).toEqual([0, 1, 2, 2]);
  });
});

describe('the final error', () => {
  test('is the typed error of the last failure, with attempts, and a message saying how many and why', async () => {
    const server = await serve(status(503));
    const error = await failure(quickClient(server.url).ping());
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect(error).toMatchObject({ httpCode: 503, attempts: 4, body: 'status 503' });
    expect((error as Error).message).toBe(
      'Pyxis request failed after 4 attempts: Pyxis HTTP 503: server answered with status 503 (text/plain)',
    );
    expect(server.requests).toHaveLength(4);
  });

  test('`retries` sets how many times a request is sent again; 0 sends it once', async () => {
    const server = await serve(status(500));
    await expect(quickClient(server.url, { retries: 1 }).ping()).rejects.toMatchObject({ attempts: 2 });
    expect(server.requests).toHaveLength(2);
    const once = await failure(quickClient(server.url, { retries: 0 }).ping());
    expect(once).toMatchObject({ httpCode: 500, attempts: 1 });
    expect((once as Error).message).toBe('Pyxis HTTP 500: server answered with status 500 (text/plain)');
    expect(server.requests).toHaveLength(3);
  });

  test('timeouts on every attempt end as a PyxisTimeoutError after all attempts', async () => {
    const server = await serve(stall);
    const error = await failure(quickClient(server.url, { timeout: 30, retries: 2 }).ping());
    expect(error).toBeInstanceOf(PyxisTimeoutError);
    expect(error).toMatchObject({ timeout: 30, attempts: 3 });
    expect((error as Error).message).toBe(
      'Pyxis request failed after 3 attempts: Pyxis request timed out after 30 ms',
    );
  });
});

describe('what is never retried', () => {
  test.each([400, 401, 403, 404, 413])('HTTP %i is sent once', async (code) => {
    const server = await serve(status(code));
    await expect(quickClient(server.url).ping()).rejects.toMatchObject({ httpCode: code, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  test('a GraphQL syntax or validation error is sent once', async () => {
    const server = await serve((_request, response) =>
      json(response, 400, { errors: [{ message: 'Cannot query field "nope" on type "Query".' }] }),
    );
    const error = await failure(quickClient(server.url).request('{ nope }'));
    expect(error).toBeInstanceOf(PyxisGraphQLError);
    expect(error).toMatchObject({ httpCode: 400, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  test('GraphQL errors in an HTTP 200 are sent once', async () => {
    const server = await serve((_request, response) =>
      json(response, 200, { errors: [{ message: 'boom' }] }),
    );
    await expect(quickClient(server.url).ping()).rejects.toBeInstanceOf(PyxisGraphQLError);
    expect(server.requests).toHaveLength(1);
  });

  test("Pyxis' own error field is sent once, whatever its status", async () => {
    const server = await serve((_request, response) =>
      json(response, 200, {
        data: { get_repository_by_registry_path: { error: { status: 503, detail: 'busy' }, data: null } },
      }),
    );
    const error = await failure(
      quickClient(server.url).getRepositoryByPath({ registry: 'r', repository: 'x' }),
    );
    expect(error).toBeInstanceOf(PyxisRequestError);
    expect(server.requests).toHaveLength(1);
  });

  test('a mutation, as a string or a document, is sent once', async () => {
    const server = await serve(status(503));
    const pyxis = quickClient(server.url);
    await expect(pyxis.request('mutation { touch }')).rejects.toMatchObject({ httpCode: 503, attempts: 1 });
    await expect(pyxis.request(parse('mutation Touch { touch }'))).rejects.toMatchObject({ attempts: 1 });
    expect(server.requests).toHaveLength(2);
    await expect(pyxis.request('query { get_ping }')).rejects.toMatchObject({ attempts: 4 });
  });

  test('an aborted call stops retrying at once, with the signal reason', async () => {
    const server = await serve(status(503));
    const controller = new AbortController();
    const reason = new Error('enough');
    // Long waits between retries: the abort lands in the first one.
    const pyxis = new PyxisClient({ url: server.url, retryDelay: { base: 60_000, max: 60_000 } });
    const call = pyxis.ping({ signal: controller.signal });
    await until(() => server.requests.length > 0);
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(server.requests).toHaveLength(1);
  });
});

describe('waits between retries', () => {
  test('Retry-After is capped by maxRetryAfter', async () => {
    // An hour's wait, cut to a few milliseconds: were the cap ignored, this test would time out.
    const server = await serve(inTurn(status(503, { 'retry-after': '3600' }), 'ok'));
    const pyxis = new PyxisClient({ url: server.url, retryDelay: { maxRetryAfter: 5 } });
    await expect(pyxis.ping()).resolves.toBe('pong');
    expect(server.requests).toHaveLength(2);
  });

  test('a 429 does not use up a retry: rate limits have a budget of their own', async () => {
    const limited = status(429, { 'retry-after': '0' });
    const server = await serve(
      inTurn(limited, status(500), limited, status(500), limited, status(500), 'ok'),
    );
    await expect(quickClient(server.url).ping()).resolves.toBe('pong');
    expect(server.requests).toHaveLength(7);
  });

  test('a server that only answers 429 is asked 2 × retries + 1 times at most', async () => {
    const server = await serve(status(429, { 'retry-after': '0' }));
    const error = await failure(quickClient(server.url).ping());
    expect(error).toMatchObject({ httpCode: 429, attempts: 7, retryAfter: 0 });
    expect(server.requests).toHaveLength(7);
  });

  test('Retry-After is read as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    // Not delay-seconds, and no HTTP date either (V8's Date.parse alone would read "-5" as a date in 2001).
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('999999999', now)).toBe(999_999_999_000); // capped where it is waited: maxRetryAfter
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  test('backoff is full jitter: anywhere from 0 to min(max, base × 2^(n-1))', () => {
    const delay = { base: 100, max: 1000, maxRetryAfter: 30_000 };
    const samples = (attempt: number) =>
      Array.from({ length: 2000 }, () => delayAfter(new Error('x'), attempt, delay));
    for (const [attempt, ceiling] of [
      [1, 100],
      [3, 400],
      [10, 1000],
    ] as const) {
      const waits = samples(attempt);
      expect(Math.max(...waits)).toBeLessThanOrEqual(ceiling);
      expect(Math.min(...waits)).toBeGreaterThanOrEqual(0);
      // Spread over the whole range, not clustered at the ceiling as "equal jitter" would be.
      expect(waits.filter((wait) => wait < ceiling / 4).length).toBeGreaterThan(200);
      expect(waits.filter((wait) => wait > (ceiling * 3) / 4).length).toBeGreaterThan(200);
    }
  });
});

describe('telling queries from mutations', () => {
  test.each([
    ['{ get_ping }', true],
    ['query Q { get_ping }', true],
    ['query mutation { get_ping }', true],
    ['# mutation in a comment\nquery { get_ping }', true],
    ['query Q($a: String = "mutation") { get_ping }', true],
    ['fragment F on Query { get_ping } query { ...F }', true],
    ['mutation { touch }', false],
    ['subscription { ticks }', false],
    ['query A { get_ping } mutation B { touch }', false],
    ['query Q($a: In = {x: 1}) { get_ping } mutation M { touch }', false],
    ['"unterminated', false],
  ])('%j holds only queries: %s', (document, expected) => {
    expect(holdsOnlyQueries(document)).toBe(expected);
  });

  test('documents are read from their definitions', () => {
    expect(holdsOnlyQueries(parse('query A { a } fragment F on Q { b }'))).toBe(true);
    expect(holdsOnlyQueries(parse('query A { a } mutation B { b }'))).toBe(false);
  });
});
