export { JobCancelledError, JobTimeoutError, SchedulerClosedError, type TimedOperation } from './errors.js';
export { type CloseOptions, Job, type JobFunction, type WaitOptions } from './job.js';
export {
  createScheduler,
  type ExceptionContext,
  type ExceptionHandler,
  type JobCloseTimedOutContext,
  type JobFailedContext,
  type ReportedContext,
  SCHEDULER_OPTIONS,
  Scheduler,
  type SchedulerOptions,
  type SpawnOptions,
} from './scheduler.js';
