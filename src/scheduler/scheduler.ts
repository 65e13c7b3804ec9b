import {
  checkFunction,
  checkInteger,
  checkMilliseconds,
  checkOptionsObject,
  describe,
  InvalidOptionError,
  optionNames,
} from '../shared/options.js';
import { type Deferred, deferred, isPromiseLike, settlesWithin } from '../shared/promises.js';
import { LinkedQueue } from '../shared/queue.js';
import {
  type Job,
  type JobFunction,
  type JobHost,
  JobRun,
  JobTimeoutError,
  jobRunOf,
  SCHEDULER_DURATION,
} from './job.js';

/** `spawn` on a closed scheduler, or a `spawn` that was still waiting for a queue slot when the scheduler closed. */
export class SchedulerClosedError extends Error {
  override readonly name = 'SchedulerClosedError';

  constructor() {
    super('The scheduler is closed: no new jobs can be spawned');
  }
}

export interface SchedulerOptions {
  /** How many jobs may run at once; `null` for no limit. Default 100. */
  limit?: number | null;
  /** How many jobs may wait for a slot before `spawn` itself waits; `0` for no limit. Default 10000. */
  pendingLimit?: number;
  /** Milliseconds a closed job gets to finish once its signal is aborted. Default 100. */
  closeTimeout?: number;
  /** Milliseconds `waitAndClose()` (and `await using`) lets jobs finish before closing them. Default 60000. */
  waitTimeout?: number;
  /** Hears about failures nobody observed; without one they are written to stderr. */
  exceptionHandler?: ExceptionHandler | null;
}

export interface SpawnOptions {
  /** Shown in errors and reports; `job-<n>` by default. */
  name?: string;
}

/** A job failed, and nobody had called `wait` or `close` on it. */
export interface JobFailedContext {
  message: 'Job processing failed';
  job: Job<unknown>;
  exception: unknown;
}

/** The scheduler closed a job that was still running `closeTimeout` ms after its signal was aborted. */
export interface JobCloseTimedOutContext {
  message: 'Job closing timed out';
  job: Job<unknown>;
  exception: JobTimeoutError;
}

/** Any other report made through the scheduler's handler with `callExceptionHandler` (e.g. by the async context). */
export interface ReportedContext {
  message: string;
  job?: Job<unknown> | undefined;
  exception: unknown;
}

export type ExceptionContext = JobFailedContext | JobCloseTimedOutContext | ReportedContext;

/** Called synchronously; whatever it throws (or rejects with) is written to stderr and goes no further. */
export type ExceptionHandler = (context: ExceptionContext, scheduler: Scheduler) => void | Promise<void>;

interface BlockedSpawn {
  run: JobRun<unknown>;
  admit(): void;
  refuse(error: SchedulerClosedError): void;
}

// `queueMicrotask` goes through Node's async-hooks wrapper; a reaction on a settled promise is a plain microtask.
const settledPromise = Promise.resolve();

const DEFAULT_LIMIT = 100;
const DEFAULT_PENDING_LIMIT = 10_000;
const DEFAULT_CLOSE_TIMEOUT = 100;
const DEFAULT_WAIT_TIMEOUT = 60_000;
/** Every option's name: a new option must be added here, or the constructor refuses it as unknown. */
export const SCHEDULER_OPTIONS = optionNames<SchedulerOptions>({
  limit: true,
  pendingLimit: true,
  closeTimeout: true,
  waitTimeout: true,
  exceptionHandler: true,
});

// Node 20 releases before 20.4 lack Symbol.asyncDispose; later ones define it as this registered symbol.
const asyncDispose: typeof Symbol.asyncDispose = (Symbol.asyncDispose ??
  Symbol.for('nodejs.asyncDispose')) as typeof Symbol.asyncDispose;

/**
 * Runs async jobs with a limit on how many run at once, a bounded FIFO queue for the rest, and a shutdown that
 * aborts what is left. Iterating it gives a snapshot of its jobs (pending and running), in spawn order.
 */
export class Scheduler implements AsyncDisposable, Iterable<Job<unknown>> {
  readonly #limit: number | null;
  readonly #pendingLimit: number;
  readonly #closeTimeout: number;
  readonly #waitTimeout: number;
  readonly #exceptionHandler: ExceptionHandler | undefined;
  readonly #maxRunning: number;
  readonly #maxPending: number;
  readonly #host: JobHost;

  /** Every job not yet settled, pending or running, in spawn order. */
  readonly #jobs = new Set<JobRun<unknown>>();
  readonly #pending = new LinkedQueue<JobRun<unknown>>();
  readonly #blockedSpawns = new LinkedQueue<BlockedSpawn>();
  readonly #shields = new Set<Promise<unknown>>();
  /** Jobs holding a slot, closed ones included until their function settles: never more than the limit. */
  #running = 0;
  /** Made active, their functions to be invoked in one microtask: after `spawn` returns, never inside it. */
  #starting: JobRun<unknown>[] = [];
  #startScheduled = false;
  readonly #startJobs = () => this.#invokeStarting();
  #closed = false;
  /** Failed jobs nobody had observed when they settled, reported at the end of the event-loop turn. */
  #unobservedFailures: { run: JobRun<unknown>; exception: unknown }[] = [];
  readonly #reportFailures = () => this.#reportUnobservedFailures();
  #closing: Promise<void> | undefined;
  #idle: Deferred<void> | undefined;
  #spawnCount = 0;

  constructor(options: SchedulerOptions = {}) {
    checkOptionsObject(options, SCHEDULER_OPTIONS, 'Scheduler options');
    this.#limit = checkLimit(options.limit);
    this.#pendingLimit = checkPendingLimit(options.pendingLimit);
    this.#closeTimeout =
      checkMilliseconds('closeTimeout', options.closeTimeout, SCHEDULER_DURATION) ?? DEFAULT_CLOSE_TIMEOUT;
    this.#waitTimeout =
      checkMilliseconds('waitTimeout', options.waitTimeout, SCHEDULER_DURATION) ?? DEFAULT_WAIT_TIMEOUT;
    this.#exceptionHandler = checkFunction('exceptionHandler', options.exceptionHandler ?? undefined);
    this.#maxRunning = this.#limit ?? Number.POSITIVE_INFINITY;
    this.#maxPending = this.#pendingLimit === 0 ? Number.POSITIVE_INFINITY : this.#pendingLimit;
    this.#host = {
      closeTimeout: this.#closeTimeout,
      release: (run) => this.#release(run),
      reportFailure: (run, exception) => {
        if (this.#unobservedFailures.push({ run, exception }) === 1) setImmediate(this.#reportFailures);
      },
    };
  }

  /** How many jobs may run at once; `null` when unlimited. */
  get limit(): number | null {
    return this.#limit;
  }

  /** How many jobs may wait for a slot before `spawn` waits too; `0` when unlimited. */
  get pendingLimit(): number {
    return this.#pendingLimit;
  }

  get closeTimeout(): number {
    return this.#closeTimeout;
  }

  get waitTimeout(): number {
    return this.#waitTimeout;
  }

  get exceptionHandler(): ExceptionHandler | undefined {
    return this.#exceptionHandler;
  }

  /** Jobs holding a slot, including closed ones whose functions have not settled yet. */
  get activeCount(): number {
    return this.#running;
  }

  /** Jobs waiting in the queue for a slot (not counting spawns still waiting for a place in the queue). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Jobs not settled yet, pending or running. */
  get size(): number {
    return this.#jobs.size;
  }

  /** `close()` was called: nothing new can be spawned. */
  get closed(): boolean {
    return this.#closed;
  }

  has(job: Job<unknown>): boolean {
    const run = jobRunOf(job);
    return run !== undefined && this.#jobs.has(run);
  }

  [Symbol.iterator](): IterableIterator<Job<unknown>> {
    return Array.from(this.#jobs, (run) => run.job)[Symbol.iterator]();
  }

  /**
   * Adds a job. It becomes active at once if fewer than `limit` jobs hold a slot, else it queues (FIFO); when the
   * queue is full, this waits for a place in it. `fn` is never invoked inside this call, but in a microtask queued
   * when the job becomes active. Rejects with `SchedulerClosedError` once the scheduler is closed, also while
   * waiting for a place.
   */
  async spawn<T>(fn: JobFunction<T>, options?: SpawnOptions): Promise<Job<T>> {
    if (this.#closed) throw new SchedulerClosedError();
    if (typeof fn !== 'function') throw new TypeError(`spawn expects a function, got ${describe(fn)}`);
    const name = options?.name;
    if (name !== undefined && typeof name !== 'string') {
      throw new InvalidOptionError('name', name, 'a string');
    }
    const run = new JobRun(this.#host, fn, name, ++this.#spawnCount);
    if (this.#running < this.#maxRunning) {
      this.#jobs.add(run);
      this.#activate(run);
    } else if (this.#pending.size < this.#maxPending && this.#blockedSpawns.size === 0) {
      this.#enqueue(run);
    } else {
      // Blocked spawns are admitted strictly in order: a newcomer never takes a place one of them is owed.
      await new Promise<void>((admit, refuse) => {
        this.#blockedSpawns.push({ run, admit, refuse });
      });
    }
    return run.job as Job<T>;
  }

  /**
   * Tracks `work` so that `waitAndClose()` waits for it too; returns a promise that settles like it. Use it for work
   * that must finish even when the code awaiting it stops (a job that gives up on its abort signal, a request whose
   * client went away). `close()` waits up to `closeTimeout` for shielded work; a promise cannot be aborted.
   */
  shield<T>(work: PromiseLike<T>): Promise<T> {
    const promise = Promise.resolve(work);
    if (this.#closed) return promise;
    this.#shields.add(promise);
    const forget = () => {
      this.#shields.delete(promise);
      this.#notifyIfIdle();
    };
    promise.then(forget, forget);
    return promise;
  }

  /**
   * Closes the scheduler: spawning stops (spawns still waiting for a place reject), pending jobs never start, and
   * running jobs have their signals aborted and `closeTimeout` ms to finish. Failures and close timeouts go to the
   * exception handler; this never rejects. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  /**
   * Lets jobs (including ones spawned meanwhile) and shielded work finish for up to `timeout` ms (default
   * `waitTimeout`), then closes. Failures during the wait go to the exception handler; this never rejects with them.
   */
  async waitAndClose(timeout: number = this.#waitTimeout): Promise<void> {
    checkMilliseconds('timeout', timeout, SCHEDULER_DURATION);
    if (!this.#closed && !this.#isIdle()) {
      this.#idle ??= deferred();
      await settlesWithin(this.#idle.promise, timeout);
    }
    await this.close();
  }

  /** `await using scheduler = new Scheduler()`: runs `waitAndClose()` at the end of the block. */
  [asyncDispose](): Promise<void> {
    return this.waitAndClose();
  }

  toString(): string {
    return `Scheduler(${this.#closed ? 'closed, ' : ''}jobs=${this.#jobs.size})`;
  }

  async #shutDown(): Promise<void> {
    this.#closed = true;
    for (let blocked = this.#blockedSpawns.shift(); blocked; blocked = this.#blockedSpawns.shift()) {
      blocked.refuse(new SchedulerClosedError());
    }
    const runs = [...this.#jobs];
    for (const run of runs) run.abort();
    const unfinished = runs.filter((run) => !run.settled);
    const shields = [...this.#shields];
    if (unfinished.length > 0 || shields.length > 0) {
      const everything = Promise.all([
        ...unfinished.map((run) => run.whenSettled()),
        ...shields.map((shield) => shield.then(ignore, ignore)),
      ]);
      await settlesWithin(everything, this.#closeTimeout);
      for (const run of unfinished) {
        if (run.settled) continue;
        const exception = new JobTimeoutError(run.job, 'close', this.#closeTimeout);
        this.#report({ message: 'Job closing timed out', job: run.job, exception });
      }
    }
    this.#shields.clear();
    this.#reportUnobservedFailures();
    this.#idle?.resolve();
    this.#idle = undefined;
  }

  #enqueue(run: JobRun<unknown>): void {
    this.#jobs.add(run);
    run.queueEntry = this.#pending.push(run);
  }

  #activate(run: JobRun<unknown>): void {
    run.state = 'active';
    this.#running++;
    this.#starting.push(run);
    if (!this.#startScheduled) {
      this.#startScheduled = true;
      settledPromise.then(this.#startJobs);
    }
  }

  #invokeStarting(): void {
    this.#startScheduled = false;
    const starting = this.#starting;
    this.#starting = [];
    for (const run of starting) {
      // A job closed since it became active has settled already, and never runs.
      if (run.state === 'active') void run.invoke();
    }
  }

  #release(run: JobRun<unknown>): void {
    this.#jobs.delete(run);
    if (run.queueEntry !== undefined) {
      this.#pending.remove(run.queueEntry);
      run.queueEntry = undefined;
    } else {
      this.#running--;
    }
    this.#fillSlots();
    this.#notifyIfIdle();
  }

  /** Moves queued jobs into free slots, then blocked spawns into free places in the queue, in order. */
  #fillSlots(): void {
    while (!this.#closed) {
      if (this.#running < this.#maxRunning) {
        const run = this.#pending.shift();
        if (run !== undefined) {
          run.queueEntry = undefined;
          this.#activate(run);
          continue;
        }
      }
      if (this.#pending.size >= this.#maxPending) return;
      const blocked = this.#blockedSpawns.shift();
      if (blocked === undefined) return;
      this.#enqueue(blocked.run);
      blocked.admit();
    }
  }

  #isIdle(): boolean {
    return this.#jobs.size === 0 && this.#shields.size === 0;
  }

  #notifyIfIdle(): void {
    if (this.#idle !== undefined && this.#isIdle()) {
      this.#idle.resolve();
      this.#idle = undefined;
    }
  }

  #reportUnobservedFailures(): void {
    const failures = this.#unobservedFailures;
    this.#unobservedFailures = [];
    for (const { run, exception } of failures) {
      // A `wait()` or `close()` made after the failure but within the same turn still takes it over.
      if (run.observed) continue;
      run.reported = true;
      this.#report({ message: 'Job processing failed', job: run.job, exception });
    }
  }

  /**
   * Reports through the exception handler (or to stderr without one), as aiojobs' `call_exception_handler` does:
   * for code built on the scheduler that has something to report nobody else would hear.
   */
  callExceptionHandler(context: ExceptionContext): void {
    this.#report(context);
  }

  #report(context: ExceptionContext): void {
    const handler = this.#exceptionHandler;
    if (handler === undefined) {
      console.error(
        `[pyxis-gql scheduler] ${context.message}: ${context.job?.name ?? 'no job'}`,
        context.exception,
      );
      return;
    }
    try {
      const returned: unknown = handler(context, this);
      if (isPromiseLike(returned))
        returned.then(undefined, (error: unknown) => reportHandlerFailure(error, context));
    } catch (error) {
      reportHandlerFailure(error, context);
    }
  }
}

/** Same as `new Scheduler(options)`; kept for users coming from aiojobs' `create_scheduler`. */
export async function createScheduler(options?: SchedulerOptions): Promise<Scheduler> {
  return new Scheduler(options);
}

function checkLimit(limit: number | null | undefined): number | null {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (limit === null || limit === Number.POSITIVE_INFINITY) return null;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidOptionError('limit', limit, 'a positive integer, or null (or Infinity) for no limit');
  }
  return limit;
}

function checkPendingLimit(pendingLimit: number | undefined): number {
  if (pendingLimit === Number.POSITIVE_INFINITY) return 0;
  return checkInteger('pendingLimit', pendingLimit, { min: 0 }) ?? DEFAULT_PENDING_LIMIT;
}

function reportHandlerFailure(error: unknown, context: ExceptionContext): void {
  console.error(
    `[pyxis-gql scheduler] the exception handler failed while reporting "${context.message}" for ${context.job?.name ?? 'no job'}`,
    error,
  );
}

function ignore(): void {}
