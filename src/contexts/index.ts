export {
  type AsyncExecutionOptions,
  AsyncPyxisClient,
  type ListJobsOptions,
  toEpochMs,
} from './async-client.js';
export { type BatchExecutionOptions, BatchPyxisClient } from './batch-client.js';
