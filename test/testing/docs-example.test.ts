// The example of docs/testing.md, as a user would write it (imports pointed at the sources).
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PyxisClient } from '../../src/index.js';
import {
  aContainerRepository,
  createDataset,
  createPyxisHandlers,
  mockGetRepositoryByPath,
  notFound,
} from '../../src/testing/index.js';

const dataset = createDataset({ seed: 1, repositories: 100 });
const server = setupServer(...createPyxisHandlers({ dataset }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const pyxis = new PyxisClient(); // the default endpoint, which the handlers answer

it('finds a repository of the dataset', async () => {
  for (const path of dataset.repositoryPaths().slice(0, 3)) {
    expect(await pyxis.getRepositoryByPath(path)).toMatchObject(path);
  }
});

it('reads a missing repository as null', async () => {
  server.use(mockGetRepositoryByPath(() => notFound()));
  expect(
    await pyxis.getRepositoryByPath({ registry: 'registry.access.redhat.com', repository: 'ubi9/ubi' }),
  ).toBeNull();
});

it('answers what the test says', async () => {
  server.use(
    mockGetRepositoryByPath(({ repository }) => aContainerRepository({ repository, published: false })),
  );
  const repo = await pyxis.getRepositoryByPath({
    registry: 'registry.access.redhat.com',
    repository: 'rhel9/nginx-124',
  });
  expect(repo?.published).toBe(false);
});
