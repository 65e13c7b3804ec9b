import type { BatchContextExecutor, BatchJob, CallOptions, ContextOf } from '../execution/index.js';
import { type Paging, PyxisMethods } from '../pyxis/index.js';

export interface BatchExecutionOptions {
  /** `false`: calls return nothing and `commit()` resolves to nothing. */
  returnResult?: boolean;
}

type Jobs<M> = M extends 'batch' ? BatchJob<unknown>[] : undefined;

/**
 * A client in the batch execution context: calls queue a `BatchJob`, and `commit()` sends them all as one GraphQL
 * request (each lookup an aliased field), then gives each job its part of the answer.
 */
export class BatchPyxisClient<M extends 'batch' | 'batch-fire' = 'batch'> extends PyxisMethods<M> {
  readonly context = 'batch' as ContextOf<M>;
  readonly #executor: BatchContextExecutor;

  private constructor(executor: BatchContextExecutor, paging: Paging) {
    super(executor, paging);
    this.#executor = executor;
  }

  /** @internal Users call `pyxis.beginBatchExecution()`. */
  static create<M extends 'batch' | 'batch-fire'>(
    executor: BatchContextExecutor,
    paging: Paging,
  ): BatchPyxisClient<M> {
    return new BatchPyxisClient<M>(executor, paging);
  }

  /** The jobs queued so far (they stay listed after the commit). */
  queuedJobs(): Jobs<M> {
    return this.#executor.queuedJobs() as Jobs<M>;
  }

  /**
   * Sends the queued lookups as one request. Never rejects because lookups failed: each failed job's `result()`
   * throws its own error. A second commit throws `BatchStateError`.
   */
  commit(options?: CallOptions): Promise<Jobs<M>> {
    return this.#executor.commit(options) as Promise<Jobs<M>>;
  }
}
