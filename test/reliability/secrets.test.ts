// Credentials stay where they belong: the API key and the private key never show in errors (messages, bodies,
// causes, JSON), in `util.inspect` of a client or an error, or in anything logged; and a redirect to another
// origin does not carry them.
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { PyxisClient } from '../../src/client/index.js';
import { resolveOptions } from '../../src/client/options.js';
import {
  PyxisGraphQLError,
  PyxisHttpError,
  PyxisNetworkError,
  PyxisRedirectError,
} from '../../src/errors/index.js';
import { DeadlineExecutor, DirectExecutor } from '../../src/execution/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { redactUrl } from '../../src/shared/redact-url.js';
import { HttpTransport } from '../../src/transport/transport.js';
import { json, type Script, startScriptedServer } from '../helpers/scripted-server.js';
import { makeTestCertificates, startHttpsServer, type TestCertificates } from '../helpers/tls.js';

const apiKey = `pyxis-key-${randomUUID()}`;
const bearer = `bearer-${randomUUID()}`;
let certificates: TestCertificates;
let privateKey: string;
/** The private key's base64 body, which is what would show if any of it leaked. */
let privateKeyBody: string[];

beforeAll(() => {
  certificates = makeTestCertificates();
  privateKey = certificates.read('clientKey');
  privateKeyBody = privateKey.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----'));
});
afterAll(() => certificates?.remove());

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serve(script: Script) {
  const server = await startScriptedServer(script);
  closers.push(server.close);
  return server;
}

/** Everything an error shows of itself, its causes included. */
function exposure(error: unknown): string {
  const parts = [inspect(error, { depth: null, showHidden: true }), JSON.stringify(error)];
  for (let current = error, depth = 0; current instanceof Error && depth < 10; depth++) {
    parts.push(current.message, String(current.stack), JSON.stringify(current));
    current = current.cause;
  }
  return parts.join('\n');
}

function expectNoSecret(text: string): void {
  expect(text).not.toContain(apiKey);
  expect(text).not.toContain(bearer);
  for (const line of privateKeyBody) expect(text).not.toContain(line);
}

/** A server that repeats the request headers back, the way a careless proxy's error page might. */
const echoHeaders =
  (status: number, contentType: string): Script =>
  (request, response) => {
    response.writeHead(status, { 'content-type': contentType });
    response.end(`<html>you sent ${JSON.stringify(request.headers)}</html>`);
  };

function secretClient(url: string) {
  return new PyxisClient({
    url,
    apiKey,
    headers: { Authorization: `Bearer ${bearer}` },
    retries: 0,
    timeout: 200,
  });
}

describe('secrets never leak', () => {
  test('util.inspect of a client shows neither the API key nor the private key', () => {
    const { files } = certificates;
    const pyxis = new PyxisClient({ apiKey, cert: files.clientCert, key: privateKey, ca: files.ca });
    expectNoSecret(inspect(pyxis, { depth: null, showHidden: true }));
    expectNoSecret(JSON.stringify(pyxis));
  });

  test.each([
    ['an HTML 502 page that echoes the headers', echoHeaders(502, 'text/html')],
    ['a 200 text page that echoes the headers', echoHeaders(200, 'text/plain')],
    ['a 200 JSON body that is not JSON and echoes them', echoHeaders(200, 'application/json')],
    [
      'GraphQL errors that quote the headers',
      ((request, response) =>
        json(response, 400, {
          errors: [{ message: `bad key ${String(request.headers['x-api-key'])}` }],
          data: { echo: request.headers.authorization },
        })) as Script,
    ],
    [
      'invalid UTF-8 after the headers',
      ((request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          Buffer.concat([Buffer.from(JSON.stringify(request.headers)), Buffer.from([0xff, 0xfe])]),
        );
      }) as Script,
    ],
    ['a stall', (() => {}) as Script],
    ['a dropped connection', ((_request, _response, socket) => socket.destroy()) as Script],
  ])('%s: the error shows no secret', async (_name, script) => {
    const server = await serve(script);
    const error = await secretClient(server.url)
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expectNoSecret(exposure(error));
  });

  test('an echoed key is replaced by [redacted] where the body is quoted', async () => {
    const server = await serve(echoHeaders(502, 'text/html'));
    const error = await secretClient(server.url)
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect((error as PyxisHttpError).body).toContain('"x-api-key":"[redacted]"');

    const graphql = await serve((request, response) =>
      json(response, 400, { errors: [{ message: `bad key ${String(request.headers['x-api-key'])}` }] }),
    );
    const graphqlError = await secretClient(graphql.url)
      .ping()
      .catch((e: unknown) => e);
    expect(graphqlError).toBeInstanceOf(PyxisGraphQLError);
    expect((graphqlError as PyxisGraphQLError).errors[0]?.message).toBe('bad key [redacted]');
  });

  test('a refused connection, a deadline and a retried failure show no secret', async () => {
    const refused = await serve(() => {});
    await refused.close();
    closers.pop();
    expectNoSecret(
      exposure(
        await secretClient(refused.url)
          .ping()
          .catch((e: unknown) => e),
      ),
    );

    const stalled = await serve(() => {});
    const resolved = resolveOptions({ url: stalled.url, apiKey, retries: 0 });
    const deadline = await new DeadlineExecutor(new DirectExecutor(new HttpTransport(resolved)), 50)
      .execute({ kind: 'ping', document: '{ get_ping }', variables: {}, complete: () => null }, {})
      .catch((e: unknown) => e);
    expect(deadline).toMatchObject({ name: 'PyxisDeadlineError' });
    expectNoSecret(exposure(deadline));

    const failing = await serve(echoHeaders(503, 'text/html'));
    const retried = await new PyxisClient({ url: failing.url, apiKey, retryDelay: { base: 1, max: 1 } })
      .ping()
      .catch((e: unknown) => e);
    expect(retried).toMatchObject({ attempts: 4 });
    expectNoSecret(exposure(retried));
  });

  test('a TLS failure of an mTLS client shows neither key', async () => {
    const server = await startHttpsServer(certificates, { requireClientCert: true });
    closers.push(server.close);
    const { files } = certificates;
    // The stranger's certificate is signed by a CA the server does not trust.
    const pyxis = new PyxisClient({
      url: server.url,
      apiKey,
      cert: files.strangerCert,
      key: certificates.read('strangerKey'),
      ca: files.ca,
      retries: 0,
    });
    const strangerBody = certificates
      .read('strangerKey')
      .split('\n')
      .filter((line) => line.length > 0 && !line.startsWith('-----'));
    const text = exposure(await pyxis.ping().catch((e: unknown) => e));
    expectNoSecret(text);
    for (const line of strangerBody) expect(text).not.toContain(line);
  });

  test('option errors quote neither a key nor a password in the URL', () => {
    const mismatch = (() => {
      try {
        new PyxisClient({ cert: certificates.read('clientCert'), key: certificates.read('strangerKey') });
      } catch (error) {
        return error;
      }
    })();
    expect(mismatch).toBeInstanceOf(TypeError);
    expect((mismatch as Error).message).toContain('`key` option together with `cert` cannot be used for TLS');
    expect((mismatch as Error).message).not.toContain('PRIVATE KEY');
    expect(() => new PyxisClient({ url: 'https://user:hunter2@pyxis.example.com/graphql' })).toThrow(
      /^The `url` option must not hold credentials \(use `apiKey`, `headers` or `cert`\/`key`\)$/,
    );
  });

  test('nothing logged carries a secret', async () => {
    const logged: unknown[][] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args);
      }),
    );
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
    try {
      const server = await serve(echoHeaders(500, 'text/html'));
      await new PyxisClient({ url: server.url, apiKey, retryDelay: { base: 1, max: 1 } })
        .ping()
        .catch(() => undefined);
    } finally {
      for (const spy of spies) spy.mockRestore();
      warning.mockRestore();
    }
    expectNoSecret(inspect(logged, { depth: null }));
  });
});

describe('a token in the endpoint URL', () => {
  const token = `url-token-${randomUUID()}`;
  const withToken = (url: string) => `${url}?token=${token}&page=2`;
  const redacted = (url: string) => `${url}?token=[redacted]&page=[redacted]`;

  test.each([
    ['a refused connection', 'refused'],
    ['a dropped connection', 'drop'],
    ['a reset in the middle of the body', 'reset'],
  ] as const)(
    '%s: a PyxisNetworkError whose url and message hold the names, not the values',
    async (_name, kind) => {
      const server = await serve((_request, response, socket) => {
        if (kind === 'drop') socket.destroy();
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        response.write('{"data":');
        setTimeout(() => socket.resetAndDestroy(), 10);
      });
      if (kind === 'refused') await server.close();
      const error = await new PyxisClient({ url: withToken(server.url), retries: 0 })
        .ping()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PyxisNetworkError);
      expect(error).toMatchObject({ url: redacted(server.url) });
      expect((error as Error).message).toContain(`Pyxis request to ${redacted(server.url)} failed: `);
      expect(exposure(error)).not.toContain(token);
    },
  );

  test('a server that echoes the request line has the value replaced where its body is quoted', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end(`<html>bad gateway for POST ${response.req.url}</html>`);
    });
    const error = await new PyxisClient({ url: withToken(server.url), retries: 0 })
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect((error as PyxisHttpError).body).toBe(
      '<html>bad gateway for POST /graphql?token=[redacted]&page=2</html>',
    );
    expect(exposure(error)).not.toContain(token);
  });

  test('a redirect that is not followed names its location without query values', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(301, { location: `/moved?session=${token}` });
      response.end();
    });
    const error = await new PyxisClient({ url: server.url }).ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisRedirectError);
    const moved = server.url.replace(/\/graphql$/, '/moved?session=[redacted]');
    expect(error).toMatchObject({ location: moved });
    expect((error as Error).message).toContain(`redirected to ${moved}, and a 301 redirect`);
    expect(exposure(error)).not.toContain(token);
  });

  test('a refused URL option that could hold a token is not quoted', () => {
    const url = `ftp://pyxis.example.com/graphql?token=${token}`;
    let error: unknown;
    try {
      new PyxisClient({ url });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({
      option: 'url',
      received: '[redacted]',
      message: 'The `url` option must be an absolute http(s) URL',
    });
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(token);
  });

  test('redactUrl keeps names, paths and fragments, and redacts bare parts whole', () => {
    expect(redactUrl('https://h/graphql')).toBe('https://h/graphql');
    expect(redactUrl('https://h/graphql?')).toBe('https://h/graphql?');
    expect(redactUrl('https://h/g?a=1&b=&secret#part')).toBe(
      'https://h/g?a=[redacted]&b=[redacted]&[redacted]#part',
    );
    expect(redactUrl('not a url?key=value')).toBe('not a url?key=[redacted]');
  });
});

describe('redirects', () => {
  test('a 307 to another origin is followed without the API key or any custom header', async () => {
    const other = await serve((_request, response) =>
      json(response, 200, { data: { get_ping: 'elsewhere' } }),
    );
    const first = await serve((_request, response) => {
      response.writeHead(307, { location: other.url });
      response.end();
    });
    await expect(secretClient(first.url).ping()).resolves.toBe('elsewhere');
    expect(first.requests[0]?.headers['x-api-key']).toBe(apiKey);
    const forwarded = other.requests[0]?.headers ?? {};
    expect(forwarded['x-api-key']).toBeUndefined();
    expect(forwarded.authorization).toBeUndefined();
    expect(forwarded['content-type']).toContain('application/json');
    expect(other.requests[0]?.body.query).toContain('get_ping');
  });

  test('a 308 within the same origin keeps the key', async () => {
    let request = 0;
    const server = await serve((_request, response) => {
      if (request++ === 0) {
        response.writeHead(308, { location: '/moved' });
        response.end();
      } else json(response, 200, { data: { get_ping: 'moved' } });
    });
    await expect(secretClient(server.url).ping()).resolves.toBe('moved');
    expect(server.requests[1]?.headers['x-api-key']).toBe(apiKey);
  });

  test('a 301, which would turn the POST into a GET, is not followed', async () => {
    const other = await serve((_request, response) =>
      json(response, 200, { data: { get_ping: 'elsewhere' } }),
    );
    const first = await serve((_request, response) => {
      response.writeHead(301, { location: other.url });
      response.end();
    });
    const error = await secretClient(first.url)
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect(error).toMatchObject({ httpCode: 301 });
    expect((error as Error).message).toContain(`redirected to ${other.url}`);
    expect(other.requests).toHaveLength(0);
  });

  test('a redirect loop stops after 5 hops', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(307, { location: '/again' });
      response.end();
    });
    await expect(secretClient(server.url).ping()).rejects.toThrow('Pyxis HTTP 307: more than 5 redirects');
    expect(server.requests).toHaveLength(6);
  });
});
