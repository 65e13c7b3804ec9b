// The client's network path against a real HTTP server on loopback (no MSW in between).
import { describe, expect, test, vi } from 'vitest';
// Not exported from the package root yet.
import { PyxisNetworkError } from '../../src/errors/index.js';
import {
  PyxisClient,
  PyxisGraphQLError,
  PyxisHttpError,
  PyxisRequestError,
  PyxisTimeoutError,
} from '../../src/index.js';
import { until } from '../helpers/async.js';
import { json, useScriptedServer } from '../helpers/scripted-server.js';

const serve = useScriptedServer();

describe('over real HTTP', () => {
  test('sends the query, variables and API key, and reads data and the trace_id header', async () => {
    const server = await serve((_request, response) =>
      json(
        response,
        200,
        {
          data: {
            get_repository_by_registry_path: { error: { status: 403, detail: 'Forbidden' }, data: null },
          },
        },
        { trace_id: 'abc-123' },
      ),
    );
    const pyxis = new PyxisClient({ url: server.url, apiKey: 'k' });
    const error = await pyxis
      .getRepositoryByPath({ registry: 'r', repository: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisRequestError);
    expect(error).toMatchObject({ status: 403, detail: 'Forbidden', traceId: 'abc-123' });
    expect(server.requests[0]?.headers['x-api-key']).toBe('k');
    expect(server.requests[0]?.headers['content-type']).toContain('application/json');
    expect(server.requests[0]?.body.query).toContain('get_repository_by_registry_path(');
    expect(server.requests[0]?.body.variables).toEqual({ registry: 'r', repository: 'x' });
  });

  test('a GraphQL syntax error answered with HTTP 400 is a PyxisGraphQLError', async () => {
    const server = await serve((_request, response) =>
      json(response, 400, { errors: [{ message: 'Syntax Error: Unexpected Name "INVALID".' }] }),
    );
    const error = await new PyxisClient({ url: server.url })
      .request('INVALID QUERY')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisGraphQLError);
    expect(error).toMatchObject({ httpCode: 400 });
    expect((error as Error).message).toContain('Syntax Error: Unexpected Name "INVALID"');
  });

  test('an HTML 502 page is a PyxisHttpError', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad Gateway</html>');
    });
    // A 502 is retried: at once here, retrying has tests of its own.
    const pyxis = new PyxisClient({ url: server.url, retryDelay: { base: 1, max: 1 } });
    await expect(pyxis.ping()).rejects.toMatchObject({
      name: 'PyxisHttpError',
      httpCode: 502,
      body: '<html>Bad Gateway</html>',
      attempts: 4,
    });
    await expect(pyxis.ping()).rejects.toBeInstanceOf(PyxisHttpError);
  });

  test('a server that never answers is cut off by the timeout', async () => {
    const server = await serve(() => {});
    const error = await new PyxisClient({ url: server.url, timeout: 50, retries: 0 })
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisTimeoutError);
  });

  test('a server that stalls after the headers is cut off by the timeout too', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"data":');
    });
    await expect(new PyxisClient({ url: server.url, timeout: 50, retries: 0 }).ping()).rejects.toBeInstanceOf(
      PyxisTimeoutError,
    );
  });

  test('aborting rejects with the signal reason while the server holds the request', async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const call = new PyxisClient({ url: server.url }).ping({ signal: controller.signal });
    const reason = new Error('enough');
    await until(() => server.requests.length === 1);
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });

  test('a refused connection is a PyxisNetworkError naming the URL, retried', async () => {
    const server = await serve(() => {});
    await server.close();
    const error = await new PyxisClient({ url: server.url, retryDelay: { base: 1 } })
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisNetworkError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', url: server.url, attempts: 4 });
    expect((error as Error).message).toContain(server.url);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  test.each([
    ['no signal of their own', false],
    ['one signal shared by all', true],
  ])('twenty requests waiting to retry at once (%s) raise no listener leak warning', async (_, shared) => {
    // Every first attempt is held until all twenty have arrived, then failed: their retry waits overlap.
    const held: Array<() => void> = [];
    const seen = new Set<number>();
    const server = await serve((request, response) => {
      const { n } = (request.body as { variables: { n: number } }).variables;
      if (seen.has(n)) {
        json(response, 200, { data: { get_ping: 'pong' } });
        return;
      }
      seen.add(n);
      held.push(() => json(response, 500, { errors: [{ message: 'try again' }] }));
      if (held.length === 20) for (const answer of held) answer();
    });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    vi.spyOn(Math, 'random').mockReturnValue(1); // every wait its full 200 ms
    const client = new PyxisClient({
      url: server.url,
      maxConcurrency: 20,
      retries: 1,
      retryDelay: { base: 200, max: 200 },
    });
    const signal = shared ? new AbortController().signal : undefined;
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          client.request('query Ping($n: Int) { get_ping }', { n }, { signal }),
        ),
      );
      expect(answers).toEqual(Array(20).fill({ get_ping: 'pong' }));
    } finally {
      vi.restoreAllMocks();
      process.off('warning', onWarning);
      await client.close();
    }
    expect(seen.size).toBe(20);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
