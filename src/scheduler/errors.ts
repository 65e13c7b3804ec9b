import type { Job } from './job.js';

/** `spawn` on a closed scheduler, or a `spawn` that was still waiting for a queue slot when the scheduler closed. */
export class SchedulerClosedError extends Error {
  override readonly name = 'SchedulerClosedError';

  constructor() {
    super('The scheduler is closed: no new jobs can be spawned');
  }
}

/**
 * The outcome of a job that was closed before it finished: what `wait()` rejects with, and the reason its signal is
 * aborted with. Named `AbortError`, like the DOMException an aborted `fetch` rejects with, so code that recognises
 * aborts by name keeps working inside jobs.
 */
export class JobCancelledError extends Error {
  override readonly name = 'AbortError';
  readonly job: Job<unknown>;

  constructor(job: Job<unknown>) {
    super(`Job ${job.name} was closed before it finished`);
    this.job = job;
  }
}

/** Which call ran out of time: `job.wait({ timeout })` or a close (`job.close()`, `scheduler.close()`). */
export type TimedOperation = 'wait' | 'close';

/**
 * A job did not finish in time. Named `TimeoutError`, like the DOMException of `AbortSignal.timeout()`.
 * `cause` is the job's own error when it failed while being closed after a `wait` timeout.
 */
export class JobTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly job: Job<unknown>;
  readonly operation: TimedOperation;
  /** The timeout that expired, in milliseconds. */
  readonly timeout: number;

  constructor(job: Job<unknown>, operation: TimedOperation, timeout: number, options?: { cause?: unknown }) {
    super(
      operation === 'wait'
        ? `Job ${job.name} did not finish within ${timeout} ms and was closed`
        : `Job ${job.name} did not finish within ${timeout} ms of being closed`,
      options,
    );
    this.job = job;
    this.operation = operation;
    this.timeout = timeout;
  }
}
