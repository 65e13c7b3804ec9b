// Certificates made on the spot with the openssl CLI, and an HTTPS server on loopback that may demand a client
// certificate: for testing TLS verification and mTLS against the real thing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';

/** PEM files in a temporary directory: a CA, a server certificate for 127.0.0.1, and two client certificates. */
export interface TestCertificates {
  dir: string;
  /** Paths to PEM files. */
  files: Record<
    'ca' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey' | 'strangerCert' | 'strangerKey',
    string
  >;
  read(name: keyof TestCertificates['files']): string;
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** EC keys: much faster to make than RSA ones, and just as good for a test. */
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): void {
  openssl(dir, [
    'req',
    '-x509',
    ...NEW_KEY,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  ]);
}

function makeSigned(dir: string, name: string, ca: string, extensions?: string): void {
  openssl(dir, ['req', ...NEW_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  const sign = [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
  ];
  openssl(dir, [
    ...sign,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    ...(extensions ? ['-extfile', extensions] : []),
  ]);
}

/**
 * Makes a CA, a server certificate valid for 127.0.0.1 and localhost, a client certificate signed by the CA, and a
 * "stranger" client certificate signed by another CA that the server does not trust.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'pyxis-gql-tls-'));
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  makeSigned(dir, 'server', 'ca', 'server.ext');
  makeSigned(dir, 'client', 'ca');
  makeSigned(dir, 'stranger', 'other-ca');
  const files = {
    ca: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
    strangerCert: join(dir, 'stranger.crt'),
    strangerKey: join(dir, 'stranger.key'),
  };
  return {
    dir,
    files,
    read: (name) => readFileSync(files[name], 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * An HTTPS GraphQL-ish server: answers every request with `{ data: { get_ping: <client certificate CN> } }`, or
 * `"anonymous"` when the client presented none, unless `respond` answers it (a redirect, say). With `askClientCert`
 * it asks for a client certificate without requiring one, to see whether a client presents it.
 */
export async function startHttpsServer(
  certificates: TestCertificates,
  options: {
    requireClientCert: boolean;
    askClientCert?: boolean;
    respond?: (request: IncomingMessage, response: ServerResponse) => boolean;
  },
) {
  const sockets = new Set<Socket>();
  const requests: Array<{ headers: Record<string, unknown>; clientCert: string | undefined }> = [];
  const server: Server = createServer(
    {
      cert: certificates.read('serverCert'),
      key: certificates.read('serverKey'),
      ca: certificates.read('ca'),
      requestCert: options.requireClientCert || options.askClientCert === true,
      rejectUnauthorized: options.requireClientCert,
    },
    (request, response) => {
      const peer = (request.socket as TLSSocket).getPeerCertificate();
      const cn = peer?.subject?.CN;
      requests.push({ headers: request.headers, clientCert: Array.isArray(cn) ? cn.join(',') : cn });
      request.resume();
      request.on('end', () => {
        if (options.respond?.(request, response)) return;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: { get_ping: cn ?? 'anonymous' } }));
      });
    },
  );
  // A client the server turns away is an expected event here, not an error of the server.
  server.on('tlsClientError', () => {});
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/graphql`,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
