// pyxis-gql/testing: mock Pyxis in unit tests with MSW, from the embedded server's implementation (every
// operation, over a generated dataset) or per operation with typed resolvers and fixture builders.
export { createDataset, type DatasetOptions, PyxisDataset } from '../server/index.js';
export { aContainerImage, aContainerRepository, type DeepPartial } from './fixtures.js';
export { createPyxisHandlers, type PyxisHandlersOptions } from './handlers.js';
export {
  type ListResolver,
  type MockOptions,
  mockFindImages,
  mockFindImagesByNvr,
  mockFindRepositories,
  mockGetRepositoryByPath,
  mockPing,
  type ObjectResolver,
} from './mocks.js';
export { notFound, PyxisFieldError, pyxisError } from './results.js';
