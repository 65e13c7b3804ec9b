export {
  DEFAULT_PYXIS_URL,
  PyxisClient,
  type PyxisClientOptions,
  type RetryDelayOptions,
} from './client/index.js';
export {
  type AsyncExecutionOptions,
  AsyncPyxisClient,
  type BatchExecutionOptions,
  BatchPyxisClient,
  type ListJobsOptions,
} from './contexts/index.js';
export {
  PyxisDeadlineError,
  PyxisError,
  PyxisGraphQLError,
  PyxisHttpError,
  PyxisNetworkError,
  PyxisRequestError,
  PyxisResponseTooLargeError,
  PyxisTimeoutError,
} from './errors/index.js';
export {
  AsyncJob,
  AsyncJobCancelError,
  AsyncJobClearError,
  AsyncJobListError,
  AsyncJobResultError,
  type AsyncJobStatus,
  AsyncJobStatusError,
  type AutoBatchOptions,
  BatchJob,
  BatchJobResultError,
  BatchStateError,
  type CacheOptions,
  type CallOptions,
  JobError,
} from './execution/index.js';
export {
  type AsCompletedIterator,
  asCompleted,
  FanoutAbortError,
  type FanoutOptions,
  type FanoutProgress,
  gather,
  InvalidOptionError,
  InvalidTaskError,
  InvalidTaskInputError,
  type ResultOf,
  type SettledResult,
  SKIP,
  type Skip,
  type Task,
  type TaskInput,
  type TaskValue,
} from './fanout/index.js';
export type { PageOptions, PyxisImage, PyxisRepository, RegistryPath } from './pyxis/index.js';
export { INTERRUPTED_EXIT_CODE, InterruptedError, type RunOptions, run } from './run/index.js';
export {
  createScheduler,
  type ExceptionContext,
  type ExceptionHandler,
  Job,
  JobCancelledError,
  type JobFunction,
  JobTimeoutError,
  type RunningJob,
  Scheduler,
  SchedulerClosedError,
  type SchedulerOptions,
  type SpawnOptions,
} from './scheduler/index.js';
