// Compressed responses against a real server on loopback: asked for, sent unasked, corrupt, unknown, and bombs,
// on both paths (undici's dispatcher, and fetch).
import type { ServerResponse } from 'node:http';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { PyxisHttpError, PyxisResponseTooLargeError } from '../../src/errors/index.js';
import { PyxisClient, type PyxisClientOptions } from '../../src/index.js';
import { useScriptedServer } from '../helpers/scripted-server.js';

const serve = useScriptedServer();

const KiB = 1024;
const MiB = 1024 * KiB;

const PONG = JSON.stringify({ data: { get_ping: 'pong' } });

/** Answers with `body` as it is, under `encoding`, in one write. */
function encoded(encoding: string, body: Buffer) {
  return (_request: unknown, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
    response.end(body);
  };
}

/**
 * The two paths a request can take: undici's dispatcher (the default), and a fetch (Node's own, given). Node's
 * fetch reads a gzip body cut short as far as it goes (so the JSON is what is found cut short).
 */
const paths: Array<[string, PyxisClientOptions, RegExp]> = [
  ['dispatcher', {}, /: response body is not valid gzip \(unexpected end of file\)$/],
  ['fetch', { fetch: globalThis.fetch }, /: response body is not valid JSON/],
];

function client(url: string, options: PyxisClientOptions = {}) {
  return new PyxisClient({ url, retries: 0, timeout: 10_000, ...options });
}

/** One gzip member of 16 MiB of zeros: 16 KiB compressed (gunzip reads concatenated members as one stream). */
const BOMB_MEMBER = gzipSync(Buffer.alloc(16 * MiB));

/**
 * Sends a gzip bomb of `members` members (far more decompressed than the limit, far less compressed), then holds
 * the response open without ending it; resolves once the client drops the connection. A client that waited for
 * the end would wait forever (until its timeout).
 */
function bomb(response: ServerResponse, members: number): Promise<void> {
  response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
  const dropped = new Promise<void>((resolve) => response.on('close', resolve));
  for (let i = 0; i < members; i++) response.write(BOMB_MEMBER);
  return dropped;
}

describe.each(paths)('compressed responses, %s path', (_path, options, cutShort) => {
  test('asks for gzip and br, and reads a gzip answer', async () => {
    const server = await serve(encoded('gzip', gzipSync(PONG)));
    await expect(client(server.url, options).ping()).resolves.toBe('pong');
    expect(server.requests[0]?.headers['accept-encoding']).toBe('gzip, br');
  });

  test('reads a br answer', async () => {
    const server = await serve(encoded('br', brotliCompressSync(PONG)));
    await expect(client(server.url, options).ping()).resolves.toBe('pong');
  });

  test('reads a body a server compressed unasked (deflate, to a client that asked for none)', async () => {
    const server = await serve(encoded('deflate', deflateSync(PONG)));
    const pyxis = client(server.url, { ...options, headers: { 'Accept-Encoding': 'identity' } });
    await expect(pyxis.ping()).resolves.toBe('pong');
    expect(server.requests[0]?.headers['accept-encoding']).toBe('identity');
  });

  test('reads a large gzip body that arrives in many chunks', async () => {
    const items = Array.from({ length: 5_000 }, (_, i) => ({ id: `image-${i}`, architecture: 'amd64' }));
    const body = JSON.stringify({ data: { get_ping: 'pong', items } });
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      const compressed = gzipSync(body);
      for (let at = 0; at < compressed.length; at += 500) response.write(compressed.subarray(at, at + 500));
      response.end();
    });
    const data = await client(server.url, options).request<{ items: unknown[] }>('{ get_ping }');
    expect(data.items).toEqual(items);
  });

  test('maxResponseBytes counts decompressed bytes: a small body that inflates past it is refused', async () => {
    const big = JSON.stringify({ data: { get_ping: 'x'.repeat(200 * KiB) } });
    const compressed = gzipSync(big);
    expect(compressed.length).toBeLessThan(2 * KiB);
    const server = await serve((_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(compressed.length),
      });
      response.end(compressed);
    });
    const error = await client(server.url, { ...options, maxResponseBytes: 100 * KiB })
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisResponseTooLargeError);
    expect(error).toMatchObject({ limit: 100 * KiB, declaredSize: undefined });
  });

  test('a gzip bomb ends as PyxisResponseTooLargeError, without waiting for its end, and the connection drops', async () => {
    let dropped: Promise<void> | undefined;
    const members = 32; // 512 KiB compressed (within the limit), 512 MiB decompressed
    expect(members * BOMB_MEMBER.length).toBeLessThan(MiB);
    const server = await serve((_request, response) => {
      dropped = bomb(response, members);
    });
    const error = await client(server.url, { ...options, maxResponseBytes: MiB })
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisResponseTooLargeError);
    expect(error).toMatchObject({ limit: MiB, declaredSize: undefined });
    await dropped; // the server's response closes without having ended: the client hung up
  });

  test('a corrupt gzip body is a PyxisHttpError that says so', async () => {
    const server = await serve(encoded('gzip', Buffer.from(PONG)));
    const error = await client(server.url, options)
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect(error).toMatchObject({ httpCode: 200 });
    expect((error as Error).message).toMatch(/^Pyxis HTTP 200: response body is not valid gzip \(.+\)$/);
  });

  test('a gzip body cut short is a PyxisHttpError', async () => {
    const whole = gzipSync(JSON.stringify({ data: { get_ping: 'p'.repeat(10_000) } }));
    const server = await serve(encoded('gzip', whole.subarray(0, whole.length - 20)));
    const error = await client(server.url, options)
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect((error as Error).message).toMatch(cutShort);
  });

  test('reads raw deflate too (what old servers sent as "deflate")', async () => {
    const server = await serve(encoded('deflate', deflateRawSync(PONG)));
    await expect(client(server.url, options).ping()).resolves.toBe('pong');
  });

  test('a corrupt br body is a PyxisHttpError that says so', async () => {
    const server = await serve(encoded('br', Buffer.from(`${PONG}garbage`)));
    const error = await client(server.url, options)
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect((error as Error).message).toMatch(/^Pyxis HTTP 200: response body is not valid br \(.+\)$/);
  });

  test('a content-encoding the client cannot decode is a PyxisHttpError that names it', async () => {
    const server = await serve(encoded('zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0])));
    const error = await client(server.url, options)
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect((error as Error).message).toBe(
      'Pyxis HTTP 200: response content-encoding is "zstd", which the client cannot decode (it accepts gzip, br, deflate or none)',
    );
  });

  test('stacked codings (two content-encoding headers) are a PyxisHttpError, not a crash', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, [
        ['content-type', 'application/json'],
        ['content-encoding', 'gzip'],
        ['content-encoding', 'gzip'],
      ]);
      response.end(gzipSync(gzipSync(PONG)));
    });
    const error = await client(server.url, options)
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect((error as Error).message).toMatch(
      /response content-encoding is "gzip, gzip", which the client cannot decode/,
    );
  });

  test('an empty body with a content-encoding is an empty body', async () => {
    const server = await serve(encoded('gzip', Buffer.alloc(0)));
    const error = await client(server.url, options)
      .ping()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PyxisHttpError);
    expect((error as Error).message).toBe('Pyxis HTTP 200: response body is empty');
  });
});
