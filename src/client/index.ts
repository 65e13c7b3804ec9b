export type { ListJobsOptions } from '../execution/index.js';
export type {
  AdaptiveConcurrencyOptions,
  RateLimitOptions,
  RetryDelayOptions,
  Traffic,
} from '../transport/index.js';
export { type AsyncExecutionOptions, AsyncPyxisClient } from './async-client.js';
export { type BatchExecutionOptions, BatchPyxisClient } from './batch-client.js';
export { PyxisClient, type PyxisClientOptions } from './client.js';
export {
  createLoaders,
  type LoadersOptions,
  type PyxisLoader,
  type PyxisLoaders,
} from './loaders.js';
export { DEFAULT_PYXIS_URL } from './options.js';
