export {
  type CloseOptions,
  Job,
  JobCancelledError,
  type JobFunction,
  JobTimeoutError,
  type RunningJob,
  type TimedOperation,
  type WaitOptions,
} from './job.js';
export {
  createScheduler,
  type ExceptionContext,
  type ExceptionHandler,
  type JobCloseTimedOutContext,
  type JobFailedContext,
  type ReportedContext,
  SCHEDULER_OPTIONS,
  Scheduler,
  SchedulerClosedError,
  type SchedulerOptions,
  type SpawnOptions,
} from './scheduler.js';
