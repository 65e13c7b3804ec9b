// requireApiKey on the embedded server: requests without the key are answered as Pyxis answers them, in each data
// field's `error` (401 without a key, 403 with another), over real HTTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PyxisClient, PyxisRequestError } from '../../src/index.js';
import { type PyxisServer, startPyxisServer } from '../../src/server/index.js';
import { InvalidOptionError } from '../../src/shared/options.js';

const KEY = 'partner-key-0123';
let server: PyxisServer;
let path: { registry: string; repository: string };
let nvr: string;

beforeAll(async () => {
  server = await startPyxisServer({
    requireApiKey: KEY,
    dataset: { repositories: 10, imagesPerRepository: 1 },
  });
  path = server.dataset.repositoryPaths()[0] as typeof path;
  nvr = server.dataset.nvrs()[0] as string;
});
afterAll(() => server?.close());

const clientWith = (apiKey?: string, batch = false) =>
  new PyxisClient({ url: server.url, retries: 0, batch, ...(apiKey === undefined ? {} : { apiKey }) });

async function refusalOf(call: Promise<unknown>): Promise<PyxisRequestError> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PyxisRequestError);
  return error as PyxisRequestError;
}

describe('startPyxisServer({ requireApiKey })', () => {
  it('answers every lookup without a key with a 401, and never retries it', async () => {
    const pyxis = clientWith();
    server.stats({ reset: true });
    for (const call of [
      pyxis.getRepositoryByPath(path),
      pyxis.findImagesByNvr(nvr),
      pyxis.findRepositories({ published: true }),
      pyxis.findImagesByNames(['x']),
    ]) {
      const error = await refusalOf(call);
      expect(error.status).toBe(401);
      expect(error.detail).toBe('Unauthorized: this request needs an API key, sent in the X-API-KEY header');
      expect(error.traceId).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(server.stats().httpRequests).toBe(4);
  });

  it('answers a key that is not the one required with a 403, without quoting either key', async () => {
    const error = await refusalOf(clientWith('wrong-key-9876').getRepositoryByPath(path));
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      'Pyxis get_repository_by_registry_path failed with status 403: Forbidden: the API key sent in the X-API-KEY header is not valid',
    );
  });

  it('answers the lookups of a merged document one by one', async () => {
    const pyxis = clientWith(undefined, true);
    const results = await Promise.allSettled([pyxis.getRepositoryByPath(path), pyxis.findImagesByNvr(nvr)]);
    expect(results.map((result) => (result as PromiseRejectedResult).reason?.status)).toEqual([401, 401]);
  });

  it('serves the client that sends the key, batched or not, and answers get_ping to anyone', async () => {
    for (const batch of [false, true]) {
      const pyxis = clientWith(KEY, batch);
      const [repository, images] = await Promise.all([
        pyxis.getRepositoryByPath(path),
        pyxis.findImagesByNvr(nvr),
      ]);
      expect(repository).toMatchObject(path);
      expect(images.length).toBeGreaterThan(0);
    }
    expect(await clientWith().ping()).toBe('pong');
  });
});

describe('requireApiKey values', () => {
  it.each([
    ['', 'the string ""'],
    [42, 'the number 42'],
    [null, 'null'],
  ])('refuses %j with an InvalidOptionError', async (value, received) => {
    const error = await startPyxisServer({ requireApiKey: value as string }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: 'requireApiKey' });
    expect((error as Error).message).toBe(
      `Expected the \`requireApiKey\` option to be a non-empty string of printable ASCII characters, without spaces at either end, got ${received}`,
    );
  });

  it.each([' padded-zq7x', 'line\nbreak-zq7x', 'tab\tzq7x', 'ünïcode-zq7x'])(
    'refuses a key no header can carry (%j) without quoting it',
    async (value) => {
      const error = await startPyxisServer({ requireApiKey: value }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error).toMatchObject({ option: 'requireApiKey', received: '[redacted]' });
      expect((error as Error).message).not.toContain('zq7x');
      expect((error as Error).message).toContain(`got a string of ${value.length} characters`);
    },
  );
});
