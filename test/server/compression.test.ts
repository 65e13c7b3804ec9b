// Compressed answers: br or gzip when Accept-Encoding asks, nothing when it does not, and the two faults of a
// hostile front, gzip unasked and a gzip bomb. Read with node:http, which, unlike fetch, leaves bodies as sent.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { preferredEncoding } from '../../src/server/compression.js';
import { type PyxisServer, startPyxisServer } from '../../src/server/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';
import { useServerPerTest } from '../helpers/server.js';

const start = useServerPerTest({ seed: 4, repositories: 60, imagesPerRepository: 1 });

/** A query whose answer is a few KB: well above the default `minBytes`. */
const LARGE_QUERY = '{ find_repositories(page_size: 50) { data { registry repository } } }';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as it came over the wire. */
  body: Buffer;
}

function post(
  server: PyxisServer,
  headers: Record<string, string>,
  query = LARGE_QUERY,
): Promise<RawResponse> {
  const body = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      server.url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.once('error', reject);
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}

describe('compression, when asked', () => {
  it('answers gzip to a request that accepts gzip, the same answer as uncompressed', async () => {
    const server = await start();
    const plain = await post(server, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    const gzipped = await post(server, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'accept-encoding' });
    expect(Number(gzipped.headers['content-length'])).toBe(gzipped.body.length);
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
    expect(zlib.gunzipSync(gzipped.body).toString()).toBe(plain.body.toString());
    expect(server.stats()).toMatchObject({
      compressed: { gzip: 1, br: 0 },
      responseBodyBytes: plain.body.length + gzipped.body.length,
    });
  });

  it('answers br to a request that accepts br and gzip alike', async () => {
    const server = await start();
    const plain = await post(server, {});
    const compressed = await post(server, { 'accept-encoding': 'gzip, deflate, br' });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(compressed.body).toString()).toBe(plain.body.toString());
    expect(server.stats().compressed).toEqual({ br: 1, gzip: 0 });
  });

  it('leaves small answers alone, down to `minBytes`', async () => {
    const server = await start();
    const ping = await post(server, { 'accept-encoding': 'gzip' }, '{ get_ping }');
    expect(ping.headers['content-encoding']).toBeUndefined();
    expect(ping.body.toString()).toBe('{"data":{"get_ping":"pong"}}');
    const everything = await start({ compression: { minBytes: 0 } });
    const compressed = await post(everything, { 'accept-encoding': 'gzip' }, '{ get_ping }');
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(compressed.body).toString()).toBe('{"data":{"get_ping":"pong"}}');
  });

  it('never compresses with `compression: false`', async () => {
    const server = await start({ compression: false });
    const response = await post(server, { 'accept-encoding': 'gzip, br' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toBeUndefined();
    expect(JSON.parse(response.body.toString())).toHaveProperty('data.find_repositories');
  });

  it.each([
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, br', 'br'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['identity', undefined],
    ['deflate', undefined],
    ['', undefined],
    [' , ;q=1', undefined],
    ['gzip;q=abc', undefined],
  ])('reads Accept-Encoding %j as %s', (header, encoding) => {
    expect(preferredEncoding(header)).toBe(encoding);
  });
});

describe('compression faults', () => {
  it('gzipUnasked: gzips the real answer for a request that asked for nothing', async () => {
    const server = await start({ faults: { gzipUnasked: 1 } });
    const response = await post(server, {}, '{ get_ping }');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(response.body).toString()).toBe('{"data":{"get_ping":"pong"}}');
    expect(server.stats()).toMatchObject({
      faults: { gzipUnasked: 1 },
      compressed: { gzip: 0 },
      rootFields: 1,
    });
  });

  it('gzipBomb: a small gzip body that inflates to gzipBombBytes of spaces, then the real answer', async () => {
    const bombBytes = 16 * 1024 * 1024 + 3;
    const server = await start({ faults: { gzipBomb: 1, gzipBombBytes: bombBytes } });
    const response = await post(server, {}, '{ get_ping }');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(bombBytes / 500);
    // A limit on the inflated size stops it, as a client's maxResponseBytes should.
    expect(() => zlib.gunzipSync(response.body, { maxOutputLength: 1024 * 1024 })).toThrow(RangeError);
    const inflated = zlib.gunzipSync(response.body);
    expect(inflated.length).toBe(bombBytes + '{"data":{"get_ping":"pong"}}'.length);
    expect(inflated.subarray(0, bombBytes).every((byte) => byte === 0x20)).toBe(true);
    expect(JSON.parse(inflated.toString())).toEqual({ data: { get_ping: 'pong' } });
    expect(server.stats().faults.gzipBomb).toBe(1);
  });

  it('gzipBomb: by default inflates to 256 MiB from about 260 KB', async () => {
    const server = await start({ faults: { gzipBomb: 1 } });
    const response = await post(server, { 'accept-encoding': 'gzip' }, '{ get_ping }');
    expect(response.body.length).toBeLessThan(300_000);
    // The gzip trailer states the inflated size (modulo 2^32).
    expect(response.body.readUInt32LE(response.body.length - 4)).toBe(256 * 1024 * 1024 + 28);
  });

  it.each([
    [
      { compression: 'gzip' },
      /^Expected the `compression` option to be a boolean or an object \(\{ minBytes \}\)/,
    ],
    [{ compression: { minBytes: -1 } }, /`compression.minBytes` option to be a non-negative integer/],
    [{ compression: { minSize: 10 } }, /^Unknown option `minSize` in `compression`/],
    [
      { faults: { gzipBombBytes: 2 ** 32 } },
      /`faults.gzipBombBytes` option to be an integer from 0 to 4294967295/,
    ],
    [{ faults: { gzipBomb: 2 } }, /`faults.gzipBomb` option to be a rate between 0 and 1/],
    [{ faults: { gzipUnasked: 0.6, gzipBomb: 0.6 } }, /rates add up to 1.2, more than 1/],
  ])('refuses %j with an InvalidOptionError', async (options, message) => {
    const error = await startPyxisServer(options as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toMatch(message);
  });
});
