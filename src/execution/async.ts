import { type Job, type Scheduler, SchedulerClosedError } from '../scheduler/index.js';
import { DroppedResultsSummary } from './dropped-results.js';
import {
  AsyncJobCancelError,
  AsyncJobClearError,
  AsyncJobListError,
  AsyncJobResultError,
  AsyncJobStatusError,
  NOT_DONE,
  NOT_FOUND,
} from './job-errors.js';
import type { CallOptions, Executor, Lookup, PromiseExecutor } from './lookup.js';

export type AsyncJobStatus = 'pending' | 'done' | 'cancelled';

export interface ListJobsOptions {
  status: 'pending' | 'done';
  /** Default 100. */
  count?: number;
}

interface Entry {
  state: AsyncJobStatus;
  outcome: { ok: true; value: unknown } | { ok: false; error: unknown } | undefined;
  /** Creation time, then completion time (epoch ms): what `clearAsyncJobs({ threshold })` compares. */
  stamp: number;
  controller: AbortController;
  finished: Promise<void>;
  /** The scheduler's job, once spawned. */
  job: Job<unknown> | undefined;
  /** Tells whoever ran the job that its result was dropped unfetched. */
  reportDrop: (id: string, job: Job<unknown> | undefined) => void;
}

/** Aborting a job ends it with an error named `AbortError`, as `fetch` does. */
function abortError(id: string): Error {
  const error = new Error(`job ${id} was cancelled`);
  error.name = 'AbortError';
  return error;
}

/**
 * The jobs of one async-context client and their stored outcomes, as python-arango's server keeps them: a result
 * is held until fetched or cleared, and fetching it forgets the job.
 * An `AsyncJobStore`, structurally: its methods are internal (left out of the .d.ts), so it cannot say
 * `implements`.
 */
export class AsyncJobRegistry {
  readonly #entries = new Map<string, Entry>();
  /** The most finished results held until fetched; past it the oldest are dropped. */
  maxStoredResults: number;
  /** What stderr hears of the drops when nobody handles them. */
  readonly droppedResults = new DroppedResultsSummary(() => this.maxStoredResults);
  #nextId = 1;
  #storedResults = 0;

  constructor(maxStoredResults: number) {
    this.maxStoredResults = maxStoredResults;
  }

  /** Registers a job whose work starts with `start(signal)`; its outcome is stored when it settles. */
  add<T>(
    start: (signal: AbortSignal, entry: { attach(job: Job<unknown>): void }) => Promise<T>,
    reportDrop: Entry['reportDrop'],
  ): AsyncJob<T> {
    const id = String(this.#nextId++);
    const controller = new AbortController();
    let settle!: () => void;
    const entry: Entry = {
      state: 'pending',
      outcome: undefined,
      stamp: Date.now(),
      controller,
      finished: new Promise<void>((resolve) => {
        settle = resolve;
      }),
      job: undefined,
      reportDrop,
    };
    this.#entries.set(id, entry);
    const finish = (outcome: NonNullable<Entry['outcome']>) => {
      // `done` and "result available" are one change, so a poller never sees done without a result.
      if (entry.state === 'pending') entry.state = 'done';
      entry.outcome = entry.state === 'cancelled' ? { ok: false, error: abortError(id) } : outcome;
      entry.stamp = Date.now();
      settle();
      if (this.#entries.get(id) === entry) this.#stored();
    };
    start(controller.signal, { attach: (job) => (entry.job = job) }).then(
      (value) => finish({ ok: true, value }),
      (error: unknown) => finish({ ok: false, error }),
    );
    return AsyncJob.create<T>(id, this);
  }

  /** @internal */
  status(id: string): AsyncJobStatus {
    return this.#get(id, AsyncJobStatusError).state;
  }

  /** @internal */
  result(id: string): unknown {
    const entry = this.#get(id, AsyncJobResultError);
    const outcome = entry.outcome;
    if (!outcome) throw new AsyncJobResultError(`job ${id} not done`, NOT_DONE);
    this.#forget(id);
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }

  /** @internal */
  async finished(id: string): Promise<void> {
    await this.#get(id, AsyncJobResultError).finished;
  }

  /** @internal */
  cancel(id: string, ignoreMissing: boolean): boolean {
    const entry = this.#entries.get(id);
    if (!entry) {
      if (ignoreMissing) return false;
      throw new AsyncJobCancelError(`job ${id} not found`, NOT_FOUND);
    }
    if (entry.state !== 'pending') return false;
    entry.state = 'cancelled';
    entry.controller.abort(abortError(id));
    // A job still queued on the scheduler is closed there too, so it never starts.
    entry.job?.close().catch(() => {});
    return true;
  }

  /** @internal */
  clear(id: string, ignoreMissing: boolean): boolean {
    if (this.#entries.has(id)) {
      this.#forget(id);
      return true;
    }
    if (ignoreMissing) return false;
    throw new AsyncJobClearError(`job ${id} not found`, NOT_FOUND);
  }

  /** What `asyncJobs(options)` answers, for every client and async context sharing this store. */
  list(options: ListJobsOptions | undefined): string[] {
    const { status, count } = checkListOptions(options);
    const ids: string[] = [];
    for (const [id, entry] of this.#entries) {
      if (ids.length >= count) break;
      if (entry.state === status) ids.push(id);
    }
    return ids;
  }

  /** What `clearAsyncJobs(options)` does, for every client and async context sharing this store. */
  clearAll(options: { threshold?: Date | number }): void {
    const threshold = toEpochMs(options.threshold);
    for (const [id, entry] of [...this.#entries]) {
      if (threshold === undefined || entry.stamp < threshold) this.#forget(id);
    }
  }

  #get(id: string, ErrorClass: typeof AsyncJobStatusError): Entry {
    const entry = this.#entries.get(id);
    if (!entry) throw new ErrorClass(`job ${id} not found`, NOT_FOUND);
    return entry;
  }

  #forget(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    if (entry.outcome) this.#storedResults -= 1;
  }

  /** Counts a stored outcome, and drops the oldest ones past the cap so memory stays bounded. */
  #stored(): void {
    this.#storedResults += 1;
    if (this.#storedResults <= this.maxStoredResults) return;
    for (const [id, entry] of this.#entries) {
      if (!entry.outcome) continue;
      this.#forget(id);
      entry.reportDrop(id, entry.job);
      if (this.#storedResults <= this.maxStoredResults) return;
    }
  }
}

/**
 * The jobs of `asyncJobs`, checked: the one place that says what a valid listing is, for every job store (this
 * process's, or a durable one).
 */
export function checkListOptions(options: ListJobsOptions | undefined): Required<ListJobsOptions> {
  const status: unknown = options?.status;
  const count = options?.count ?? 100;
  if (status !== 'pending' && status !== 'done') {
    throw new AsyncJobListError(`invalid job status ${JSON.stringify(status)}: use 'pending' or 'done'`, 400);
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new AsyncJobListError(`"count" must be an integer >= 0, got ${String(count)}`, 400);
  }
  return { status, count };
}

/**
 * Where an `AsyncJob` reads its state: this process's registry, or a durable store (pyxis-gql/bullmq keeps it in
 * Redis). Every answer may be a promise.
 */
export interface AsyncJobStore {
  status(id: string): AsyncJobStatus | Promise<AsyncJobStatus>;
  /** The value, or throws the operation's error; forgets the job. 404 when missing, 204 when not done. */
  result(id: string): unknown;
  /** Resolves once the job has an outcome to fetch. */
  finished(id: string): Promise<void>;
  cancel(id: string, ignoreMissing: boolean): boolean | Promise<boolean>;
  clear(id: string, ignoreMissing: boolean): boolean | Promise<boolean>;
}

/** A handle on one call in the async context. Every method returns a promise, as a remote job store would. */
export class AsyncJob<T> {
  readonly id: string;
  readonly #registry: AsyncJobStore;

  private constructor(id: string, registry: AsyncJobStore) {
    this.id = id;
    this.#registry = registry;
  }

  /** @internal Jobs come from async-context calls. */
  static create<T>(id: string, registry: AsyncJobStore): AsyncJob<T> {
    return new AsyncJob<T>(id, registry);
  }

  /** `'pending'` (queued or running), `'done'` (finished, result not yet fetched) or `'cancelled'`. */
  async status(): Promise<AsyncJobStatus> {
    return this.#registry.status(this.id);
  }

  /** The value, or the operation's own error; fetching it forgets the job. */
  async result(): Promise<T> {
    return (await this.#registry.result(this.id)) as T;
  }

  /** Waits for the job to finish, then fetches its result. */
  async wait(): Promise<T> {
    await this.#registry.finished(this.id);
    return this.result();
  }

  /** Aborts a pending job (queued or running): true; false for a finished one. */
  async cancel(options: { ignoreMissing?: boolean } = {}): Promise<boolean> {
    return this.#registry.cancel(this.id, options.ignoreMissing ?? false);
  }

  /** Forgets the job; a running one keeps running and its result is dropped. */
  async clear(options: { ignoreMissing?: boolean } = {}): Promise<boolean> {
    return this.#registry.clear(this.id, options.ignoreMissing ?? false);
  }

  toString(): string {
    return `<AsyncJob ${this.id}>`;
  }
}

/** How long a job waited on its scheduler before it started, and how long it then ran, in ms. */
export type JobTiming = (waitMs: number, runMs: number) => void;

/** Runs each call as a job on a scheduler and returns an `AsyncJob` at once (or nothing, with `returnResult: false`). */
export class AsyncExecutor implements Executor {
  readonly #inner: PromiseExecutor;
  readonly #scheduler: Scheduler;
  readonly #registry: AsyncJobRegistry | undefined;
  readonly #report: (error: unknown) => void;
  readonly #timing: JobTiming | undefined;

  /**
   * `report` hears of fire-and-forget calls that could not even be spawned (the scheduler closed meanwhile);
   * `timing`, of how long each job waited on the scheduler and then ran (the client's telemetry).
   */
  constructor(
    inner: PromiseExecutor,
    scheduler: Scheduler,
    registry: AsyncJobRegistry | undefined,
    report: (error: unknown) => void,
    timing?: JobTiming,
  ) {
    this.#inner = inner;
    this.#scheduler = scheduler;
    this.#registry = registry;
    this.#report = report;
    this.#timing = timing;
  }

  execute<T>(lookup: Lookup<T>, options: CallOptions): AsyncJob<T> | undefined {
    if (this.#scheduler.closed) {
      // Fails the call itself, as python-arango's AsyncExecuteError does, instead of a job that can never run.
      return this.refuse(new SchedulerClosedError());
    }
    const timing = this.#timing;
    const queuedAt = timing && performance.now();
    const run = (signal: AbortSignal) => {
      const result = this.#inner.execute(lookup, {
        ...options,
        signal: options.signal ? AbortSignal.any([options.signal, signal]) : signal,
      });
      if (timing && queuedAt !== undefined) {
        const startedAt = performance.now();
        const ran = () => timing(startedAt - queuedAt, performance.now() - startedAt);
        result.then(ran, ran);
      }
      return result;
    };
    if (!this.#registry) {
      // Fire and forget: nothing is stored; a failure nobody waits for reaches the scheduler's exception handler.
      this.#scheduler.spawn((job) => run(job.signal)).catch(this.#report);
      return undefined;
    }
    const registry = this.#registry;
    return registry.add<T>(
      async (signal, entry) => {
        const job = await this.#scheduler.spawn((job) => run(AbortSignal.any([signal, job.signal])));
        entry.attach(job);
        return job.wait();
      },
      (id, job) => {
        // A custom handler hears of each drop, with the job; stderr gets one summary line per burst.
        if (this.#scheduler.exceptionHandler === undefined) {
          registry.droppedResults.add();
          return;
        }
        this.#scheduler.callExceptionHandler({
          message: 'Async job result dropped',
          job,
          exception: new AsyncJobResultError(
            `job ${id} result dropped unfetched: maxStoredResults (${registry.maxStoredResults}) reached`,
            NOT_FOUND,
          ),
        });
      },
    );
  }

  refuse(error: unknown): never {
    throw error;
  }
}

/** A `clearAsyncJobs` threshold as epoch milliseconds, checked. */
export function toEpochMs(threshold: Date | number | undefined): number | undefined {
  if (threshold === undefined) return undefined;
  const value = threshold instanceof Date ? threshold.getTime() : threshold;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError('clearAsyncJobs: "threshold" must be a Date or a number of epoch milliseconds');
  }
  return value;
}
