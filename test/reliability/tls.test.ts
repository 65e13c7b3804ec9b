// TLS against a real HTTPS server on loopback, with certificates made by openssl for this run: verification is on
// by default, and mTLS works through Node's global fetch (undici 6 on Node 20) with an Agent from undici 7.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PyxisClient } from '../../src/client/index.js';
import { PyxisHttpError, PyxisNetworkError, PyxisRedirectError } from '../../src/errors/index.js';
import { failure } from '../helpers/async.js';
import { json, startScriptedServer } from '../helpers/scripted-server.js';
import { makeTestCertificates, startHttpsServer, type TestCertificates } from '../helpers/tls.js';

let certificates: TestCertificates;
let mtls: Awaited<ReturnType<typeof startHttpsServer>>;
let plainTls: Awaited<ReturnType<typeof startHttpsServer>>;
/** Another https origin (another port): it asks for a client certificate, to see whether one is presented. */
let elsewhere: Awaited<ReturnType<typeof startHttpsServer>>;
/** Redirects (307) `/cross` to `elsewhere`, `/same` to its own `/graphql`, `/plain` to `plainHttp`. */
let redirecting: Awaited<ReturnType<typeof startHttpsServer>>;
let plainHttp: Awaited<ReturnType<typeof startScriptedServer>>;

beforeAll(async () => {
  certificates = makeTestCertificates();
  mtls = await startHttpsServer(certificates, { requireClientCert: true });
  plainTls = await startHttpsServer(certificates, { requireClientCert: false });
  elsewhere = await startHttpsServer(certificates, { requireClientCert: false, askClientCert: true });
  plainHttp = await startScriptedServer((_request, response) =>
    json(response, 200, { data: { get_ping: 'in clear text' } }),
  );
  const targets: Record<string, string> = {
    '/cross': elsewhere.url,
    '/same': '/graphql',
    '/plain': plainHttp.url,
  };
  redirecting = await startHttpsServer(certificates, {
    requireClientCert: false,
    askClientCert: true,
    respond(request, response) {
      const location = targets[request.url ?? ''];
      if (location === undefined) return false;
      response.writeHead(307, { location });
      response.end();
      return true;
    },
  });
});

afterAll(async () => {
  await mtls?.close();
  await plainTls?.close();
  await elsewhere?.close();
  await redirecting?.close();
  await plainHttp?.close();
  certificates?.remove();
});

describe('TLS', () => {
  test('mTLS with certificate, key and CA files: the server sees the client certificate', async () => {
    const { files } = certificates;
    const pyxis = new PyxisClient({
      url: mtls.url,
      cert: files.clientCert,
      key: files.clientKey,
      ca: files.ca,
    });
    // The server answers with the common name of the certificate the client presented.
    await expect(pyxis.ping()).resolves.toBe('client');
  });

  test('mTLS with PEM text instead of paths', async () => {
    const pyxis = new PyxisClient({
      url: mtls.url,
      cert: certificates.read('clientCert'),
      key: certificates.read('clientKey'),
      ca: certificates.read('ca'),
    });
    await expect(pyxis.ping()).resolves.toBe('client');
  });

  test('without a client certificate, a server that requires one turns the client away with a clear error', async () => {
    const pyxis = new PyxisClient({
      url: mtls.url,
      ca: certificates.files.ca,
      retryDelay: { base: 1, max: 1 },
    });
    const served = mtls.requests.length;
    const error = await failure(pyxis.ping());
    expect(error).toBeInstanceOf(PyxisNetworkError);
    expect(error).toMatchObject({ url: mtls.url });
    expect((error as Error).message).toContain('the server closed the connection without answering');
    expect((error as Error).message).toContain('a server that requires a client certificate');
    expect((error as Error).message).toContain('"cert", "key" and "ca" options');
    expect(mtls.requests).toHaveLength(served);
  });

  test('a client certificate from a CA the server does not trust is turned away the same way', async () => {
    const { files } = certificates;
    const pyxis = new PyxisClient({
      url: mtls.url,
      cert: files.strangerCert,
      key: files.strangerKey,
      ca: files.ca,
      retries: 0,
    });
    const served = mtls.requests.length;
    const error = await failure(pyxis.ping());
    expect(error).toBeInstanceOf(PyxisNetworkError);
    expect((error as Error).message).toContain('rejects the one sent');
    expect(mtls.requests).toHaveLength(served);
  });

  test('verification is on by default: a server certificate from an unknown CA fails at once, not retried', async () => {
    const served = plainTls.requests.length;
    const error = await failure(new PyxisClient({ url: plainTls.url }).ping());
    expect(error).toBeInstanceOf(PyxisNetworkError);
    expect(error).toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN', attempts: 1 });
    expect((error as Error).message).toContain('self-signed certificate in certificate chain');
    expect(plainTls.requests).toHaveLength(served);
  });

  test('trusting the CA with "ca" alone is enough for a server that does not ask for a client certificate', async () => {
    await expect(new PyxisClient({ url: plainTls.url, ca: certificates.files.ca }).ping()).resolves.toBe(
      'anonymous',
    );
  });
});

describe('redirects of TLS clients', () => {
  const base = () => redirecting.url.replace(/\/graphql$/, '');
  const mtlsClient = (path: string, fetch?: typeof globalThis.fetch) =>
    new PyxisClient({
      url: `${base()}${path}`,
      cert: certificates.files.clientCert,
      key: certificates.files.clientKey,
      ca: certificates.files.ca,
      ...(fetch && { fetch }),
    });

  test.each([
    ['undici dispatcher', undefined],
    ['fetch', globalThis.fetch],
  ] as const)(
    'an mTLS client redirected to another origin is refused: the other host never sees its certificate (%s)',
    async (_transport, fetch) => {
      const seen = elsewhere.requests.length;
      const error = await failure(mtlsClient('/cross', fetch).ping());
      expect(error).toBeInstanceOf(PyxisRedirectError);
      expect(error).toBeInstanceOf(PyxisHttpError);
      expect(error).toMatchObject({ httpCode: 307, location: elsewhere.url, attempts: 1 });
      expect((error as Error).message).toBe(
        `Pyxis HTTP 307: redirected to another origin (${new URL(elsewhere.url).origin}), and a client with a client certificate follows redirects only within its own: set the client's "url" to the new endpoint`,
      );
      expect(elsewhere.requests).toHaveLength(seen);
    },
  );

  test('an mTLS client follows a redirect within its own origin, and presents its certificate there', async () => {
    await expect(mtlsClient('/same').ping()).resolves.toBe('client');
    expect(redirecting.requests.at(-1)).toMatchObject({ clientCert: 'client' });
  });

  test('a TLS client without a client certificate still follows a redirect to another https origin', async () => {
    const pyxis = new PyxisClient({ url: `${base()}/cross`, ca: certificates.files.ca });
    await expect(pyxis.ping()).resolves.toBe('anonymous');
    expect(elsewhere.requests.at(-1)).toMatchObject({ clientCert: undefined });
  });

  test.each([
    ['undici dispatcher', undefined],
    ['fetch', globalThis.fetch],
  ] as const)(
    'a redirect from https to http is refused: nothing is sent in clear text (%s)',
    async (_transport, fetch) => {
      const pyxis = new PyxisClient({
        url: `${base()}/plain`,
        ca: certificates.files.ca,
        apiKey: 'key-for-https-only',
        ...(fetch && { fetch }),
      });
      const error = await failure(pyxis.ping());
      expect(error).toBeInstanceOf(PyxisRedirectError);
      expect(error).toMatchObject({ httpCode: 307, location: plainHttp.url, attempts: 1 });
      expect((error as Error).message).toBe(
        `Pyxis HTTP 307: redirected to ${plainHttp.url}: from https to http, the request would travel in clear text`,
      );
      expect(plainHttp.requests).toHaveLength(0);
    },
  );
});
