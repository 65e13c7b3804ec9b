// The bad-input table of docs/reliability.md, row by row: each bad input, from the caller or from the server, is
// tried against a real server on loopback and must end as a clear typed error, promptly. A test at the end checks
// that the table in the docs and the cases here are the same list.
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { PyxisClient, type PyxisClientOptions } from '../../src/client/index.js';
import { resolveOptions } from '../../src/client/options.js';
import {
  PyxisClientClosedError,
  PyxisDeadlineError,
  PyxisError,
  PyxisGraphQLError,
  PyxisHttpError,
  PyxisNetworkError,
  PyxisPagingError,
  PyxisRedirectError,
  PyxisRequestError,
  PyxisResponseTooDeepError,
  PyxisResponseTooLargeError,
  PyxisTimeoutError,
} from '../../src/errors/index.js';
import { DeadlineExecutor, DirectExecutor } from '../../src/execution/index.js';
import { Scheduler, SchedulerClosedError } from '../../src/scheduler/index.js';
import { PyxisEngine, type PyxisServer, startPyxisServer } from '../../src/server/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { createPyxisHandlers } from '../../src/testing/index.js';
import { HttpTransport } from '../../src/transport/transport.js';
import { fakeIO, parseLines, runCli as runCliProcess } from '../cli/helpers.js';
import { json, type Script, startScriptedServer } from '../helpers/scripted-server.js';
import { makeTestCertificates, startHttpsServer, type TestCertificates } from '../helpers/tls.js';

type Scripted = Awaited<ReturnType<typeof startScriptedServer>>;

/** One row of the table: what goes in, what the docs say comes out, and the test of it. */
interface BadInput {
  input: string;
  yields: string;
  test(): Promise<void> | void;
}

let pyxisServer: PyxisServer;
let certificates: TestCertificates;
const servers: Scripted[] = [];

beforeAll(async () => {
  pyxisServer = await startPyxisServer({ dataset: { repositories: 10 } });
  certificates = makeTestCertificates();
});
afterAll(async () => {
  await pyxisServer?.close();
  for (const server of servers) await server.close();
  certificates?.remove();
});

async function serve(script: Script): Promise<Scripted> {
  const server = await startScriptedServer(script);
  servers.push(server);
  return server;
}

/** A client that retries at once. */
function client(url: string, options: PyxisClientOptions = {}) {
  return new PyxisClient({
    url,
    // A safety net only: a row that tests a timeout sets its own. A short one here cut healthy answers short on a
    // busy machine (300 ms did), which then failed rows for the wrong reason.
    timeout: 10_000,
    retryDelay: { base: 1, max: 1, maxRetryAfter: 1 },
    ...options,
  });
}

async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  return call().then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

function thrown(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** A bad argument: the call rejects with a TypeError matching `message`, and the server never hears of it. */
function refused(call: (pyxis: PyxisClient) => Promise<unknown>, message: RegExp): () => Promise<void> {
  return async () => {
    const server = await serve((_request, response) => json(response, 200, { data: { get_ping: 'pong' } }));
    const error = await rejection(() => call(client(server.url)));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    expect(server.requests).toHaveLength(0);
  };
}

/** A bad option: the constructor throws an InvalidOptionError (a TypeError) matching `message`. */
function badOption(options: () => PyxisClientOptions, message: RegExp): () => void {
  return () => {
    const error = thrown(() => new PyxisClient(options()));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
  };
}

/** The server answers every request with `script`; the call's error must pass `check`. */
function answered(
  script: Script,
  check: (error: unknown, server: Scripted) => void,
  options: PyxisClientOptions = {},
): () => Promise<void> {
  return async () => {
    const server = await serve(script);
    const error = await rejection(() => client(server.url, options).getRepositoryByPath(path));
    check(error, server);
  };
}

/** An https server on loopback that answers every request with a 307 to `location`. */
function redirectingHttps(location: string) {
  return startHttpsServer(certificates, {
    requireClientCert: false,
    respond(_request, response) {
      response.writeHead(307, { location });
      response.end();
      return true;
    },
  });
}

const path = { registry: 'registry.access.redhat.com', repository: 'ubi9' };

function raw(status: number, headers: Record<string, string>, body: string | Buffer): Script {
  return (_request, response) => {
    response.writeHead(status, headers);
    response.end(body);
  };
}

function expectHttpError(error: unknown, httpCode: number, reason: string | RegExp, attempts = 1): void {
  expect(error).toBeInstanceOf(PyxisHttpError);
  expect(error).toMatchObject({ httpCode, attempts });
  expect((error as Error).message).toMatch(reason);
}

/** Writes 64 KiB chunks until `total` bytes are out or the client hangs up; resolves to the bytes written. */
function stream(response: ServerResponse, total: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let written = 0;
  return new Promise((resolve) => {
    response.on('close', () => resolve(written));
    const write = () => {
      while (written < total && !response.destroyed) {
        written += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', write);
          return;
        }
      }
      response.end();
    };
    write();
  });
}

const MiB = 1024 * 1024;

const table: BadInput[] = [
  // From the caller: arguments.
  {
    input: 'empty registry in a registry path',
    yields:
      'TypeError: `getRepositoryByPath: "registry" must be a non-empty string, got the string ""`; nothing sent',
    test: refused(
      (pyxis) => pyxis.getRepositoryByPath({ registry: '', repository: 'ubi9' }),
      /^getRepositoryByPath: "registry" must be a non-empty string, got the string ""$/,
    ),
  },
  {
    input: 'blank repository in a registry path',
    yields: 'TypeError naming `"repository"`; nothing sent',
    test: refused(
      (pyxis) => pyxis.getRepositoryByPath({ registry: 'r', repository: '   ' }),
      /"repository" must be a non-empty string, got the string " {3}"/,
    ),
  },
  {
    input: 'registry path given as one string',
    yields:
      'TypeError: `"path" must be an object, got the string "registry.access.redhat.com/ubi9"`; nothing sent',
    test: refused(
      (pyxis) => pyxis.getRepositoryByPath('registry.access.redhat.com/ubi9' as never),
      /"path" must be an object, got the string "registry.access.redhat.com\/ubi9"/,
    ),
  },
  {
    input: 'registry path without a repository',
    yields: 'TypeError: `"repository" must be a non-empty string, got undefined`; nothing sent',
    test: refused(
      (pyxis) => pyxis.getRepositoryByPath({ registry: 'r' } as never),
      /"repository" must be a non-empty string, got undefined/,
    ),
  },
  {
    input: 'empty list of registry paths',
    yields: 'TypeError: `"paths" must not be empty`; nothing sent',
    test: refused((pyxis) => pyxis.findRepositoriesByRegistryPaths([]), /"paths" must not be empty/),
  },
  {
    input: 'number as a repository name in a list of paths',
    yields: 'TypeError naming `"paths[0].repository"`; nothing sent',
    test: refused(
      (pyxis) => pyxis.findRepositoriesByRegistryPaths([{ registry: 'r', repository: 42 as never }]),
      /"paths\[0\]\.repository" must be a non-empty string, got the number 42/,
    ),
  },
  {
    input: 'one NVR string where a list is expected',
    yields: 'TypeError: `"nvrs" must be an array of non-empty strings`; nothing sent',
    test: refused(
      (pyxis) => pyxis.findImagesByNvrs('openssl-3.0.7-1.el9' as never),
      /"nvrs" must be an array of non-empty strings, got the string "openssl-3.0.7-1.el9"/,
    ),
  },
  {
    input: 'null inside a list of NVRs',
    yields: 'TypeError naming `"nvrs[1]"`; nothing sent',
    test: refused(
      (pyxis) => pyxis.findImagesByNvrs(['a-1-1', null as never]),
      /"nvrs\[1\]" must be a non-empty/,
    ),
  },
  {
    input: 'string where a boolean filter is expected',
    yields: 'TypeError: `"published" must be a boolean, got the string "yes"`; nothing sent',
    test: refused(
      (pyxis) => pyxis.findRepositories({ published: 'yes' as never }),
      /"published" must be a boolean, got the string "yes"/,
    ),
  },
  {
    input: 'page size 0',
    yields: 'TypeError: `"pageSize" must be a positive integer, got the number 0`; nothing sent',
    test: refused(
      (pyxis) => pyxis.findImagesByNames(['ubi9'], { pageSize: 0 }),
      /"pageSize" must be a positive integer, got the number 0$/,
    ),
  },
  {
    input: 'negative per-call timeout',
    yields:
      'InvalidOptionError naming `timeout`: expected a positive number of milliseconds up to 2147483647, got the number -5; nothing sent',
    test: refused(
      (pyxis) => pyxis.ping({ timeout: -5 }),
      /^Expected the `timeout` option to be a positive number of milliseconds up to 2147483647, got the number -5$/,
    ),
  },
  {
    input: 'a signal that is not an AbortSignal',
    yields:
      'InvalidOptionError naming `signal`: expected an AbortSignal, got the string "stop"; nothing sent',
    test: refused(
      (pyxis) => pyxis.ping({ signal: 'stop' as never }),
      /^Expected the `signal` option to be an AbortSignal, got the string "stop"$/,
    ),
  },
  {
    input: 'empty GraphQL string',
    yields: 'TypeError: `request: "document" must not be an empty string`; nothing sent',
    test: refused((pyxis) => pyxis.request('  '), /^request: "document" must not be an empty string$/),
  },
  {
    input: 'number as a GraphQL document',
    yields: 'TypeError: `request: "document" must be a GraphQL document or a string`; nothing sent',
    test: refused((pyxis) => pyxis.request(42 as never), /must be a GraphQL document or a string/),
  },
  {
    input: 'variables that cannot be JSON (a BigInt)',
    yields: 'TypeError from JSON (`Do not know how to serialize a BigInt`); nothing sent',
    test: refused((pyxis) => pyxis.request('{ get_ping }', { n: 10n }), /serialize a BigInt/),
  },
  {
    input: 'GraphQL string with a syntax error',
    yields: 'PyxisGraphQLError, HTTP 400, the server\'s "Syntax Error: ..."; sent once, not retried',
    async test() {
      const error = await rejection(() => client(pyxisServer.url).request('query { get_ping'));
      expect(error).toBeInstanceOf(PyxisGraphQLError);
      expect(error).toMatchObject({ httpCode: 400, attempts: 1 });
      expect((error as Error).message).toMatch(/Syntax Error/);
    },
  },
  {
    input: 'GraphQL string asking for a field Pyxis lacks',
    yields: 'PyxisGraphQLError, HTTP 400, `Cannot query field "no_such_field" on type "Query"`; not retried',
    async test() {
      const error = await rejection(() => client(pyxisServer.url).request('{ no_such_field }'));
      expect(error).toBeInstanceOf(PyxisGraphQLError);
      expect(error).toMatchObject({ httpCode: 400, attempts: 1 });
      expect((error as Error).message).toContain('Cannot query field "no_such_field" on type "Query"');
    },
  },
  // From the caller: client options.
  {
    input: 'relative URL',
    yields: 'InvalidOptionError naming `url`: expected an absolute http(s) URL, got the string "/graphql"',
    test: badOption(
      () => ({ url: '/graphql' }),
      /^Expected the `url` option to be an absolute http\(s\) URL, got the string "\/graphql"$/,
    ),
  },
  {
    input: 'non-http URL',
    yields: 'InvalidOptionError naming `url`: expected an absolute http(s) URL, got the string "ftp://..."',
    test: badOption(
      () => ({ url: 'ftp://pyxis.example.com/graphql' }),
      /`url` option to be an absolute http\(s\) URL, got the string "ftp:/,
    ),
  },
  {
    input: 'URL with a user and password in it',
    yields: 'InvalidOptionError: the `url` option must not hold credentials (...), without quoting the URL',
    test: badOption(
      () => ({ url: 'https://me:hunter2@pyxis.example.com/' }),
      /^(?!.*hunter2)The `url` option must not hold credentials/,
    ),
  },
  {
    input: 'certificate file that does not exist',
    yields:
      'InvalidOptionError: the `cert` option names a file that cannot be read: /nonexistent/client.crt (ENOENT)',
    test: badOption(
      () => ({ cert: '/nonexistent/client.crt', key: '/nonexistent/client.key' }),
      /`cert` option names a file that cannot be read: \/nonexistent\/client.crt \(ENOENT\)/,
    ),
  },
  {
    input: 'certificate path that is a directory',
    yields: 'InvalidOptionError: the `cert` option names a file that cannot be read: ... (EISDIR)',
    test: badOption(
      () => ({ cert: tmpdir(), key: certificates.files.clientKey }),
      /`cert` option names a file that cannot be read: .* \(EISDIR\)/,
    ),
  },
  {
    input: 'certificate file that is not PEM',
    yields: 'InvalidOptionError: the `cert` option cannot be used for TLS: ...PEM routines::no start line',
    test: badOption(
      () => ({
        cert: certificates.files.ca.replace(/ca\.crt$/, 'server.ext'),
        key: certificates.files.clientKey,
      }),
      /`cert` option cannot be used for TLS: .*no start line/,
    ),
  },
  {
    input: 'key that does not match its certificate',
    yields:
      'InvalidOptionError: the `key` option together with `cert` cannot be used for TLS: ...key values mismatch',
    test: badOption(
      () => ({ cert: certificates.files.clientCert, key: certificates.files.strangerKey }),
      /`key` option together with `cert` cannot be used for TLS: .*key values mismatch/,
    ),
  },
  {
    input: 'CA file without a certificate',
    yields: 'InvalidOptionError: the `ca` option holds no PEM certificate',
    test: badOption(() => ({ ca: certificates.files.clientKey }), /`ca` option holds no PEM certificate/),
  },
  {
    input: 'negative or fractional retries',
    yields: 'InvalidOptionError naming `retries`: expected a non-negative integer',
    test() {
      badOption(
        () => ({ retries: -1 }),
        /`retries` option to be a non-negative integer, got the number -1$/,
      )();
      badOption(
        () => ({ retries: 1.5 }),
        /`retries` option to be a non-negative integer, got the number 1.5$/,
      )();
    },
  },
  {
    input: 'zero deadline or maxResponseBytes',
    yields: 'InvalidOptionError naming `deadline` or `maxResponseBytes`',
    test() {
      badOption(() => ({ deadline: 0 }), /`deadline` option to be a positive number of milliseconds/)();
      badOption(() => ({ maxResponseBytes: 0 }), /`maxResponseBytes` option to be a positive integer/)();
    },
  },
  // From the server.
  {
    input: 'HTML 502 page',
    yields:
      'PyxisHttpError, httpCode 502, `body` holds the start of the page; retried, then "failed after 4 attempts"',
    test: answered(
      raw(502, { 'content-type': 'text/html' }, '<html><h1>502 Bad Gateway</h1></html>'),
      (error) => {
        expectHttpError(
          error,
          502,
          /^Pyxis request failed after 4 attempts: Pyxis HTTP 502: .*\(text\/html\)$/,
          4,
        );
        expect((error as PyxisHttpError).body).toBe('<html><h1>502 Bad Gateway</h1></html>');
      },
    ),
  },
  {
    input: 'empty body',
    yields: 'PyxisHttpError, `response body is empty`',
    test: answered(raw(200, { 'content-type': 'application/json' }, ''), (error) =>
      expectHttpError(error, 200, /response body is empty$/),
    ),
  },
  {
    input: 'HTTP 204 No Content',
    yields: 'PyxisHttpError, httpCode 204, `response body is empty`',
    test: answered(raw(204, {}, ''), (error) => expectHttpError(error, 204, /response body is empty$/)),
  },
  {
    input: 'truncated JSON',
    yields: "PyxisHttpError, `response body is not valid JSON (...)` with the parser's message",
    test: answered(raw(200, { 'content-type': 'application/json' }, '{"data":{"get_repository_by'), (error) =>
      expectHttpError(error, 200, /response body is not valid JSON \(.+\)$/),
    ),
  },
  {
    input: 'JSON array',
    yields: 'PyxisHttpError, `response body is a JSON array, not a GraphQL response object`',
    test: answered(raw(200, { 'content-type': 'application/json' }, '[{"data":{}}]'), (error) =>
      expectHttpError(error, 200, /response body is a JSON array, not a GraphQL response object$/),
    ),
  },
  {
    input: 'JSON that is not an object (a number)',
    yields: 'PyxisHttpError, `response body is JSON, but not an object`',
    test: answered(raw(200, { 'content-type': 'application/json' }, '42'), (error) =>
      expectHttpError(error, 200, /response body is JSON, but not an object$/),
    ),
  },
  {
    input: '`data` of the wrong type (a string)',
    yields: 'PyxisHttpError, `response body is not a GraphQL response ("data", ... has the wrong type)`',
    test: answered(raw(200, { 'content-type': 'application/json' }, '{"data":"yes"}'), (error) =>
      expectHttpError(
        error,
        200,
        /not a GraphQL response \("data", "errors" or "extensions" has the wrong type\)$/,
      ),
    ),
  },
  {
    input: '`data: null` without errors',
    yields: 'PyxisHttpError, `response has no "data" object (and no "errors")`',
    test: answered(raw(200, { 'content-type': 'application/json' }, '{"data":null}'), (error) =>
      expectHttpError(error, 200, /response has no "data" object \(and no "errors"\)$/),
    ),
  },
  {
    input: '`errors` with partial `data`',
    yields: 'PyxisGraphQLError with `errors`, the partial `data` and `httpCode` 200; not retried',
    test: answered(
      (_request, response) =>
        json(response, 200, {
          data: { get_repository_by_registry_path: null },
          errors: [{ message: 'resolver failed', path: ['get_repository_by_registry_path'] }],
        }),
      (error, server) => {
        expect(error).toBeInstanceOf(PyxisGraphQLError);
        expect(error).toMatchObject({ httpCode: 200, data: { get_repository_by_registry_path: null } });
        expect((error as Error).message).toBe('Pyxis GraphQL error (HTTP 200): resolver failed');
        expect(server.requests).toHaveLength(1);
      },
    ),
  },
  {
    input: 'a Pyxis `error` field (status 500 in an HTTP 200)',
    yields: 'PyxisRequestError with `status` 500 and `detail`; not retried',
    test: answered(
      (_request, response) =>
        json(response, 200, {
          data: {
            get_repository_by_registry_path: { error: { status: 500, detail: 'Database down' }, data: null },
          },
        }),
      (error, server) => {
        expect(error).toBeInstanceOf(PyxisRequestError);
        expect(error).toMatchObject({ status: 500, detail: 'Database down' });
        expect(server.requests).toHaveLength(1);
      },
    ),
  },
  {
    input: 'data without the field asked for',
    yields: 'PyxisError: `Pyxis response has no "get_repository_by_registry_path" object in its data`',
    test: answered(
      (_request, response) => json(response, 200, { data: { something_else: 1 } }),
      (error) => {
        expect(error).toBeInstanceOf(PyxisError);
        expect((error as Error).message).toContain('no "get_repository_by_registry_path" object');
      },
    ),
  },
  {
    input: 'wrong content type (JSON sent as text/html)',
    yields: 'PyxisHttpError, `response content-type is text/html, not application/json`',
    test: answered(raw(200, { 'content-type': 'text/html' }, '{"data":{}}'), (error) =>
      expectHttpError(error, 200, /response content-type is text\/html, not application\/json$/),
    ),
  },
  {
    input: 'no content type',
    yields: 'PyxisHttpError, `response has no content-type (expected application/json)`',
    test: answered(
      (_request, response) => {
        response.removeHeader('content-type');
        response.end('{"data":{}}');
      },
      (error) => expectHttpError(error, 200, /response has no content-type \(expected application\/json\)$/),
    ),
  },
  {
    input: 'huge body, announced by Content-Length',
    yields: 'PyxisResponseTooLargeError (a PyxisHttpError) before reading: `limit`, `declaredSize`',
    test: answered(
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * MiB) });
        void stream(response, 64 * MiB);
      },
      (error) => {
        expect(error).toBeInstanceOf(PyxisResponseTooLargeError);
        expect(error).toMatchObject({ httpCode: 200, limit: MiB, declaredSize: 64 * MiB });
        expect((error as Error).message).toBe(
          `Pyxis HTTP 200: response body is larger than maxResponseBytes (${MiB} bytes): ${64 * MiB} bytes`,
        );
      },
      { maxResponseBytes: MiB },
    ),
  },
  {
    input: 'huge body, chunked without a length',
    yields: 'PyxisResponseTooLargeError once the bytes read pass `maxResponseBytes`; the rest is not read',
    async test() {
      let written: Promise<number> | undefined;
      const server = await serve((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        written = stream(response, 256 * MiB);
      });
      const error = await rejection(() => client(server.url, { maxResponseBytes: MiB }).ping());
      expect(error).toBeInstanceOf(PyxisResponseTooLargeError);
      expect(error).toMatchObject({ limit: MiB, declaredSize: undefined });
      // The client hung up long before the server could send it all.
      expect(await written).toBeLessThan(64 * MiB);
    },
  },
  {
    input: 'invalid UTF-8',
    yields: 'PyxisHttpError, `response body is not valid UTF-8`, `body` shows the start with U+FFFD',
    test: answered(
      raw(200, { 'content-type': 'application/json' }, Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])),
      (error) => {
        expectHttpError(error, 200, /response body is not valid UTF-8$/);
        expect((error as PyxisHttpError).body).toBe('{"\uFFFD("}');
      },
    ),
  },
  {
    input: 'response that stalls after the headers',
    yields:
      'PyxisTimeoutError after `timeout` on each attempt; with a deadline, PyxisDeadlineError at the deadline',
    async test() {
      const server = await serve((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"data":');
      });
      const error = await rejection(() => client(server.url, { timeout: 50, retries: 1 }).ping());
      expect(error).toBeInstanceOf(PyxisTimeoutError);
      expect(error).toMatchObject({ timeout: 50, attempts: 2 });
      const resolved = resolveOptions({ url: server.url, retryDelay: { base: 1, max: 1 } });
      const deadline = await rejection(() =>
        new DeadlineExecutor(new DirectExecutor(new HttpTransport(resolved)), undefined).execute(
          { kind: 'ping', document: '{ get_ping }', variables: {}, complete: () => null },
          { deadline: 200 },
        ),
      );
      expect(deadline).toBeInstanceOf(PyxisDeadlineError);
    },
  },
  {
    input: 'connection reset in the middle of the body',
    yields: 'PyxisNetworkError: `the connection broke while the response body arrived (HTTP 200)`; retried',
    test: answered(
      (_request, response, socket) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        response.write('{"data":{"get_repository');
        setTimeout(() => socket.resetAndDestroy(), 10);
      },
      (error, server) => {
        expect(error).toBeInstanceOf(PyxisNetworkError);
        expect((error as Error).message).toContain(
          'the connection broke while the response body arrived (HTTP 200)',
        );
        expect(server.requests).toHaveLength(4);
      },
    ),
  },
  {
    input: 'connection closed without an answer',
    yields: 'PyxisNetworkError, code `UND_ERR_SOCKET`: `the server closed the connection without answering`',
    test: answered(
      (_request, _response, socket) => socket.destroy(),
      (error) => {
        expect(error).toBeInstanceOf(PyxisNetworkError);
        expect(error).toMatchObject({ code: 'UND_ERR_SOCKET', attempts: 4 });
        expect((error as Error).message).toContain('the server closed the connection without answering');
      },
    ),
  },
  {
    input: 'nobody listening (connection refused)',
    yields: 'PyxisNetworkError, code `ECONNREFUSED`, naming the URL; retried',
    async test() {
      const server = await serve(() => {});
      await server.close();
      const error = await rejection(() => client(server.url).ping());
      expect(error).toBeInstanceOf(PyxisNetworkError);
      expect(error).toMatchObject({ code: 'ECONNREFUSED', url: server.url, attempts: 4 });
    },
  },
  {
    input: 'HTTP 404 page',
    yields: 'PyxisHttpError, httpCode 404, `server answered with status 404`; not retried',
    test: answered(raw(404, { 'content-type': 'text/plain' }, 'Not Found'), (error, server) => {
      expectHttpError(error, 404, /^Pyxis HTTP 404: server answered with status 404 \(text\/plain\)$/);
      expect(server.requests).toHaveLength(1);
    }),
  },
  {
    input: 'redirect that would turn the POST into a GET (301)',
    yields: 'PyxisHttpError, httpCode 301, `redirected to ...`; not followed',
    test: answered(raw(301, { location: 'http://127.0.0.1:9/elsewhere' }, ''), (error) =>
      expectHttpError(
        error,
        301,
        /redirected to http:\/\/127.0.0.1:9\/elsewhere, and a 301 redirect would turn/,
      ),
    ),
  },
  // Added with the option checks: secrets, wrong types and unknown names in options, and the scheduler.
  {
    input: 'API key with CR/LF in it',
    yields:
      'InvalidOptionError: the `apiKey` option contains CR or LF, without quoting the key; nothing sent',
    test: badOption(
      () => ({ apiKey: 'k3y-s3cr3t\r\nX-Injected: 1' }),
      /^(?!.*k3y-s3cr3t)The `apiKey` option contains CR or LF$/,
    ),
  },
  {
    input: 'API key with a character outside Latin-1',
    yields:
      'InvalidOptionError: the `apiKey` option has a character outside Latin-1, without quoting the key',
    test: badOption(
      () => ({ apiKey: 'k3y-s3cr3t\u2603' }),
      /^The `apiKey` option has a character outside Latin-1$/,
    ),
  },
  {
    input: 'header value with CR/LF in it',
    yields: 'InvalidOptionError: the `headers.<name>` option contains CR or LF, without quoting the value',
    test: badOption(
      () => ({ headers: { authorization: 'Bearer s3cr3t\r\nX-Evil: 1' } }),
      /^The `headers.authorization` option contains CR or LF$/,
    ),
  },
  {
    input: 'headers given as a string or an array',
    yields: 'InvalidOptionError naming `headers`: expected a plain object of header names to string values',
    test() {
      for (const headers of ['x', ['a']]) {
        badOption(
          () => ({ headers: headers as never }),
          /^Expected the `headers` option to be a plain object of header names to string values, got /,
        )();
      }
    },
  },
  {
    input: 'batch that is neither a boolean nor an object (`"yes"`)',
    yields:
      'InvalidOptionError naming `batch`: expected a boolean or an object ({ maxSize, windowMs }), got the string "yes"',
    test: badOption(
      () => ({ batch: 'yes' as never }),
      /^Expected the `batch` option to be a boolean or an object \(\{ maxSize, windowMs \}\), got the string "yes"$/,
    ),
  },
  {
    input: 'misspelt client option (`tiemout`)',
    yields: 'InvalidOptionError: Unknown option `tiemout` in PyxisClient options (did you mean `timeout`?)',
    test: badOption(
      () => ({ tiemout: 1000 }) as never,
      /^Unknown option `tiemout` in PyxisClient options \(did you mean `timeout`\?\)$/,
    ),
  },
  {
    input: 'timeout given as a string (`"1000"`)',
    yields: 'InvalidOptionError naming `timeout`: ..., got the string "1000" (use milliseconds, e.g. 5000)',
    test: badOption(
      () => ({ timeout: '1000' as never }),
      /`timeout` option to be a positive number of milliseconds .*, got the string "1000" \(use milliseconds, e\.g\. 5000\)$/,
    ),
  },
  {
    input: 'scheduler limit below 1, or a misspelt scheduler option',
    yields:
      'InvalidOptionError (a TypeError, not a RangeError) naming `limit`, or the unknown name and the nearest known one',
    test() {
      for (const [options, message] of [
        [{ limit: -1 }, /^Expected the `limit` option to be a positive integer, .*got the number -1$/],
        [{ limt: 5 }, /^Unknown option `limt` in Scheduler options \(did you mean `limit`\?\)$/],
      ] as const) {
        const error = thrown(() => new Scheduler(options as never));
        expect(error).toBeInstanceOf(InvalidOptionError);
        expect(error).not.toBeInstanceOf(RangeError);
        expect((error as Error).message).toMatch(message);
      }
    },
  },
  {
    input: 'async call after its scheduler closed',
    yields: 'SchedulerClosedError, thrown by the call itself; no job made, nothing sent',
    async test() {
      const server = await serve((_request, response) => json(response, 200, { data: { get_ping: 'pong' } }));
      const scheduler = new Scheduler();
      await scheduler.close();
      const jobs = client(server.url).beginAsyncExecution({ scheduler });
      expect(thrown(() => jobs.ping())).toBeInstanceOf(SchedulerClosedError);
      expect(server.requests).toHaveLength(0);
    },
  },
  {
    input: 'CLI: a registry path with an empty segment (`registry.access.redhat.com//ubi9`)',
    yields:
      'a failed lookup, InvalidInputError: `... (an empty path segment: "//", or a "/" at the end)`; nothing sent',
    async test() {
      const server = await serve((_request, response) => json(response, 500, {}));
      const io = fakeIO();
      const input = 'registry.access.redhat.com//ubi9';
      expect(await runCli(['repo', '--url', server.url, input], io)).toBe(1);
      expect(parseLines(io.stdout.text)).toEqual([
        {
          input,
          ok: false,
          error: {
            name: 'InvalidInputError',
            message: expect.stringMatching(/\(an empty path segment: "\/\/", or a "\/" at the end\)$/),
          },
        },
      ]);
      expect(server.requests).toHaveLength(0);
    },
  },
  {
    input: 'CLI: an input line of 10 MB',
    yields:
      'its `input` and its message echo the first 1,000 characters, then `… (10,485,760 characters)`: a 2 KB output line, not 20 MB',
    async test() {
      const server = await serve((_request, response) => json(response, 500, {}));
      const line = 'x'.repeat(10 * 1024 * 1024);
      const { code, stdout } = await runCliProcess(['repo', '--url', server.url, '--input', '-'], {
        stdin: `${line}\n`,
      });
      expect(code).toBe(1);
      expect(stdout.length).toBeLessThan(2500);
      const echoed = `${'x'.repeat(1000)}… (10,485,760 characters)`;
      expect(parseLines(stdout)).toEqual([
        {
          input: echoed,
          ok: false,
          error: { name: 'InvalidInputError', message: expect.stringContaining(`got "${echoed}"`) },
        },
      ]);
      expect(server.requests).toHaveLength(0);
    },
  },
  {
    input: 'CLI: an answer nested 100,000 deep',
    yields: 'a failed lookup (`ok: false`) and the summary, exit code 1; never a bare `RangeError` alone',
    async test() {
      const depth = 100_000;
      const server = await serve(
        raw(
          200,
          { 'content-type': 'application/json' },
          `{"data":{"get_ping":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
        ),
      );
      const io = fakeIO();
      expect(await runCli(['query', '{ get_ping }', '--url', server.url], io)).toBe(1);
      expect(parseLines(io.stdout.text)).toEqual([
        { input: '{}', ok: false, error: expect.objectContaining({ name: expect.any(String) }) },
      ]);
      expect(io.stderr.text).toMatch(
        /^query: 1 lookup in .*: 0 ok, 1 failed, 0 skipped\nquery: 1 request \(.*\nquery: latency per request p50 .*\n$/,
      );
    },
  },
  {
    input: 'answer nested 100,000 levels deep',
    yields: 'PyxisResponseTooDeepError (a PyxisHttpError), `limit` 1000, before parsing; not retried',
    test: answered(
      raw(
        200,
        { 'content-type': 'application/json' },
        `{"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      ),
      (error, server) => {
        expect(error).toBeInstanceOf(PyxisResponseTooDeepError);
        expectHttpError(error, 200, /nests arrays and objects deeper than 1000 levels/);
        expect(error).toMatchObject({ limit: 1000 });
        expect(server.requests).toHaveLength(1);
      },
    ),
  },
  {
    input: 'redirect from https to http',
    yields:
      'PyxisRedirectError (a PyxisHttpError), httpCode 307, `from https to http`; nothing sent in clear text',
    async test() {
      const plain = await serve((_request, response) => json(response, 200, { data: { get_ping: 'clear' } }));
      const server = await redirectingHttps(plain.url);
      try {
        const error = await rejection(() => client(server.url, { ca: certificates.files.ca }).ping());
        expect(error).toBeInstanceOf(PyxisRedirectError);
        expectHttpError(error, 307, /from https to http, the request would travel in clear text$/);
        expect(plain.requests).toHaveLength(0);
      } finally {
        await server.close();
      }
    },
  },
  {
    input: 'redirect of an mTLS client to another origin',
    yields:
      'PyxisRedirectError, httpCode 307, `a client with a client certificate follows redirects only within its own`',
    async test() {
      const other = await startHttpsServer(certificates, { requireClientCert: false, askClientCert: true });
      const server = await redirectingHttps(other.url);
      try {
        const { files } = certificates;
        const mtls = client(server.url, { ca: files.ca, cert: files.clientCert, key: files.clientKey });
        const error = await rejection(() => mtls.ping());
        expect(error).toBeInstanceOf(PyxisRedirectError);
        expectHttpError(
          error,
          307,
          /a client with a client certificate follows redirects only within its own/,
        );
        expect(other.requests).toHaveLength(0);
      } finally {
        await server.close();
        await other.close();
      }
    },
  },
  {
    input: "token in the URL's query, nobody listening",
    yields: 'PyxisNetworkError whose `url` and message show `?token=[redacted]`, never the value',
    async test() {
      const server = await serve(() => {});
      await server.close();
      const error = await rejection(() => client(`${server.url}?token=secret-in-the-query`).ping());
      expect(error).toBeInstanceOf(PyxisNetworkError);
      expect(error).toMatchObject({ url: `${server.url}?token=[redacted]`, code: 'ECONNREFUSED' });
      expect((error as Error).message).toContain(`${server.url}?token=[redacted]`);
      expect((error as Error).message).not.toContain('secret-in-the-query');
    },
  },
  {
    input: '`find*` answer announcing `total: 1e12` with full pages',
    yields:
      'PyxisPagingError, `option` maxItems, `limit` 100000, after the first page; no other page asked for',
    async test() {
      const server = await serve((request, response) => {
        const size = Number(request.body.variables?.page_size);
        const data = Array.from({ length: size }, (_, i) => ({ registry: 'r', repository: `x${i}` }));
        json(response, 200, {
          data: { find_repositories: { error: null, page: 0, page_size: size, total: 1e12, data } },
        });
      });
      const error = await rejection(() => client(server.url).findRepositories({}, { deadline: 5000 }));
      expect(error).toBeInstanceOf(PyxisPagingError);
      expect(error).toMatchObject({ option: 'maxItems', limit: 100_000, total: 1e12 });
      expect(server.requests).toHaveLength(1);
    },
  },
  {
    input: 'a call after `close()`',
    yields: 'PyxisClientClosedError at once, `attempts` 1; nothing sent, not retried',
    async test() {
      const server = await serve((_request, response) => json(response, 200, { data: { get_ping: 'pong' } }));
      const pyxis = client(server.url);
      await pyxis.close();
      const error = await rejection(() => pyxis.ping());
      expect(error).toBeInstanceOf(PyxisClientClosedError);
      expect(error).toMatchObject({ attempts: 1, aborted: false });
      expect(server.requests).toHaveLength(0);
    },
  },
  {
    input: 'embedded server `requireApiKey` no header can carry (a newline in it)',
    yields: 'InvalidOptionError naming `requireApiKey`, without quoting the key; nothing listens',
    async test() {
      const error = await rejection(() => startPyxisServer({ requireApiKey: 'line\nbreak-zq7x' }));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error).toMatchObject({ option: 'requireApiKey', received: '[redacted]' });
      expect((error as Error).message).not.toContain('zq7x');
    },
  },
  {
    input: 'API key missing or wrong, for a server that requires one',
    yields:
      "PyxisRequestError with `status` 401 (no key) or 403 (another key) and Pyxis' `detail`; not retried",
    async test() {
      const server = await startPyxisServer({ dataset: { repositories: 1 }, requireApiKey: 'right-key' });
      try {
        const path = server.dataset.repositoryPaths()[0] as { registry: string; repository: string };
        for (const [apiKey, status] of [
          [undefined, 401],
          ['wrong-key', 403],
        ] as const) {
          const options = apiKey === undefined ? {} : { apiKey };
          const error = await rejection(() => client(server.url, options).getRepositoryByPath(path));
          expect(error).toBeInstanceOf(PyxisRequestError);
          expect(error).toMatchObject({ status, attempts: 1 });
        }
        expect(server.stats().httpRequests).toBe(2);
      } finally {
        await server.close();
      }
    },
  },
  {
    input: 'variables that are not an object (an array)',
    yields: 'TypeError: `request: "variables" must be an object, got an array`; nothing sent',
    test: refused(
      (pyxis) => pyxis.request('{ get_ping }', ['x']),
      /^request: "variables" must be an object, got an array$/,
    ),
  },
  {
    input: 'MSW handlers `latency` out of range, or a misspelt latency option',
    yields:
      'InvalidOptionError naming `latency.ms` / `latency.jitterMs`, or the unknown name; as the embedded server says',
    test() {
      expect(() => createPyxisHandlers({ dataset: { repositories: 1 }, latency: { ms: -1 } })).toThrow(
        /^Expected the `latency.ms` option to be a number of milliseconds >= 0 up to 2147483647, got the number -1$/,
      );
      expect(() =>
        createPyxisHandlers({ dataset: { repositories: 1 }, latency: { jitter: 5 } as never }),
      ).toThrow(/^Unknown option `jitter` in `latency` \(did you mean `jitterMs`\?\)$/);
    },
  },
  {
    input: 'embedded engine `documentCacheSize` that is not a positive integer',
    yields: 'InvalidOptionError naming `documentCacheSize`',
    test() {
      expect(() => new PyxisEngine({ dataset: { repositories: 1 }, documentCacheSize: 0 })).toThrow(
        /`documentCacheSize` option to be a positive integer, got the number 0$/,
      );
    },
  },
  {
    input: '`rateLimit` of zero or negative requests, a `perMs` of 0, or a misspelt name',
    yields:
      'InvalidOptionError naming `rateLimit.requests`, `rateLimit.perMs` or the unknown name (with the nearest)',
    test() {
      const made = (rateLimit: unknown) => () => new PyxisClient({ rateLimit } as PyxisClientOptions);
      expect(made({ requests: 0, perMs: 1000 })).toThrow(
        /`rateLimit.requests` option to be a positive integer/,
      );
      expect(made({ requests: -5, perMs: 1000 })).toThrow(
        /`rateLimit.requests` option to be a positive integer/,
      );
      expect(made({ requests: 10, perMs: 0 })).toThrow(/`rateLimit.perMs` option to be a positive number/);
      expect(made({ requests: 10 })).toThrow(/`rateLimit.perMs` option to be a positive number/);
      expect(made({ requests: 10, perMs: 1000, brust: 2 })).toThrow(/did you mean `burst`/);
    },
  },
  {
    input: 'adaptive `maxConcurrency` with `min > max`, `initial` outside them, or `adaptive: false`',
    yields: 'InvalidOptionError saying which bound is wrong; a fixed cap is a number',
    test() {
      const made = (maxConcurrency: unknown) => () =>
        new PyxisClient({ maxConcurrency } as PyxisClientOptions);
      expect(made({ adaptive: true, min: 50, max: 10 })).toThrow(/has min 50 above max 10/);
      expect(made({ adaptive: true, min: 5, max: 10, initial: 20 })).toThrow(
        /initial` option is 20, outside/,
      );
      expect(made({ adaptive: false })).toThrow(/a fixed cap is a number/);
      expect(made({ adaptive: true, min: 0 })).toThrow(
        /`maxConcurrency.min` option to be a positive integer/,
      );
    },
  },
  {
    input: '`Retry-After` of `-5`, of garbage, of a date in the past, or of 999999999 seconds on a 429',
    yields:
      'unreadable ones get the backoff, a past date no wait, a huge one `retryDelay.maxRetryAfter` (30 s) at most, and never past the deadline',
    async test() {
      const server = await serve((request, response) => {
        const value = String((request.body.query ?? '').match(/"(.*)"/)?.[1] ?? '');
        json(response, 429, { errors: [{ message: 'slow down' }] }, { 'retry-after': value });
      });
      for (const value of ['-5', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT']) {
        const error = await rejection(() =>
          client(server.url, { retries: 1 }).request(`query { get_ping(x: "${value}") }`),
        );
        expect(error).toBeInstanceOf(PyxisGraphQLError);
        expect((error as PyxisGraphQLError).httpCode).toBe(429);
      }
      const huge = await rejection(() =>
        client(server.url, { deadline: 200, retryDelay: { maxRetryAfter: 1000 } }).request(
          'query { get_ping(x: "999999999") }',
        ),
      );
      // Not waited at all: 999999999 s is cut to maxRetryAfter (1 s here), and even that would pass the deadline.
      expect((huge as Error).message).toMatch(/not retried: waiting 1000 ms would pass the call.s deadline/);
    },
  },
  {
    input:
      'embedded server `capacity` or `maxInFlight` that is not a positive integer, or `maxInFlight` below `capacity`',
    yields: 'InvalidOptionError naming `capacity` or `maxInFlight`, with what it got; nothing listens',
    async test() {
      for (const [options, option, received] of [
        [{ capacity: 0 }, 'capacity', 0],
        [{ capacity: '24' }, 'capacity', '24'],
        [{ maxInFlight: 1.5 }, 'maxInFlight', 1.5],
        [{ capacity: 24, maxInFlight: 10 }, 'maxInFlight', 10],
      ] as const) {
        const error = await rejection(() => startPyxisServer(options as never));
        expect(error).toBeInstanceOf(InvalidOptionError);
        expect(error).toMatchObject({ option, received });
      }
    },
  },
  {
    input: 'embedded server `overloadRetryAfterSeconds` of -5, or a `faults.gzipBombBytes` past 4 GiB',
    yields:
      'InvalidOptionError naming `overloadRetryAfterSeconds` or `faults.gzipBombBytes`; nothing listens',
    async test() {
      const early = await rejection(() => startPyxisServer({ capacity: 4, overloadRetryAfterSeconds: -5 }));
      expect(early).toBeInstanceOf(InvalidOptionError);
      expect((early as Error).message).toBe(
        'Expected the `overloadRetryAfterSeconds` option to be a non-negative integer, got the number -5',
      );
      const bomb = await rejection(() =>
        startPyxisServer({ faults: { gzipBomb: 1, gzipBombBytes: 2 ** 40 } }),
      );
      expect(bomb).toMatchObject({ option: 'faults.gzipBombBytes', received: 2 ** 40 });
    },
  },
  {
    input:
      'embedded server `compression` that is neither a boolean nor an object, or a misspelt compression option',
    yields: 'InvalidOptionError naming `compression`, or the unknown name and the nearest known one',
    async test() {
      const named = await rejection(() => startPyxisServer({ compression: 'br' as never }));
      expect(named).toMatchObject({ option: 'compression', received: 'br' });
      expect(named).toBeInstanceOf(InvalidOptionError);
      await expect(startPyxisServer({ compression: { minByte: 10 } as never })).rejects.toThrow(
        /^Unknown option `minByte` in `compression` \(did you mean `minBytes`\?\)$/,
      );
    },
  },
  {
    input: "`request` option `errors` other than `'throw'` or `'return'`",
    yields: 'InvalidOptionError naming `errors`; nothing sent',
    async test() {
      const server = await serve((_request, response) => json(response, 200, { data: { get_ping: 'pong' } }));
      const error = await rejection(() =>
        client(server.url).request('{ get_ping }', {}, { errors: 'all' } as never),
      );
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error).toMatchObject({ option: 'errors', received: 'all' });
      expect(server.requests).toHaveLength(0);
    },
  },
  {
    input: 'gzip body that inflates past `maxResponseBytes` (a compression bomb)',
    yields:
      'PyxisResponseTooLargeError once the decompressed bytes pass the limit; the connection is dropped, the rest never read',
    async test() {
      // 32 members of 16 MiB of zeros: 512 KiB on the wire, 512 MiB decompressed; the response never ends.
      const member = gzipSync(Buffer.alloc(16 * MiB));
      let dropped: Promise<void> | undefined;
      const server = await serve((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        dropped = new Promise((resolve) => response.on('close', resolve));
        for (let i = 0; i < 32; i++) response.write(member);
      });
      const error = await rejection(() => client(server.url, { maxResponseBytes: MiB }).ping());
      expect(error).toBeInstanceOf(PyxisResponseTooLargeError);
      expect(error).toMatchObject({ limit: MiB, declaredSize: undefined });
      await dropped;
    },
  },
  {
    input: 'corrupt gzip or br body',
    yields: "PyxisHttpError, `response body is not valid gzip (…)` (or `br`), with the decoder's reason",
    async test() {
      for (const coding of ['gzip', 'br']) {
        const server = await serve(
          raw(200, { 'content-type': 'application/json', 'content-encoding': coding }, '{"data":{}}'),
        );
        const error = await rejection(() => client(server.url).ping());
        expectHttpError(error, 200, new RegExp(`: response body is not valid ${coding} \\(.+\\)$`));
      }
    },
  },
  {
    input: '`content-encoding` the client cannot decode (`zstd`)',
    yields: 'PyxisHttpError naming the coding and those the client accepts; the body is not read',
    test: answered(
      raw(200, { 'content-type': 'application/json', 'content-encoding': 'zstd' }, 'zstd bytes'),
      (error) =>
        expectHttpError(
          error,
          200,
          /: response content-encoding is "zstd", which the client cannot decode \(it accepts gzip, br, deflate or none\)$/,
        ),
    ),
  },
  {
    input:
      'a Redis URL where nothing listens, for a distributed fan-out, a durable async context or a worker (`connectTimeout: 200`)',
    yields:
      'RedisConnectError naming host, port and the timeout, never the password, within the timeout; no hang, nothing left open',
    async test() {
      const { createDistributedFanout, beginDurableAsyncExecution, startLookupWorker, RedisConnectError } =
        await import('../../src/bullmq/index.js');
      const port = await closedPort();
      const connection = `redis://user:hunter2@127.0.0.1:${port}`;
      const expected = `cannot connect to Redis at redis://127.0.0.1:${port} within 200 ms (ECONNREFUSED): is redis-server running there?`;
      const fleet = createDistributedFanout({ connection, queue: 'q', connectTimeout: 200 });
      const jobs = beginDurableAsyncExecution({ connection, queue: 'q', connectTimeout: 200 });
      const worker = startLookupWorker({ connection, queue: 'q', connectTimeout: 200 });
      try {
        for (const error of [
          await rejection(() => fleet.pyxis.ping()),
          await rejection(() => jobs.ping().status()),
          await rejection(() => worker.ready()),
        ]) {
          expect(error).toBeInstanceOf(RedisConnectError);
          expect((error as Error).message).toBe(expected);
        }
      } finally {
        await Promise.all([fleet.close(), jobs.close(), worker.close()]);
      }
    },
  },
  {
    input:
      'a worker `limiter` that is not `{ max, duration }` of positive integers, or a `connectTimeout` of 0 or a string',
    yields:
      'InvalidOptionError naming `limiter`, `limiter.max`, `limiter.duration` or `connectTimeout`; nothing sent',
    async test() {
      const { startLookupWorker, createDistributedFanout } = await import('../../src/bullmq/index.js');
      const connection = 'redis://127.0.0.1:1';
      for (const [options, option] of [
        [{ limiter: 10 }, 'limiter'],
        [{ limiter: { max: 0, duration: 1000 } }, 'limiter.max'],
        [{ limiter: { max: 5 } }, 'limiter.duration'],
        [{ connectTimeout: 0 }, 'connectTimeout'],
      ] as const) {
        const error = await rejection(async () =>
          startLookupWorker({ connection, queue: 'q', ...options } as never),
        );
        expect(error).toBeInstanceOf(InvalidOptionError);
        expect(error).toMatchObject({ option });
      }
      const fanout = await rejection(async () =>
        createDistributedFanout({ connection, queue: 'q', connectTimeout: '5s' } as never),
      );
      expect(fanout).toMatchObject({ option: 'connectTimeout', received: '5s' });
    },
  },
];

describe('bad input, with nothing lost', () => {
  test.each(table.map((row) => [row.input, row] as const))('%s', async (_input, row) => {
    await row.test();
  });

  test('docs/reliability.md lists exactly these cases, with what each yields', () => {
    const docs = readFileSync(new URL('../../docs/reliability.md', import.meta.url), 'utf8');
    const section = docs.slice(
      docs.indexOf('## Bad input'),
      docs.indexOf('\n## ', docs.indexOf('## Bad input') + 1),
    );
    const rows = section
      .split('\n')
      .filter((line) => /^\| \d+ \|/.test(line))
      .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, '').trim()));
    expect(rows.map(([, input]) => input)).toEqual(table.map((row) => row.input));
    expect(rows.map(([, , yields]) => yields)).toEqual(table.map((row) => row.yields));
    expect(table.length).toBeGreaterThanOrEqual(25);
  });
});

/** A loopback port where nothing listens: one the system gave out, and closed again. */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
