// The typed per-operation handlers, with fixture builders.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PyxisClient, PyxisGraphQLError, PyxisRequestError } from '../../src/index.js';
import {
  aContainerImage,
  aContainerRepository,
  createDataset,
  createPyxisHandlers,
  mockFindImages,
  mockFindImagesByNvr,
  mockFindRepositories,
  mockGetRepositoryByPath,
  mockPing,
  notFound,
  pyxisError,
} from '../../src/testing/index.js';

const dataset = createDataset({ seed: 4, repositories: 30, imagesPerRepository: 1 });
const server = setupServer(...createPyxisHandlers({ dataset }));
const client = new PyxisClient({ retries: 0 });
const existing = dataset.repositoryPaths()[0] as { registry: string; repository: string };

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function images(count: number) {
  return Array.from({ length: count }, (_, i) =>
    aContainerImage({ _id: `image-${i}`, brew: { build: 'ubi9-container-9.4-1123' } }),
  );
}

describe('mockGetRepositoryByPath', () => {
  it('answers with the resolver repository, given the typed variables', async () => {
    const seen: unknown[] = [];
    server.use(
      mockGetRepositoryByPath((variables) => {
        seen.push(variables);
        return aContainerRepository({
          registry: variables.registry ?? '',
          repository: variables.repository ?? '',
        });
      }),
    );
    const path = { registry: 'registry.access.redhat.com', repository: 'rhel9/nginx-124' };
    expect(await client.getRepositoryByPath(path)).toEqual(aContainerRepository(path));
    expect(seen).toEqual([path]);
  });

  it('overrides createPyxisHandlers, until the handlers are reset', async () => {
    expect(await client.getRepositoryByPath(existing)).not.toBeNull();
    server.use(mockGetRepositoryByPath(() => notFound()));
    expect(await client.getRepositoryByPath(existing)).toBeNull();
    server.resetHandlers();
    expect(await client.getRepositoryByPath(existing)).toMatchObject(existing);
  });

  it('answers Pyxis errors: notFound() as null, others as PyxisRequestError', async () => {
    server.use(mockGetRepositoryByPath(() => notFound('no such repository')));
    expect(await client.getRepositoryByPath(existing)).toBeNull();
    server.use(mockGetRepositoryByPath(() => pyxisError(503, 'database unavailable')));
    const error = await client.getRepositoryByPath(existing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyxisRequestError);
    expect(error).toMatchObject({ status: 503, detail: 'database unavailable' });
    expect((error as PyxisRequestError).traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('takes an async resolver', async () => {
    server.use(mockGetRepositoryByPath(async () => aContainerRepository({ published: false })));
    expect(await client.getRepositoryByPath(existing)).toMatchObject({ published: false });
  });

  it('answers only what the operation selects, and fails a fixture of the wrong type as GraphQL would', async () => {
    server.use(
      mockGetRepositoryByPath(() => ({ ...aContainerRepository(), vendor_label: 'extra' }) as never),
    );
    expect(await client.getRepositoryByPath(existing)).toEqual(aContainerRepository());
    server.use(
      mockGetRepositoryByPath(() => aContainerRepository({ published: 'yes' as unknown as boolean })),
    );
    const error = await client.getRepositoryByPath(existing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PyxisGraphQLError);
    expect((error as PyxisGraphQLError).message).toContain('Boolean');
  });

  it('answers at another endpoint when told', async () => {
    const url = 'https://pyxis.example.test/graphql/';
    server.use(mockGetRepositoryByPath(() => aContainerRepository({ repository: 'elsewhere' }), { url }));
    expect(await new PyxisClient({ url }).getRepositoryByPath(existing)).toMatchObject({
      repository: 'elsewhere',
    });
    expect(await client.getRepositoryByPath(existing)).toMatchObject(existing);
  });
});

describe('list mocks', () => {
  it('mockFindImagesByNvr serves the resolver list page by page', async () => {
    const seen: unknown[] = [];
    server.use(
      mockFindImagesByNvr((variables) => {
        seen.push(variables.nvr);
        return images(5);
      }),
    );
    const found = await client.findImagesByNvr('ubi9-container-9.4-1123', { pageSize: 2 });
    expect(found.map((image) => image._id)).toEqual(['image-0', 'image-1', 'image-2', 'image-3', 'image-4']);
    expect(found[0]).toEqual(images(1)[0]);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen)).toEqual(new Set(['ubi9-container-9.4-1123']));
  });

  it('leaves out the rpm manifest when the operation does not ask for it', async () => {
    server.use(mockFindImagesByNvr(() => images(1)));
    const [image] = await client.findImagesByNvr('x-1-1', { includeRpms: false });
    expect(image).not.toHaveProperty('edges');
    expect(image).toMatchObject({ _id: 'image-0' });
  });

  it('mockFindImages hands the resolver the filter the client built', async () => {
    const filters: unknown[] = [];
    server.use(
      mockFindImages((variables) => {
        filters.push(variables.filter);
        return images(3);
      }),
    );
    expect(await client.findImagesByNvrs(['a-1-1', 'b-1-1'], { includeRpms: false })).toHaveLength(3);
    expect(filters[0]).toEqual({ brew: { build: { in: ['a-1-1', 'b-1-1'] } } });
  });

  it('mockFindRepositories answers a list, or a Pyxis error', async () => {
    server.use(
      mockFindRepositories(() => [aContainerRepository(), aContainerRepository({ repository: 'ubi8/ubi' })]),
    );
    expect((await client.findRepositories()).map((repo) => repo.repository)).toEqual([
      'ubi9/ubi',
      'ubi8/ubi',
    ]);
    server.use(mockFindRepositories(() => pyxisError(400, 'bad filter')));
    await expect(client.findRepositories()).rejects.toMatchObject({ status: 400, detail: 'bad filter' });
  });

  it('answers an empty list', async () => {
    server.use(mockFindImagesByNvr(() => []));
    expect(await client.findImagesByNvr('x-1-1')).toEqual([]);
  });
});

describe('mockPing', () => {
  it('answers pong by default, or what the resolver says', async () => {
    server.use(mockPing(() => 'ok'));
    expect(await client.ping()).toBe('ok');
    server.use(mockPing());
    expect(await client.ping()).toBe('pong');
  });
});
