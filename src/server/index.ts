// pyxis-gql/server: an embedded, Pyxis-compatible GraphQL server over a deterministic generated dataset, for
// demos, benchmarks and tests, and the in-memory engine that `pyxis-gql/testing` answers MSW requests with.

export { TRACE_ID_HEADER } from '../shared/headers.js';
export {
  API_KEY_HEADER,
  checkRequireApiKey,
  MISSING_API_KEY,
  refusalOf,
  refusedAnswer,
  refusingOverrides,
  WRONG_API_KEY,
} from './auth.js';
export type { CapacityStats } from './capacity.js';
export type { CompressionOptions, ContentEncoding } from './compression.js';
export {
  createDataset,
  type DatasetOptions,
  type DatasetRegistryPath,
  DEFAULT_DATASET_OPTIONS,
  PyxisDataset,
} from './dataset.js';
export {
  PyxisEngine,
  type PyxisEngineOptions,
  type RootFieldCall,
  type RootOverride,
  type RootOverrides,
} from './engine.js';
export type { FaultKind, FaultOptions, LatencyOptions } from './faults.js';
export {
  PYXIS_GRAPHQL_PATH,
  type PyxisServer,
  type PyxisServerOptions,
  type PyxisServerStats,
  startPyxisServer,
} from './http-server.js';
export {
  DEFAULT_MAX_PAGE_SIZE,
  DEFAULT_PAGE_SIZE,
  type PageArgs,
  type PageResponse,
  paginate,
} from './paging.js';
export {
  type GraphQLHttpRequest,
  type GraphQLHttpResponse,
  type GraphQLParams,
  newTraceId,
} from './protocol.js';
export type {
  BrewRecord,
  ImageRecord,
  ImageRepoRecord,
  ImageRepoTagRecord,
  LabelRecord,
  RepositoryRecord,
  ResponseErrorRecord,
  RpmManifestRecord,
  RpmRecord,
} from './records.js';
export type { RootFieldName, RootResolver } from './resolvers.js';
