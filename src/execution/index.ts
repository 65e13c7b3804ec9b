export {
  AsyncExecutor,
  AsyncJob,
  AsyncJobRegistry,
  type AsyncJobStatus,
  type AsyncJobStore,
  checkListOptions,
  type ListJobsOptions,
  toEpochMs,
} from './async.js';
export { AutoBatchExecutor, type AutoBatchOptions } from './auto-batch.js';
export { BatchContextExecutor, BatchJob } from './batch-context.js';
export { applyDeadline, type CallDeadline, checkCallOptions, DeadlineExecutor } from './deadline.js';
export { DirectExecutor } from './direct.js';
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
export type { CallOptions, Executor, Lookup, PromiseExecutor, Send } from './lookup.js';
export {
  MERGED_OPERATION_NAME,
  type MergedName,
  parseMergedName,
  splitMergedVariables,
} from './merge.js';
export type { ContextOf, ExecutionMode, Outcome } from './outcome.js';
export { type CacheOptions, SharingExecutor } from './sharing.js';
