export type { ListJobsOptions } from '../execution/index.js';
export {
  type AsyncExecutionOptions,
  AsyncPyxisClient,
} from './async-client.js';
export { type BatchExecutionOptions, BatchPyxisClient } from './batch-client.js';
