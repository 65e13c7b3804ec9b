// TLS against a real HTTPS server on loopback, with certificates made by openssl for this run: verification is on
// by default, and mTLS works through Node's global fetch (undici 6 on Node 20) with an Agent from undici 7.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PyxisClient } from '../../src/client/index.js';
import { PyxisNetworkError } from '../../src/errors/index.js';
import { failure } from '../helpers/async.js';
import { makeTestCertificates, startHttpsServer, type TestCertificates } from '../helpers/tls.js';

let certificates: TestCertificates;
let mtls: Awaited<ReturnType<typeof startHttpsServer>>;
let plainTls: Awaited<ReturnType<typeof startHttpsServer>>;

beforeAll(async () => {
  certificates = makeTestCertificates();
  mtls = await startHttpsServer(certificates, { requireClientCert: true });
  plainTls = await startHttpsServer(certificates, { requireClientCert: false });
});

afterAll(async () => {
  await mtls?.close();
  await plainTls?.close();
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
