// createPyxisHandlers: the same client calls answered by MSW and by the embedded server give the same results.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_PYXIS_URL,
  InvalidOptionError,
  PyxisClient,
  PyxisGraphQLError,
  PyxisTimeoutError,
} from '../../src/index.js';
import {
  createDataset,
  type LatencyOptions,
  type PyxisServer,
  startPyxisServer,
} from '../../src/server/index.js';
import { createPyxisHandlers } from '../../src/testing/index.js';

function failureOf(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

const dataset = createDataset({ seed: 21, repositories: 200, imagesPerRepository: 3 });
const otherUrl = 'https://pyxis.example.test/graphql/';
const mockServer = setupServer(
  ...createPyxisHandlers({ dataset }),
  ...createPyxisHandlers({ dataset: { seed: 1, repositories: 3, imagesPerRepository: 1 }, url: otherUrl }),
);
let server: PyxisServer;
let real: PyxisClient;
let mocked: PyxisClient;

beforeAll(async () => {
  // Requests to the embedded server on loopback go through MSW untouched.
  mockServer.listen({ onUnhandledRequest: 'bypass' });
  server = await startPyxisServer({ dataset });
  real = new PyxisClient({ url: server.url });
  mocked = new PyxisClient();
});

afterAll(async () => {
  mockServer.close();
  await server.close();
});

describe('createPyxisHandlers', () => {
  it('answers at the client default endpoint', () => {
    expect(mocked.url).toBe(DEFAULT_PYXIS_URL);
  });

  it('answers every operation as the embedded server does', async () => {
    const path = dataset.repositoryPaths()[7] as { registry: string; repository: string };
    const nvr = dataset.nvrs().find((n) => dataset.findImagesByNvr(n).length > 1) as string;
    const image = dataset.images[5];
    const calls: [string, (client: PyxisClient) => Promise<unknown>][] = [
      ['ping', (c) => c.ping()],
      ['getRepositoryByPath', (c) => c.getRepositoryByPath(path)],
      [
        'getRepositoryByPath missing',
        (c) => c.getRepositoryByPath({ registry: 'x.io', repository: 'no/such' }),
      ],
      ['findRepositories', (c) => c.findRepositories({ published: true }, { pageSize: 13 })],
      ['findRepositoriesByRepositoryName', (c) => c.findRepositoriesByRepositoryName(path.repository)],
      [
        'findRepositoriesByRegistryPaths',
        (c) => c.findRepositoriesByRegistryPaths(dataset.repositoryPaths().slice(0, 9)),
      ],
      ['findImagesByNvr', (c) => c.findImagesByNvr(nvr, { pageSize: 1 })],
      ['findImagesByNvrs', (c) => c.findImagesByNvrs(dataset.nvrs().slice(0, 6), { includeRpms: false })],
      [
        'findImagesByInstalledRpms',
        (c) => c.findImagesByInstalledRpms(['nginx', 'redis'], { published: true }),
      ],
      ['findImagesByNames', (c) => c.findImagesByNames([image?.brew.package as string])],
      [
        'findImagesByRepository',
        (c) => c.findImagesByRepository(path.repository, { autoRebuildTags: ['latest'] }),
      ],
      ['findImagesByNameVersion', (c) => c.findImagesByNameVersion(image?.brew.package as string, '1.0')],
    ];
    for (const [name, call] of calls) {
      const [fromServer, fromMsw] = await Promise.all([call(real), call(mocked)]);
      expect(fromMsw, name).toEqual(fromServer);
    }
    // The comparison is worth something only if the calls found things.
    const found = await Promise.all(calls.slice(3).map(([, call]) => call(mocked)));
    expect(found.filter((items) => Array.isArray(items) && items.length > 0).length).toBeGreaterThanOrEqual(
      7,
    );
  });

  it('sends a trace_id header', async () => {
    const response = await fetch(DEFAULT_PYXIS_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ get_ping }' }),
    });
    expect(response.headers.get('trace_id')).toMatch(/^[0-9a-f]{32}$/);
    expect(await response.json()).toEqual({ data: { get_ping: 'pong' } });
  });

  it('answers a syntax error with HTTP 400, as the embedded server does', async () => {
    const error = await mocked.request('{ get_ping').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyxisGraphQLError);
    expect(error).toMatchObject({ httpCode: 400, message: expect.stringContaining('Syntax Error') });
    expect((error as PyxisGraphQLError).traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers GET requests too', async () => {
    const url = new URL(DEFAULT_PYXIS_URL);
    url.searchParams.set('query', '{ find_repositories { total } }');
    const response = await fetch(url);
    expect(await response.json()).toEqual({
      data: { find_repositories: { total: dataset.repositories.length } },
    });
  });

  it('serves another endpoint and dataset when told', async () => {
    const client = new PyxisClient({ url: otherUrl });
    expect(await client.findRepositories()).toHaveLength(
      createDataset({ seed: 1, repositories: 3, imagesPerRepository: 1 }).repositories.filter(
        (repo) => repo.vendor_label === 'redhat',
      ).length,
    );
  });

  it('adds the configured latency', async () => {
    const slowUrl = 'https://slow.example.test/graphql/';
    mockServer.use(
      ...createPyxisHandlers({ dataset: { repositories: 1 }, url: slowUrl, latency: { ms: 1000 } }),
    );
    const error = await new PyxisClient({ url: slowUrl, timeout: 100, retries: 0 })
      .ping()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyxisTimeoutError);
    mockServer.resetHandlers();
  });

  it('rejects a negative latency, a jitter that is not a number and an unknown name, as the server does', () => {
    expect(() => createPyxisHandlers({ dataset: { repositories: 1 }, latency: { ms: -1 } })).toThrow(
      /^Expected the `latency.ms` option to be a number of milliseconds >= 0 up to 2147483647, got the number -1$/,
    );
    const cases: [object, string][] = [
      [{ ms: -1 }, 'latency.ms'],
      [{ jitterMs: Number.NaN }, 'latency.jitterMs'],
      [{ msec: 5 }, 'msec'],
    ];
    for (const [latency, option] of cases) {
      const error = failureOf(() =>
        createPyxisHandlers({ dataset: { repositories: 1 }, latency: latency as LatencyOptions }),
      );
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe(option);
    }
  });
});
