import type { AsyncExecutor, AsyncJobRegistry, ContextOf, ListJobsOptions } from '../execution/index.js';
import { type Paging, PyxisMethods } from '../pyxis/index.js';
import type { Scheduler } from '../scheduler/index.js';

export interface AsyncExecutionOptions {
  /** `false`: calls return nothing, nothing is stored, and failures go to the scheduler's exception handler. */
  returnResult?: boolean;
  /** The scheduler that runs the jobs (its limit applies). Default: one scheduler per client. */
  scheduler?: Scheduler;
  /** The most finished results held until fetched; the oldest are dropped first, with a warning. Default 10000. */
  maxStoredResults?: number;
}

/**
 * A client in the async execution context: the same methods as `PyxisClient`, but each call returns an `AsyncJob`
 * at once and runs on the scheduler. The job store (`asyncJobs`, `clearAsyncJobs`) is shared with the client it
 * came from.
 */
export class AsyncPyxisClient<M extends 'async' | 'async-fire' = 'async'> extends PyxisMethods<M> {
  readonly context = 'async' as ContextOf<M>;
  readonly scheduler: Scheduler;
  readonly #registry: AsyncJobRegistry;

  private constructor(
    executor: AsyncExecutor,
    paging: Paging,
    scheduler: Scheduler,
    registry: AsyncJobRegistry,
  ) {
    super(executor, paging);
    this.scheduler = scheduler;
    this.#registry = registry;
  }

  /** @internal Users call `pyxis.beginAsyncExecution()`. */
  static create<M extends 'async' | 'async-fire'>(
    executor: AsyncExecutor,
    paging: Paging,
    scheduler: Scheduler,
    registry: AsyncJobRegistry,
  ): AsyncPyxisClient<M> {
    return new AsyncPyxisClient<M>(executor, paging, scheduler, registry);
  }

  /** The ids of the jobs in `status`, oldest first. */
  async asyncJobs(options: ListJobsOptions): Promise<string[]> {
    return this.#registry.list(options);
  }

  /** Forgets every job, or those finished (or started, if still running) before `threshold`. */
  async clearAsyncJobs(options: { threshold?: Date | number } = {}): Promise<true> {
    this.#registry.clearAll(options);
    return true;
  }
}
