// The embedded server as a GraphQL-over-HTTP endpoint: status codes, headers, GET and POST.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionError, PyxisClient, PyxisGraphQLError, PyxisHttpError } from '../../src/index.js';
import {
  PYXIS_GRAPHQL_PATH,
  PyxisEngine,
  type PyxisServer,
  startPyxisServer,
} from '../../src/server/index.js';

let server: PyxisServer;
let client: PyxisClient;

beforeAll(async () => {
  server = await startPyxisServer({ dataset: { seed: 3, repositories: 50, imagesPerRepository: 1 } });
  client = new PyxisClient({ url: server.url });
});

afterAll(async () => {
  await server.close();
});

function post(body: string, url = server.url): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

describe('embedded server over HTTP', () => {
  it('listens on loopback at the Pyxis path, on a port of its own', () => {
    const url = new URL(server.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe(PYXIS_GRAPHQL_PATH);
    expect(Number(url.port)).toBe(server.port);
    expect(server.port).toBeGreaterThan(0);
  });

  it('sends a fresh trace_id header with every response', async () => {
    const first = await post(JSON.stringify({ query: '{ get_ping }' }));
    const second = await post(JSON.stringify({ query: '{ get_ping }' }));
    const notFound = await fetch(new URL('/elsewhere', server.url));
    const ids = [first, second, notFound].map((response) => response.headers.get('trace_id'));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(3);
    expect(await first.json()).toEqual({ data: { get_ping: 'pong' } });
  });

  it('answers a syntax error with HTTP 400 and GraphQL errors, which the client raises as PyxisGraphQLError', async () => {
    const error = await client.request('{ get_ping').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyxisGraphQLError);
    expect(error).toMatchObject({ httpCode: 400, message: expect.stringContaining('Syntax Error') });
    expect((error as PyxisGraphQLError).traceId).toMatch(/^[0-9a-f]{32}$/);
    expect((error as PyxisGraphQLError).errors[0]?.message).toMatch(/^Syntax Error/);
  });

  it('answers a validation error with HTTP 400', async () => {
    const error = await client.request('{ get_pong }').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyxisGraphQLError);
    expect(error).toMatchObject({ httpCode: 400, message: expect.stringContaining('get_pong') });
    const response = await post(
      JSON.stringify({ query: '{ find_images(filter: { no_such_field: { eq: "x" } }) { total } }' }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].message).toContain('no_such_field');
  });

  it('answers variables of the wrong type with HTTP 400', async () => {
    const response = await post(
      JSON.stringify({
        query: 'query ($page: Int) { find_repositories(page: $page) { total } }',
        variables: { page: 'one' },
      }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors[0].message).toContain('$page');
    expect(body).not.toHaveProperty('data');
  });

  it('answers a body that is not JSON, or has no query, with HTTP 400', async () => {
    const notJson = await post('{ nope');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).errors[0].message).toContain('not valid JSON');
    const noQuery = await post(JSON.stringify({ variables: {} }));
    expect(noQuery.status).toBe(400);
    expect((await noQuery.json()).errors[0].message).toContain('query');
    const badVariables = await post(JSON.stringify({ query: '{ get_ping }', variables: [1] }));
    expect(badVariables.status).toBe(400);
  });

  it('answers GET requests with the query in the URL', async () => {
    const url = new URL(server.url);
    url.searchParams.set('query', 'query ($n: String) { find_images_by_nvr(nvr: $n) { total } }');
    url.searchParams.set('variables', JSON.stringify({ n: server.dataset.nvrs()[0] }));
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: {
        find_images_by_nvr: {
          total: server.dataset.findImagesByNvr(server.dataset.nvrs()[0] as string).length,
        },
      },
    });
    url.searchParams.set('variables', '{');
    expect((await fetch(url)).status).toBe(400);
  });

  it('picks the operation named by operationName', async () => {
    const query = 'query A { get_ping } query B { find_repositories { total } }';
    const response = await post(JSON.stringify({ query, operationName: 'B' }));
    expect(await response.json()).toEqual({ data: { find_repositories: { total: 50 } } });
    const ambiguous = await post(JSON.stringify({ query }));
    expect(ambiguous.status).toBe(400);
  });

  it('answers 404 off the endpoint path and 405 to other methods', async () => {
    const elsewhere = await post(
      JSON.stringify({ query: '{ get_ping }' }),
      new URL('/graphql', server.url).href,
    );
    expect(elsewhere.status).toBe(404);
    const withoutSlash = await post(JSON.stringify({ query: '{ get_ping }' }), server.url.replace(/\/$/, ''));
    expect(withoutSlash.status).toBe(200);
    const put = await fetch(server.url, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    const error = await new PyxisClient({ url: new URL('/graphql', server.url).href })
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect(error).toMatchObject({ httpCode: 404 });
  });

  it('answers a body over the size limit with HTTP 413', async () => {
    const limited = await startPyxisServer({ dataset: { repositories: 1 }, maxBodyBytes: 100 });
    try {
      const response = await post(
        JSON.stringify({ query: `{ get_ping } # ${'x'.repeat(200)}` }),
        limited.url,
      );
      expect(response.status).toBe(413);
      expect((await post(JSON.stringify({ query: '{ get_ping }' }), limited.url)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it.each([
    [{ port: -1 }, /^Expected the `port` option to be an integer from 0 to 65535, got the number -1$/],
    [{ port: '8080' }, /`port` option .*, got the string "8080"$/],
    [{ host: 127 }, /`host` option/],
    [
      { faults: { http500: 2 } },
      /^Expected the `faults.http500` option to be a rate between 0 and 1, got the number 2$/,
    ],
    [{ faults: { http500: 0.6, drop: 0.6 } }, /^The `faults` rates add up to 1.2, more than 1$/],
    [
      { faults: { retryAfterSeconds: 1.5 } },
      /`faults.retryAfterSeconds` option to be a non-negative integer/,
    ],
    [{ faults: { http503: 0.1 } }, /^Unknown option `http503` in `faults` \(did you mean `http500`\?\)$/],
    [{ faults: 'http500=1' }, /^Expected `faults` to be an object, got the string "http500=1"$/],
    [
      { latency: { ms: -5 } },
      /^Expected the `latency.ms` option to be a number of milliseconds >= 0 up to 2147483647, got the number -5$/,
    ],
    [{ latency: { jitter: 5 } }, /^Unknown option `jitter` in `latency` \(did you mean `jitterMs`\?\)$/],
    [{ latency: 50 }, /^Expected `latency` to be an object, got the number 50$/],
    [{ maxPageSize: 0 }, /`maxPageSize` option to be a positive integer, got the number 0$/],
    [{ maxBodyBytes: -1 }, /`maxBodyBytes` option to be a positive integer, got the number -1$/],
    [
      { maxPagesize: 10 },
      /^Unknown option `maxPagesize` in startPyxisServer options \(did you mean `maxPageSize`\?\)$/,
    ],
  ])('refuses %j when starting, with an InvalidOptionError naming the option', async (options, message) => {
    const failure = startPyxisServer(options as never);
    await expect(failure).rejects.toThrow(InvalidOptionError);
    await expect(failure).rejects.toThrow(message);
  });

  it('refuses a document cache size that is not a positive integer, with an InvalidOptionError naming it', () => {
    for (const documentCacheSize of [0, 1.5, '10']) {
      expect(() => new PyxisEngine({ dataset: { repositories: 1 }, documentCacheSize } as never)).toThrow(
        InvalidOptionError,
      );
      expect(() => new PyxisEngine({ dataset: { repositories: 1 }, documentCacheSize } as never)).toThrow(
        /`documentCacheSize` option to be a positive integer/,
      );
    }
  });

  it('fails to start on a port that is taken', async () => {
    await expect(startPyxisServer({ port: server.port, dataset: { repositories: 1 } })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});
