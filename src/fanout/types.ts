import type { PMapSkip, Skip } from './skip.js';

/**
 * One unit of work in a fan-out: a promise that is already under way, or a function that starts the work when
 * called. Only functions can be held back by the concurrency limit; they receive a signal that is aborted when
 * the fan-out fails, is aborted, or is abandoned by its consumer.
 */
export type Task<T> = PromiseLike<T> | ((signal: AbortSignal) => T | PromiseLike<T>);

/** The tasks of a fan-out: read lazily, one at a time, only when there is room to start another task. */
export type TaskInput<T> = Iterable<Task<T>> | AsyncIterable<Task<T>>;

/** The value a task resolves to. */
export type TaskValue<Item> = Item extends (signal: AbortSignal) => infer Result
  ? Awaited<Result>
  : Awaited<Item>;

/**
 * The values that the tasks of an input produce, `SKIP` left out. Worked out per element, so that an array mixing
 * tasks of different types gives the union of their values, as `Promise.all` does.
 */
export type ResultOf<Input> = Exclude<
  TaskValue<
    Input extends AsyncIterable<infer Item> ? Item : Input extends Iterable<infer Item> ? Item : never
  >,
  Skip | PMapSkip
>;

/** What `asCompleted` returns: an async iterator whose `return()` (leaving a `for await` early) is always there. */
export interface AsCompletedIterator<T> extends AsyncIterableIterator<T, undefined, undefined> {
  next(): Promise<IteratorResult<T, undefined>>;
  /** Stops the fan-out: aborts the running tasks, starts no more, and ends any pending `next()`. */
  return(): Promise<IteratorReturnResult<undefined>>;
  [Symbol.asyncIterator](): AsCompletedIterator<T>;
}

/** A task's outcome with `settle: true`, shaped like the entries of `Promise.allSettled`. */
export type SettledResult<T> =
  | { readonly status: 'fulfilled'; readonly value: T }
  | { readonly status: 'rejected'; readonly reason: unknown };

/** A snapshot of a fan-out's counters, passed to `onProgress` after each task settles. */
export interface FanoutProgress {
  /** Tasks that have settled, whatever the outcome (this includes `failed` and `skipped`). */
  readonly done: number;
  /** Tasks that rejected. */
  readonly failed: number;
  /** Tasks whose value was dropped by `skip` or by resolving to `SKIP`. */
  readonly skipped: number;
  /** Tasks started and not yet settled. */
  readonly running: number;
  /** How many tasks there are: known up front for an array, otherwise once the input has run out. */
  readonly total?: number | undefined;
}

export interface FanoutOptions<T> {
  /** How many function tasks may run at once: a positive integer or `Infinity`. Default 16. */
  readonly concurrency?: number;
  /** Aborting it stops the fan-out: running tasks are aborted, no task starts, and it fails with the reason. */
  readonly signal?: AbortSignal;
  /**
   * Run every task and report each outcome as a `SettledResult` instead of failing on the first rejection.
   * Default false.
   */
  readonly settle?: boolean;
  /** Drops a fulfilled value from the output when it returns true; `index` is the task's position in the input. */
  readonly skip?: (value: T, index: number) => boolean;
  /** Called after each task settles. An exception thrown here fails the fan-out. */
  readonly onProgress?: (progress: FanoutProgress) => void;
}
