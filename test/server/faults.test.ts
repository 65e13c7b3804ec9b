// The embedded server's knobs: latency, injected faults, their determinism, and statistics.
import { describe, expect, it } from 'vitest';
import { PyxisClient, PyxisError, PyxisHttpError, PyxisTimeoutError } from '../../src/index.js';
import type { PyxisServer } from '../../src/server/index.js';
import { until } from '../helpers/async.js';
import { useServerPerTest } from '../helpers/server.js';
import { aliasedRepositoryDocument } from './expected.js';

const start = useServerPerTest({ seed: 5, repositories: 40, imagesPerRepository: 2 });

/** A client that reports each failure as it is, without retrying. */
function clientOf(server: PyxisServer, timeout = 10_000): PyxisClient {
  return new PyxisClient({ url: server.url, retries: 0, timeout });
}

function ping(server: PyxisServer): Promise<Response> {
  return fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ get_ping }' }),
  });
}

describe('latency', () => {
  it('holds every answer back by the configured latency', async () => {
    const server = await start({ latency: { ms: 60_000 } });
    const call = clientOf(server, 150)
      .ping()
      .catch((caught: unknown) => caught);
    // The request arrived but is not executed yet; the client gives up first.
    await until(() => server.stats().httpRequests === 1);
    expect(server.stats()).toMatchObject({ httpRequests: 1, rootFields: 0 });
    expect(await call).toBeInstanceOf(PyxisTimeoutError);
    expect(server.stats()).toMatchObject({ httpRequests: 1, rootFields: 0 });
  });

  it('still answers correctly with a short latency and jitter', async () => {
    const server = await start({ latency: { ms: 5, jitterMs: 10 } });
    const client = clientOf(server);
    const path = server.dataset.repositoryPaths()[3] as { registry: string; repository: string };
    const answers = await Promise.all([client.ping(), client.getRepositoryByPath(path)]);
    expect(answers[0]).toBe('pong');
    expect(answers[1]).toMatchObject(path);
  });
});

describe('faults', () => {
  it('answers HTTP 500 at the http500 rate', async () => {
    const server = await start({ faults: { http500: 1 } });
    const error = await clientOf(server)
      .ping()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect(error).toMatchObject({ httpCode: 500 });
    expect((error as PyxisHttpError).traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.stats()).toMatchObject({ httpRequests: 1, rootFields: 0, faults: { http500: 1 } });
  });

  it('answers HTTP 429 with Retry-After in seconds at the http429 rate', async () => {
    const server = await start({ faults: { http429: 1, retryAfterSeconds: 1 } });
    const response = await ping(server);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('trace_id')).toMatch(/^[0-9a-f]{32}$/);
    const error = await clientOf(server)
      .ping()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect(error).toMatchObject({ httpCode: 429 });
    expect(server.stats().faults.http429).toBe(2);
  });

  it('sends the configured Retry-After', async () => {
    const server = await start({ faults: { http429: 1, retryAfterSeconds: 30 } });
    expect((await ping(server)).headers.get('retry-after')).toBe('30');
  });

  it('drops the connection without an answer at the drop rate', async () => {
    const server = await start({ faults: { drop: 1 } });
    await expect(ping(server)).rejects.toThrow(TypeError);
    const error = await clientOf(server)
      .ping()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyxisError);
    expect(error).not.toBeInstanceOf(PyxisHttpError);
    expect(error).not.toBeInstanceOf(PyxisTimeoutError);
    expect(server.stats()).toMatchObject({ httpRequests: 2, rootFields: 0, faults: { drop: 2 } });
  });

  it('stalls at the stall rate: headers and the start of a body, then nothing', async () => {
    const server = await start({ faults: { stall: 1 } });
    const response = await ping(server);
    expect(response.status).toBe(200);
    expect(response.headers.get('trace_id')).toMatch(/^[0-9a-f]{32}$/);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toBe('{"data":');
    const more = await Promise.race([
      reader?.read().then(() => 'more'),
      new Promise((resolve) => setTimeout(() => resolve('silence'), 100)),
    ]);
    expect(more).toBe('silence');
    // The client's timeout must outlast the request's way to the server, or the server never sees it stall.
    const failed = clientOf(server, 2_000)
      .ping()
      .catch((caught: unknown) => caught);
    await until(() => server.stats().faults.stall === 2);
    expect(await failed).toBeInstanceOf(PyxisTimeoutError);
    await server.close();
    await expect(reader?.read()).rejects.toThrow();
  });

  it('draws the same faults in the same order for the same seed', async () => {
    const faults = { http500: 0.3, http429: 0.2, seed: 42 };
    const statuses = async (server: PyxisServer) => {
      const seen: number[] = [];
      for (let i = 0; i < 25; i++) seen.push((await ping(server)).status);
      return seen;
    };
    const first = await statuses(await start({ faults }));
    const second = await statuses(await start({ faults }));
    const otherSeed = await statuses(await start({ faults: { ...faults, seed: 43 } }));
    expect(second).toEqual(first);
    expect(otherSeed).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 500]));
  });

  describe('keyed', () => {
    const keyed = { http500: 0.3, http429: 0.2, seed: 42, keyed: true };
    const query = (i: number) => `{ get_ping${'  '.repeat(i)} }`;
    const post = (server: PyxisServer, body: string) =>
      fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const bodies = Array.from({ length: 25 }, (_, i) => JSON.stringify({ query: query(i) }));

    /** The status each body got, sent one after the other in `order`. */
    async function statusByBody(server: PyxisServer, order: readonly string[]) {
      const seen = new Map<string, number>();
      for (const body of order) seen.set(body, (await post(server, body)).status);
      return bodies.map((body) => seen.get(body));
    }

    it('gives the same request the same fault, whatever order the requests arrive in', async () => {
      const inOrder = await statusByBody(await start({ faults: keyed }), bodies);
      const reversed = await statusByBody(await start({ faults: keyed }), [...bodies].reverse());
      const otherSeed = await statusByBody(await start({ faults: { ...keyed, seed: 43 } }), bodies);
      expect(reversed).toEqual(inOrder);
      expect(otherSeed).not.toEqual(inOrder);
      expect(new Set(inOrder)).toEqual(new Set([200, 429, 500]));
    });

    it('draws afresh for the same body sent again, the same way on every run, other requests between or not', async () => {
      const [repeated, other] = bodies as [string, string];
      const alone = await start({ faults: keyed });
      const interleaved = await start({ faults: keyed });
      const first: number[] = [];
      const second: number[] = [];
      for (let i = 0; i < 20; i++) {
        first.push((await post(alone, repeated)).status);
        await post(interleaved, other);
        second.push((await post(interleaved, repeated)).status);
      }
      expect(second).toEqual(first);
      expect(new Set(first)).toEqual(new Set([200, 429, 500]));
    });

    it('refuses a keyed that is not a boolean', async () => {
      await expect(start({ faults: { keyed: 'yes' as never } })).rejects.toMatchObject({
        name: 'InvalidOptionError',
        option: 'faults.keyed',
        received: 'yes',
      });
    });
  });

  it('injects each fault at about its rate', async () => {
    const server = await start({ faults: { http500: 0.3, seed: 7 } });
    for (let i = 0; i < 100; i++) await ping(server);
    const { faults, rootFields } = server.stats();
    expect(faults.http500).toBeGreaterThan(10);
    expect(faults.http500).toBeLessThan(50);
    expect(rootFields).toBe(100 - faults.http500);
  });
});

describe('stats', () => {
  it('counts HTTP requests and executed root fields, by name', async () => {
    const server = await start();
    const client = clientOf(server);
    await client.ping();
    const paths = server.dataset.repositoryPaths().slice(0, 30);
    const variables: Record<string, string> = {};
    paths.forEach((path, i) => {
      variables[`registry${i}`] = path.registry;
      variables[`repository${i}`] = path.repository;
    });
    await client.request(aliasedRepositoryDocument(30), variables);
    await client.findRepositories({}, { pageSize: 10 });
    await fetch(new URL('/elsewhere', server.url));
    await client.request('{ get_ping').catch(() => undefined);
    const stats = server.stats();
    const pages = Math.ceil(
      server.dataset.repositories.filter((repo) => repo.vendor_label === 'redhat').length / 10,
    );
    expect(stats.rootFieldsByName).toEqual({
      get_ping: 1,
      get_repository_by_registry_path: 30,
      find_repositories: stats.rootFieldsByName.find_repositories,
    });
    expect(stats.rootFieldsByName.find_repositories).toBeGreaterThanOrEqual(pages);
    expect(stats.rootFields).toBe(31 + (stats.rootFieldsByName.find_repositories ?? 0));
    // ping, the aliased document, the pages, the wrong path and the syntax error.
    expect(stats.httpRequests).toBe(2 + (stats.rootFieldsByName.find_repositories ?? 0) + 2);
  });

  it('counts each lookup of an auto-batched request as a root field', async () => {
    const server = await start();
    const client = new PyxisClient({ url: server.url, batch: true });
    const paths = server.dataset.repositoryPaths().slice(0, 20);
    const found = await Promise.all(paths.map((path) => client.getRepositoryByPath(path)));
    expect(found.map((repo) => repo && { registry: repo.registry, repository: repo.repository })).toEqual(
      paths,
    );
    const stats = server.stats();
    expect(stats.rootFieldsByName).toEqual({ get_repository_by_registry_path: 20 });
    expect(stats.httpRequests).toBeLessThan(20);
  });

  it('skips root fields that @skip leaves out', async () => {
    const server = await start();
    await clientOf(server).request('{ a: get_ping b: get_ping @skip(if: true) c: get_ping }');
    expect(server.stats().rootFields).toBe(2);
  });

  it('resets on request, returning the counts before the reset', async () => {
    const server = await start({ faults: { http500: 0.5, seed: 1 } });
    for (let i = 0; i < 10; i++) await ping(server);
    const before = server.stats({ reset: true });
    expect(before.httpRequests).toBe(10);
    expect(before.faults.http500 + before.rootFields).toBe(10);
    expect(before).toMatchObject({ served: 10, peakInFlight: 1 });
    expect(server.stats()).toEqual({
      httpRequests: 0,
      rootFields: 0,
      rootFieldsByName: {},
      faults: { http500: 0, http429: 0, drop: 0, stall: 0, gzipUnasked: 0, gzipBomb: 0 },
      compressed: { br: 0, gzip: 0 },
      responseBodyBytes: 0,
      inFlight: 0,
      queued: 0,
      peakInFlight: 0,
      peakQueued: 0,
      served: 0,
      overloaded: 0,
    });
  });

  it('hands out snapshots that later requests do not change', async () => {
    const server = await start();
    const snapshot = server.stats();
    await ping(server);
    expect(snapshot.httpRequests).toBe(0);
    expect(snapshot.rootFieldsByName).toEqual({});
    expect(server.stats().httpRequests).toBe(1);
  });
});
