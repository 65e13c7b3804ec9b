import { checkMilliseconds } from '../shared/options.js';
import { type Deferred, deferred, settlesWithin } from '../shared/promises.js';
import type { QueueEntry } from '../shared/queue.js';

/** The scheduler's durations: at least 0 milliseconds, `Infinity` for no limit. */
export const SCHEDULER_DURATION = { zero: true, infinity: true } as const;

/**
 * The work of a job. It is called with the job's {@link RunningJob}; `job.signal` is aborted when the job is closed,
 * and the job should then stop soon.
 */
export type JobFunction<T> = (job: RunningJob) => T | PromiseLike<T>;

/** What a job's function is given: the job as seen from inside. */
export interface RunningJob {
  /** The job's name, as `Job.name`. */
  readonly name: string;
  /**
   * Aborted (with a `JobCancelledError`) when the job is closed. Made on first read: on Node 20 an `AbortSignal`
   * costs more than the rest of a job, so a job that never reads it never pays for it.
   */
  readonly signal: AbortSignal;
}

export interface WaitOptions {
  /** Milliseconds to wait (pending time included); then the job is closed and `wait` rejects. No limit by default. */
  timeout?: number;
}

export interface CloseOptions {
  /** Milliseconds the job gets to finish once its signal is aborted; the scheduler's `closeTimeout` by default. */
  timeout?: number;
}

/** What a job needs from the scheduler that owns it. */
export interface JobHost {
  readonly closeTimeout: number;
  /** The run has settled: it gives back its slot (or its place in the queue), and what can start now starts. */
  release(run: JobRun<unknown>): void;
  /** The job failed and nobody had called `wait` or `close` on it yet. */
  reportFailure(run: JobRun<unknown>, exception: unknown): void;
}

type RunState = 'pending' | 'active' | 'settled';
type Outcome = 'fulfilled' | 'failed' | 'cancelled';

/**
 * The scheduler's record of one job: its state machine and its outcome. Users hold the {@link Job} handle instead.
 *
 * `active` means the job holds one of the scheduler's slots. Its function is invoked in a microtask queued when it
 * became active, so never inside `spawn`; a job closed before that microtask runs never runs at all.
 */
export class JobRun<T> {
  readonly job: Job<T>;
  state: RunState = 'pending';
  /** Closing was asked for: a job that has not run yet never will; a running job's signal is aborted. */
  closing = false;
  /** `wait` or `close` was called: a failure goes to that caller, not to the exception handler. */
  observed = false;
  /** The failure went to the exception handler. */
  reported = false;
  invoked = false;
  /** Where the run sits in the scheduler's pending queue, while it sits there. */
  queueEntry: QueueEntry<JobRun<unknown>> | undefined;

  readonly #host: JobHost;
  #fn: JobFunction<T> | undefined;
  #name: string | undefined;
  readonly #number: number;
  /** What the function was given, once invoked; dropped when the run settles. */
  #running: Running | undefined;
  #cancellation: JobCancelledError | undefined;
  #outcome: Outcome | undefined;
  #value: unknown;
  #result: Deferred<T> | undefined;
  #settled: Deferred<void> | undefined;

  constructor(host: JobHost, fn: JobFunction<T>, name: string | undefined, number: number) {
    this.#host = host;
    this.#fn = fn;
    this.#name = name;
    this.#number = number;
    this.job = Job.of(this);
  }

  /** Read through a getter, so that TypeScript does not assume the state is unchanged after `abort()`. */
  get settled(): boolean {
    return this.state === 'settled';
  }

  get name(): string {
    this.#name ??= `job-${this.#number}`;
    return this.#name;
  }

  /** Runs the job's function. Never rejects: the outcome is recorded, and reported if nobody observes it. */
  async invoke(): Promise<void> {
    const fn = this.#fn as JobFunction<T>;
    this.#fn = undefined;
    this.invoked = true;
    this.#running = new Running(this);
    let value: T;
    try {
      value = await fn(this.#running);
    } catch (error) {
      if (this.closing && this.#isCancellation(error)) this.#finish('cancelled', this.cancellationError());
      else this.#finish('failed', error);
      return;
    }
    this.#finish('fulfilled', value);
  }

  /** Starts closing the job, without waiting; see {@link JobRun.closing}. */
  abort(): void {
    if (this.closing || this.state === 'settled') return;
    this.closing = true;
    if (!this.invoked) this.#finish('cancelled', this.cancellationError());
    else this.#running?.abort(this.cancellationError());
  }

  /** Resolves when the job has settled; never rejects. */
  whenSettled(): Promise<void> {
    if (this.state === 'settled') return Promise.resolve();
    this.#settled ??= deferred<void>();
    return this.#settled.promise;
  }

  wait(options: WaitOptions | undefined): Promise<T> {
    const timeout = options?.timeout;
    if (timeout !== undefined) {
      try {
        checkMilliseconds('timeout', timeout, SCHEDULER_DURATION);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    this.observed = true;
    if (this.state === 'settled') return this.#outcomePromise();
    if (timeout === undefined || timeout === Number.POSITIVE_INFINITY) return this.#resultPromise();
    return this.#waitWithin(timeout);
  }

  async close(options: CloseOptions | undefined): Promise<void> {
    const timeout =
      checkMilliseconds('timeout', options?.timeout, SCHEDULER_DURATION) ?? this.#host.closeTimeout;
    const firstToObserve = !this.observed;
    this.observed = true;
    if (this.state === 'settled') {
      // Unobserved failures are reported at the end of the turn: until then, the first caller takes it over.
      if (this.#outcome === 'failed' && firstToObserve && !this.reported) throw this.#value;
      return;
    }
    this.abort();
    if (!this.settled && !(await settlesWithin(this.whenSettled(), timeout))) {
      throw new JobTimeoutError(this.job, 'close', timeout);
    }
    if (this.#outcome === 'failed') throw this.#value;
  }

  async #waitWithin(timeout: number): Promise<T> {
    if (!(await settlesWithin(this.whenSettled(), timeout))) {
      this.abort();
      if (!this.settled) await settlesWithin(this.whenSettled(), this.#host.closeTimeout);
      // Once the time is up the caller gets a timeout, even if the job then returns a value: aiojobs returns the
      // value instead when a job swallows its cancellation, which makes the timeout unreliable.
      const cause = this.#outcome === 'failed' ? { cause: this.#value } : undefined;
      throw new JobTimeoutError(this.job, 'wait', timeout, cause);
    }
    return this.#outcomeValue();
  }

  #finish(outcome: Outcome, value: unknown): void {
    this.state = 'settled';
    this.#outcome = outcome;
    this.#value = value;
    this.#fn = undefined;
    this.#running = undefined;
    // The scheduler's books are right before anyone waiting on this job resumes.
    this.#host.release(this);
    if (this.#result !== undefined) {
      if (outcome === 'fulfilled') this.#result.resolve(value as T);
      else this.#result.reject(value);
    }
    this.#settled?.resolve();
    if (outcome === 'failed' && !this.observed) this.#host.reportFailure(this, value);
  }

  #outcomeValue(): T {
    if (this.#outcome === 'fulfilled') return this.#value as T;
    throw this.#value;
  }

  #outcomePromise(): Promise<T> {
    return this.#outcome === 'fulfilled' ? Promise.resolve(this.#value as T) : Promise.reject(this.#value);
  }

  #resultPromise(): Promise<T> {
    this.#result ??= deferred<T>();
    return this.#result.promise;
  }

  /** The reason the job's signal is aborted with, and what `wait` rejects with once the job was closed. */
  cancellationError(): JobCancelledError {
    this.#cancellation ??= new JobCancelledError(this.job);
    return this.#cancellation;
  }

  /** Whether an error thrown after the abort just echoes it, rather than being a failure of its own. */
  #isCancellation(error: unknown): boolean {
    return (
      error === this.#cancellation ||
      (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError')
    );
  }
}

/**
 * The {@link RunningJob} a function is given. Its signal is made when first read; if the job was closed before that,
 * it is made already aborted.
 */
class Running implements RunningJob {
  readonly #run: JobRun<unknown>;
  #controller: AbortController | undefined;

  constructor(run: JobRun<unknown>) {
    this.#run = run;
  }

  get name(): string {
    return this.#run.name;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#run.closing) this.#controller.abort(this.#run.cancellationError());
    }
    return this.#controller.signal;
  }

  /** Aborts the signal, if the job has read it; one read later is made aborted (see `signal`). */
  abort(reason: JobCancelledError): void {
    this.#controller?.abort(reason);
  }

  toString(): string {
    return `RunningJob(${this.#run.name})`;
  }
}

let runOf: (job: Job<unknown>) => JobRun<unknown> | undefined;

/**
 * A spawned job: the handle `scheduler.spawn()` gives back. Exactly one of `pending`, `active` and `closed` is true.
 * Calling `wait` or `close` observes the job: its failure then goes to that caller, not to the exception handler.
 */
export class Job<T = unknown> {
  readonly #run: JobRun<T>;

  static {
    runOf = (job) => (#run in job ? job.#run : undefined);
  }

  /** Jobs are made by `scheduler.spawn()`, not by hand. */
  private constructor(run: JobRun<T>) {
    this.#run = run;
  }

  /** @internal The handle of a run; only the scheduler's job run calls it. */
  static of<T>(run: JobRun<T>): Job<T> {
    return new Job(run);
  }

  /** The name given to `spawn`, or `job-<n>` (numbered per scheduler). */
  get name(): string {
    return this.#run.name;
  }

  /** Waiting in the scheduler's queue for a slot. */
  get pending(): boolean {
    return this.#run.state === 'pending';
  }

  /** Holding a slot: running, or about to start on the next turn of the event loop. */
  get active(): boolean {
    return this.#run.state === 'active' && !this.#run.closing;
  }

  /** Finished, or being closed (final). A closed job still counts as active in the scheduler until it settles. */
  get closed(): boolean {
    return this.#run.closing || this.#run.state === 'settled';
  }

  /**
   * The job's result, or its own error. A job that was closed rejects with a `JobCancelledError` (unless it failed
   * with an error of its own, or returned a value anyway). After `timeout` ms the job is closed and the call rejects
   * with a `JobTimeoutError` (name `'TimeoutError'`).
   */
  wait(options?: WaitOptions): Promise<T> {
    return this.#run.wait(options);
  }

  /**
   * Closes the job: a pending job never starts; a running one has its signal aborted and `timeout` ms (default: the
   * scheduler's `closeTimeout`) to finish, else this rejects with a `JobTimeoutError`. Rejects with the job's own
   * error if it fails meanwhile; resolves at once for a job that already finished.
   */
  close(options?: CloseOptions): Promise<void> {
    return this.#run.close(options);
  }

  toString(): string {
    const state = this.closed ? 'closed' : this.pending ? 'pending' : 'active';
    return `Job(${this.name}, ${state})`;
  }
}

/** The scheduler's way from a job handle to its record; `undefined` for anything that is not a job. */
export function jobRunOf(job: Job<unknown>): JobRun<unknown> | undefined {
  return runOf(job);
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
