import { delay, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
// Not exported from the package root yet.
import { PyxisNetworkError } from '../../src/errors/index.js';
import {
  PyxisClient,
  PyxisError,
  PyxisGraphQLError,
  PyxisHttpError,
  PyxisTimeoutError,
} from '../../src/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { failure, until } from '../helpers/async.js';
import { answerAll, pyxisApi, useMswServer } from '../helpers/msw.js';

const server = useMswServer();
// Failures that are retried (502, network errors) are retried at once here: retrying has tests of its own.
const pyxis = new PyxisClient({ retryDelay: { base: 1, max: 1 } });
const path = { registry: 'registry.access.redhat.com', repository: 'ubi9' };

describe('errors', () => {
  test('GraphQL errors in an HTTP 400 become PyxisGraphQLError with the server message and trace id', async () => {
    server.use(
      pyxisApi.query(/.*/, () =>
        HttpResponse.json(
          { errors: [{ message: 'Syntax Error: Expected Name, found <EOF>.' }] },
          { status: 400, headers: { trace_id: 't-400' } },
        ),
      ),
    );
    const error = await failure(pyxis.ping());
    expect(error).toBeInstanceOf(PyxisGraphQLError);
    expect(error).toMatchObject({ httpCode: 400, traceId: 't-400' });
    expect((error as Error).message).toContain('Syntax Error: Expected Name');
  });

  test('GraphQL errors in an HTTP 200 keep the partial data', async () => {
    server.use(
      pyxisApi.query(/.*/, () =>
        HttpResponse.json({
          data: { get_ping: 'pong' },
          errors: [{ message: 'one field failed' }, { message: 'another' }],
        }),
      ),
    );
    const error = await failure(pyxis.ping());
    expect(error).toMatchObject({ httpCode: 200, data: { get_ping: 'pong' } });
    expect((error as PyxisGraphQLError).errors).toHaveLength(2);
    expect((error as Error).message).toMatch(/one field failed \(and 1 more\)/);
  });

  test('an HTML error page becomes PyxisHttpError with the status and the start of the body', async () => {
    server.use(
      pyxisApi.query(
        /.*/,
        () =>
          HttpResponse.html(`<html><body>502 Bad Gateway${'x'.repeat(2000)}</body></html>`, {
            status: 502,
          }) as never,
      ),
    );
    const error = await failure(pyxis.getRepositoryByPath(path));
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect(error).toMatchObject({ httpCode: 502, attempts: 4 });
    expect((error as PyxisHttpError).body).toMatch(/^<html><body>502 Bad Gateway/);
    expect((error as PyxisHttpError).body.length).toBeLessThan(600);
  });

  test('a 200 whose body is not JSON becomes PyxisHttpError', async () => {
    server.use(pyxisApi.query(/.*/, () => HttpResponse.text('all good', { status: 200 }) as never));
    const error = await failure(pyxis.ping());
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect(error).toMatchObject({ httpCode: 200, body: 'all good' });
  });

  test('a response without the expected field is a PyxisError naming the field', async () => {
    server.use(answerAll(() => ({ something_else: 1 })).handler);
    const error = await failure(pyxis.getRepositoryByPath(path));
    expect(error).toBeInstanceOf(PyxisError);
    expect((error as Error).message).toContain('get_repository_by_registry_path');
  });

  test('a network failure is a PyxisNetworkError naming the URL', async () => {
    server.use(pyxisApi.query(/.*/, () => HttpResponse.error()));
    const error = await failure(pyxis.ping());
    expect(error).toBeInstanceOf(PyxisNetworkError);
    expect((error as Error).message).toContain('https://catalog.redhat.com/api/containers/graphql/');
  });
});

describe('headers', () => {
  test('the API key travels as X-API-KEY, beside custom headers', async () => {
    const { handler, seen } = answerAll(() => ({ get_ping: 'pong' }));
    server.use(handler);
    await new PyxisClient({ apiKey: 'secret-key', headers: { 'X-Team': 'rebuilds' } }).ping();
    expect(seen[0]?.headers.get('x-api-key')).toBe('secret-key');
    expect(seen[0]?.headers.get('x-team')).toBe('rebuilds');
  });

  test('no API key header is sent without an apiKey', async () => {
    const { handler, seen } = answerAll(() => ({ get_ping: 'pong' }));
    server.use(handler);
    await pyxis.ping();
    expect(seen[0]?.headers.has('x-api-key')).toBe(false);
  });
});

describe('abort and timeout', () => {
  test('an already aborted signal rejects with its reason and sends nothing', async () => {
    const { handler, seen } = answerAll(() => ({ get_ping: 'pong' }));
    server.use(handler);
    const reason = new Error('stop');
    await expect(pyxis.ping({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(seen).toHaveLength(0);
  });

  test('aborting during the request rejects with the signal reason', async () => {
    let received = false;
    server.use(
      pyxisApi.query(/.*/, async () => {
        received = true;
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const call = pyxis.ping({ signal: controller.signal });
    const reason = new Error('user gave up');
    await until(() => received);
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
  });

  test('a request slower than the timeout rejects with PyxisTimeoutError; the per-call timeout wins', async () => {
    server.use(
      pyxisApi.query(/.*/, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const slowClient = new PyxisClient({ timeout: 60_000, retries: 0 });
    const error = await failure(slowClient.ping({ timeout: 20 }));
    expect(error).toBeInstanceOf(PyxisTimeoutError);
    expect(error).toMatchObject({ timeout: 20 });
    expect((error as Error).message).toBe('Pyxis request timed out after 20 ms');
  });

  test('the client timeout applies when the call gives none', async () => {
    server.use(
      pyxisApi.query(/.*/, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    await expect(new PyxisClient({ timeout: 15, retries: 0 }).ping()).rejects.toBeInstanceOf(
      PyxisTimeoutError,
    );
  });
});

describe('client options', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      'relative URL',
      () => new PyxisClient({ url: '/graphql' }),
      /^Expected the `url` option to be an absolute http\(s\) URL, got the string "\/graphql"$/,
    ],
    [
      'non-http URL',
      () => new PyxisClient({ url: 'ftp://example.com/graphql' }),
      /`url` option to be an absolute http\(s\) URL/,
    ],
    [
      'zero timeout',
      () => new PyxisClient({ timeout: 0 }),
      /^Expected the `timeout` option to be a positive number of milliseconds up to 2147483647, got the number 0$/,
    ],
    [
      'fractional page size',
      () => new PyxisClient({ pageSize: 2.5 }),
      /`pageSize` option to be a positive integer, got the number 2.5/,
    ],
    ['empty API key', () => new PyxisClient({ apiKey: '' }), /^The `apiKey` option must not be empty$/],
    [
      'cert without key',
      () => new PyxisClient({ cert: '-----BEGIN CERTIFICATE-----\n' }),
      /^The `cert` option needs `key` too: the two are given together$/,
    ],
    [
      'unreadable cert file',
      () => new PyxisClient({ cert: '/nonexistent/cert.pem', key: '/nonexistent/key.pem' }),
      /^The `cert` option names a file that cannot be read: \/nonexistent\/cert.pem \(ENOENT\)$/,
    ],
  ];

  test.each(cases)('%s is an InvalidOptionError naming the option', (_name, make, message) => {
    expect(make).toThrow(InvalidOptionError);
    expect(make).toThrow(TypeError);
    expect(make).toThrow(message);
  });

  test('the default URL is the public Pyxis endpoint', () => {
    expect(new PyxisClient().url).toBe('https://catalog.redhat.com/api/containers/graphql/');
  });
});
