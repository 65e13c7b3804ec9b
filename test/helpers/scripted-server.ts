import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';

export interface ScriptedRequest {
  headers: IncomingMessage['headers'];
  body: { query?: string; variables?: Record<string, unknown> };
}

export type Script = (request: ScriptedRequest, response: ServerResponse, socket: Socket) => void;

/** A real HTTP server on loopback that answers each request as `script` says: for testing the network path. */
export async function startScriptedServer(script: Script) {
  const requests: ScriptedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request = { headers: req.headers, body: text ? JSON.parse(text) : {} };
      requests.push(request);
      script(request, res, req.socket);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type ScriptedServer = Awaited<ReturnType<typeof startScriptedServer>>;

/**
 * `serve(script)` for a test file: starts a scripted server that is closed after the test that started it. A test
 * may close it earlier itself (to be refused a connection, say); it is not closed again.
 */
export function useScriptedServer(): (script: Script) => Promise<ScriptedServer> {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });
  return async (script) => {
    const server = await startScriptedServer(script);
    const closeThis = async () => {
      if (close === closeThis) close = undefined;
      await server.close();
    };
    close = closeThis;
    return { ...server, close: closeThis };
  };
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Posts `body` to `url` (a real server behind the scripted one) and answers `response` with what came back. */
export function forward(url: string, body: unknown, response: ServerResponse): void {
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    .then(async (answer) => json(response, answer.status, await answer.json()))
    .catch((error: unknown) => response.destroy(error as Error));
}
