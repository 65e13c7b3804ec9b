// A hostile server can nest its answer deeper than anything can serialize: the client refuses such a body before
// parsing it, with a typed error naming the limit, instead of resolving to a value that crashes whoever logs it.
import { describe, expect, test } from 'vitest';
import { PyxisHttpError, PyxisResponseTooDeepError } from '../../src/errors/index.js';
import { PyxisClient } from '../../src/index.js';
import { MAX_RESPONSE_DEPTH, nestsDeeperThan } from '../../src/transport/body.js';
import { failure } from '../helpers/async.js';
import { useScriptedServer } from '../helpers/scripted-server.js';

const serve = useScriptedServer();

/** `{"data":{"get_ping":[[...]]}}` with `arrays` nested arrays: the body nests `arrays + 2` levels. */
function nestedPing(arrays: number): string {
  return `{"data":{"get_ping":${'['.repeat(arrays)}${']'.repeat(arrays)}}}`;
}

async function serveBody(body: string) {
  return serve((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(body);
  });
}

describe('response depth', () => {
  test('a 100,000-deep answer is refused with a typed error naming the limit, sent once', async () => {
    const server = await serveBody(nestedPing(100_000));
    const error = await failure(new PyxisClient({ url: server.url }).ping());
    expect(error).toBeInstanceOf(PyxisResponseTooDeepError);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect(error).toMatchObject({ limit: 1000, httpCode: 200, attempts: 1 });
    expect((error as Error).message).toBe(
      'Pyxis HTTP 200: response body nests arrays and objects deeper than 1000 levels',
    );
    expect(server.requests).toHaveLength(1);
  });

  test('the limit is inclusive: 1000 levels pass (and serialize), 1001 do not', async () => {
    const atLimit = await serveBody(nestedPing(MAX_RESPONSE_DEPTH - 2));
    const value = await new PyxisClient({ url: atLimit.url }).ping();
    expect(JSON.stringify(value)).toHaveLength(2 * (MAX_RESPONSE_DEPTH - 2));
    const past = await serveBody(nestedPing(MAX_RESPONSE_DEPTH - 1));
    await expect(new PyxisClient({ url: past.url }).ping()).rejects.toBeInstanceOf(PyxisResponseTooDeepError);
  });

  test('a deep body with an error status is refused too, before its errors are read', async () => {
    const body = `{"errors":[{"message":"x","extensions":${'['.repeat(5000)}${']'.repeat(5000)}}]}`;
    const server = await serve((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(body);
    });
    const error = await failure(new PyxisClient({ url: server.url, apiKey: 'k' }).ping());
    expect(error).toBeInstanceOf(PyxisResponseTooDeepError);
    expect(error).toMatchObject({ httpCode: 400 });
  });
});

describe('nestsDeeperThan', () => {
  test('counts brackets of both kinds, and only outside strings', () => {
    expect(nestsDeeperThan(`${'[{"a":'.repeat(3)}1${'}]'.repeat(3)}`.padEnd(20), 5)).toBe(true);
    expect(nestsDeeperThan(`${'[{"a":'.repeat(3)}1${'}]'.repeat(3)}`.padEnd(20), 6)).toBe(false);
    const bracketsInString = JSON.stringify({ text: '[{'.repeat(5000) });
    expect(nestsDeeperThan(bracketsInString, 10)).toBe(false);
  });

  test('an escaped quote does not end a string; an escaped backslash before a quote does', () => {
    const escapedQuote = JSON.stringify(['a"[[[[[[[[[[[[', 'b']);
    expect(nestsDeeperThan(escapedQuote.padEnd(40), 5)).toBe(false);
    const escapedBackslash = JSON.stringify(['a\\', [[[[[[[]]]]]]]]);
    expect(nestsDeeperThan(escapedBackslash.padEnd(40), 5)).toBe(true);
    expect(nestsDeeperThan(escapedBackslash.padEnd(40), 8)).toBe(false);
  });

  test('a text too short to nest that deep is not scanned; an unterminated string ends the scan', () => {
    expect(nestsDeeperThan('[[[[[[', 3)).toBe(false); // 6 characters cannot nest 4 deep as JSON
    expect(nestsDeeperThan(`"${'['.repeat(50)}`, 3)).toBe(false);
  });
});
