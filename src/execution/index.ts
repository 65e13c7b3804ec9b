export { abandonable, onAbort, SharedSignal } from './abandon.js';
export {
  AsyncExecutor,
  AsyncJob,
  AsyncJobRegistry,
  type AsyncJobStatus,
  type ListJobsOptions,
} from './async.js';
export { BatchExecutor, BatchJob } from './batch.js';
export { type AutoBatchOptions, BatchingExecutor } from './batching.js';
export { applyDeadline, type CallDeadline, checkCallOptions, timeLeft } from './deadline.js';
export { DirectExecutor, type ExecutorDefaults } from './direct.js';
export {
  AsyncJobCancelError,
  AsyncJobClearError,
  AsyncJobListError,
  AsyncJobResultError,
  AsyncJobStatusError,
  BatchJobResultError,
  BatchStateError,
  JobError,
} from './job-errors.js';
export type {
  CallOptions,
  ContextOf,
  Document,
  ExecutionMode,
  Executor,
  Lookup,
  Outcome,
  PyxisResponse,
  Send,
  Transport,
  Variables,
} from './lookup.js';
export {
  MERGED_OPERATION_NAME,
  type MergedName,
  parseMergedName,
  splitMergedVariables,
} from './merge.js';
export { type CacheOptions, type PromiseExecutor, SharingExecutor } from './sharing.js';
