// Per-operation mocks answer their lookups inside merged (auto-batched) documents too, leave the other lookups
// of the document to the handlers after them, and fail loudly when a document cannot be split for them.
import { graphql, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PingDocument } from '../../src/generated/graphql.js';
import { DEFAULT_PYXIS_URL, gather, PyxisClient, PyxisGraphQLError } from '../../src/index.js';
import {
  aContainerImage,
  aContainerRepository,
  createDataset,
  createPyxisHandlers,
  mockFindImagesByNvr,
  mockGetRepositoryByPath,
  mockPing,
  notFound,
} from '../../src/testing/index.js';

const dataset = createDataset({ seed: 3, repositories: 20, imagesPerRepository: 1 });
const server = setupServer(...createPyxisHandlers({ dataset }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const registry = 'registry.access.redhat.com';
const names = ['a', 'b', 'c', 'd', 'e'];

/** Which operations reached the endpoint, in order (recorded without answering). */
function recordOperations(): string[] {
  const seen: string[] = [];
  server.use(
    graphql.link(DEFAULT_PYXIS_URL).operation(({ operationName }) => {
      seen.push(operationName);
      return undefined;
    }),
  );
  return seen;
}

/** Each name's repository, mocked as `<name>` in `mocked/<name>`. */
function mockEveryRepository() {
  server.use(
    mockGetRepositoryByPath(({ registry: reg, repository }) =>
      aContainerRepository({
        registry: reg,
        repository,
        auto_rebuild_tags: [repository.split('/')[1] ?? ''],
      }),
    ),
  );
}

describe.each([
  { batch: true, merged: true },
  { batch: false, merged: false },
])('mockGetRepositoryByPath with batch: $batch', ({ batch, merged }) => {
  it('answers every lookup of a gather over 5 names at concurrency 4', async () => {
    const pyxis = new PyxisClient({ batch, retries: 0 });
    mockEveryRepository();
    const operations = recordOperations();
    const tags = await gather(
      names.map((name) => async () => {
        const repo = await pyxis.getRepositoryByPath({ registry, repository: `mocked/${name}` });
        return repo?.auto_rebuild_tags?.[0];
      }),
      { concurrency: 4 },
    );
    expect(tags).toEqual(names);
    // The batched run really went through merged documents (four lookups in the first one).
    expect(operations.includes('PyxisBatch')).toBe(merged);
  });
});

describe('mocks inside merged documents', () => {
  const client = () => new PyxisClient({ batch: true, retries: 0 });

  it('leave the lookups of other operations to createPyxisHandlers, in the same request', async () => {
    const pyxis = client();
    server.use(mockGetRepositoryByPath(() => notFound()));
    const nvr = dataset.nvrs()[0] as string;
    const operations = recordOperations();
    const [repo, images] = await Promise.all([
      pyxis.getRepositoryByPath(dataset.repositoryPaths()[0] as { registry: string; repository: string }),
      pyxis.findImagesByNvr(nvr, { includeRpms: false }),
    ]);
    expect(operations).toEqual(['PyxisBatch']);
    expect(repo).toBeNull(); // the mock, although the dataset has it
    expect(images.map((image) => image.brew?.build)).toEqual(dataset.findImagesByNvr(nvr).map(() => nvr));
  });

  it('of two operations answer together, without createPyxisHandlers', async () => {
    const alone = setupServer(
      mockGetRepositoryByPath(({ repository }) => aContainerRepository({ repository })),
      mockFindImagesByNvr(({ nvr }) => [aContainerImage({ brew: { build: nvr } })]),
    );
    server.close();
    alone.listen({ onUnhandledRequest: 'error' });
    try {
      const pyxis = client();
      const [repo, images] = await Promise.all([
        pyxis.getRepositoryByPath({ registry, repository: 'x/y' }),
        pyxis.findImagesByNvr('n-1-1', { includeRpms: false }),
        pyxis.getRepositoryByPath({ registry, repository: 'x/z' }),
      ]);
      expect(repo?.repository).toBe('x/y');
      expect(images.map((image) => image.brew?.build)).toEqual(['n-1-1']);
    } finally {
      alone.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });

  it('follow precedence: the newest mock of an operation answers', async () => {
    const pyxis = client();
    server.use(mockGetRepositoryByPath(() => aContainerRepository({ published: true })));
    server.use(mockGetRepositoryByPath(() => aContainerRepository({ published: false })));
    const repos = await Promise.all(
      names.map((name) => pyxis.getRepositoryByPath({ registry, repository: name })),
    );
    expect(repos.map((repo) => repo?.published)).toEqual(names.map(() => false));
  });

  it('page through a merged find_images_by_nvr as Pyxis would', async () => {
    const pyxis = new PyxisClient({ batch: true, retries: 0, pageSize: 2 });
    server.use(
      mockFindImagesByNvr(({ nvr }) =>
        Array.from({ length: 5 }, (_, i) => aContainerImage({ _id: `${nvr}-${i}`, brew: { build: nvr } })),
      ),
    );
    const [first, second] = await Promise.all([
      pyxis.findImagesByNvr('a-1-1', { includeRpms: false }),
      pyxis.findImagesByNvr('b-1-1', { includeRpms: false }),
    ]);
    expect(first.map((image) => image._id)).toEqual([0, 1, 2, 3, 4].map((i) => `a-1-1-${i}`));
    expect(second.map((image) => image._id)).toEqual([0, 1, 2, 3, 4].map((i) => `b-1-1-${i}`));
  });

  it('answer merged pings', async () => {
    const pyxis = client();
    let calls = 0;
    server.use(mockPing(() => `pong ${++calls}`));
    const operations = recordOperations();
    // Two lookups of another kind each (identical ones would share one request): merged as b0_ and b1_.
    const [ping, data] = await Promise.all([pyxis.ping(), pyxis.request(PingDocument)]);
    expect(operations).toEqual(['PyxisBatch']);
    expect([ping, data.get_ping].sort()).toEqual(['pong 1', 'pong 2']);
  });

  it('fail loudly when a lookup selects their field beside another one', async () => {
    const pyxis = client();
    server.use(mockGetRepositoryByPath(() => aContainerRepository()));
    const both = `query Both($registry: String, $repository: String) {
      get_repository_by_registry_path(registry: $registry, repository: $repository) { data { registry } }
      get_ping
    }`;
    const results = await Promise.allSettled([
      pyxis.request(both, { registry, repository: 'ubi9/ubi' }),
      pyxis.getRepositoryByPath({ registry, repository: 'ubi9/ubi' }),
    ]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(PyxisGraphQLError);
      expect(error.message).toContain(
        'mockGetRepositoryByPath cannot answer its lookups inside this merged document: lookup 0 selects get_repository_by_registry_path, get_ping in one query',
      );
      expect(error.httpCode).toBe(400);
    }
  });

  it('fail loudly on a document named like a merged one whose fields are not', async () => {
    server.use(mockGetRepositoryByPath(() => aContainerRepository()));
    const response = await fetch(DEFAULT_PYXIS_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query PyxisBatch { get_ping }' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      data: null,
      errors: [
        {
          message:
            'mockGetRepositoryByPath cannot answer its lookups inside this merged document: the root field "get_ping" is not named as merged lookups are',
          path: ['get_ping'],
        },
      ],
    });
  });

  it('still let a test answer merged documents with its own handler', async () => {
    server.use(
      graphql
        .link(DEFAULT_PYXIS_URL)
        .query('PyxisBatch', () => HttpResponse.json({ data: { b0_get_ping: 'own', b1_get_ping: 'own' } })),
    );
    const pyxis = client();
    const [ping, data] = await Promise.all([pyxis.ping(), pyxis.request(PingDocument)]);
    expect([ping, data.get_ping]).toEqual(['own', 'own']);
  });
});
