// close(): every connection ends, whatever state it is in, and the port is released.
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PyxisClient, PyxisError } from '../../src/index.js';
import { type PyxisServer, startPyxisServer } from '../../src/server/index.js';
import { until } from '../helpers/async.js';

const dataset = { seed: 2, repositories: 10, imagesPerRepository: 1 };

/** A raw keep-alive connection that has sent one request and received its whole answer. */
async function idleKeepAliveSocket(server: PyxisServer): Promise<Socket> {
  const url = new URL(server.url);
  const socket = connect(Number(url.port), url.hostname);
  const body = JSON.stringify({ query: '{ get_ping }' });
  await new Promise<void>((resolve, reject) => {
    let received = '';
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.endsWith('{"data":{"get_ping":"pong"}}')) resolve();
    });
    socket.write(
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
  return socket;
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.closed) resolve();
    else socket.once('close', () => resolve());
  });
}

describe('close()', () => {
  it('ends idle keep-alive connections', async () => {
    const server = await startPyxisServer({ dataset });
    const socket = await idleKeepAliveSocket(server);
    expect(socket.closed).toBe(false);
    await server.close();
    await closed(socket);
    expect(socket.closed).toBe(true);
  });

  it('ends stalled responses', async () => {
    const server = await startPyxisServer({ dataset, faults: { stall: 1 } });
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ get_ping }' }),
    });
    expect(response.status).toBe(200);
    await server.close();
    await expect(response.text()).rejects.toThrow();
  });

  it('ends requests still waiting on latency', async () => {
    const server = await startPyxisServer({ dataset, latency: { ms: 60_000 } });
    const pending = new PyxisClient({ url: server.url, retries: 0 })
      .ping()
      .catch((caught: unknown) => caught);
    await until(() => server.stats().httpRequests === 1);
    await server.close();
    expect(await pending).toBeInstanceOf(PyxisError);
  });

  it('releases the port and can be called again', async () => {
    const server = await startPyxisServer({ dataset });
    const { port } = server;
    await Promise.all([server.close(), server.close()]);
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow(TypeError);
    const again = await startPyxisServer({ dataset, port });
    expect(again.port).toBe(port);
    await again.close();
  });
});
