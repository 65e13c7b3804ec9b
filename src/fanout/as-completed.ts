import { CompletionLoop, type CompletionSink } from './completion-loop.js';
import { type ResolvedOptions, resolveOptions } from './options.js';
import { consumerStopped } from './scope.js';
import { readTasks, type TaskReader } from './task-reader.js';
import type { AsCompletedIterator, FanoutOptions, ResultOf, SettledResult, TaskInput } from './types.js';

/**
 * Runs the tasks, at most `concurrency` at once, and yields each result as soon as it is ready, like
 * `asyncio.as_completed`. Nothing starts before the first `next()`. Tasks running plus results waiting for the
 * consumer never exceed `concurrency`, so a slow consumer holds back the reading of the input.
 *
 * Without `settle`, the first failure is thrown from the next `next()` (results still waiting are dropped), the
 * running tasks are aborted and no other task starts. Leaving a `for await` early (break, return, throw) aborts
 * the running tasks too.
 */
export function asCompleted<Tasks extends TaskInput<unknown>>(
  tasks: Tasks,
  options: FanoutOptions<ResultOf<Tasks>> & { readonly settle: true },
): AsCompletedIterator<SettledResult<ResultOf<Tasks>>>;
export function asCompleted<Tasks extends TaskInput<unknown>>(
  tasks: Tasks,
  options?: FanoutOptions<ResultOf<Tasks>> & { readonly settle?: false },
): AsCompletedIterator<ResultOf<Tasks>>;
export function asCompleted(
  tasks: TaskInput<unknown>,
  options?: FanoutOptions<unknown>,
): AsCompletedIterator<unknown> {
  const resolved = resolveOptions(options);
  return new CompletionStream(readTasks(tasks), resolved);
}

interface Waiter {
  resolve(result: IteratorResult<unknown, undefined>): void;
  reject(reason: unknown): void;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Written here rather than on p-map's `pMapIterable`, which yields in completion order too but has no `signal`,
 * gives the mappers no way to learn that the consumer has gone, and costs about twice p-map's per-task overhead
 * (an async generator plus a promise per element). This is a plain iterator over a queue of ready results, fed by
 * the completion loop that `gather` runs on too.
 */
class CompletionStream implements AsCompletedIterator<unknown>, CompletionSink {
  readonly #loop: CompletionLoop;
  /** Results waiting for the consumer, read from `readyHead` on. */
  #ready: unknown[] = [];
  #readyHead = 0;
  /** `next()` calls waiting for a result, oldest first. */
  #waiting: Waiter[] = [];
  /** A failure that the next `next()` throws. */
  #failure: { readonly reason: unknown } | undefined;
  #isStarted = false;

  constructor(reader: TaskReader<unknown>, options: ResolvedOptions<unknown>) {
    this.#loop = new CompletionLoop(reader, options, this);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<unknown, undefined>> {
    if (this.#failure !== undefined) {
      const { reason } = this.#failure;
      this.#failure = undefined;
      return Promise.reject(reason);
    }
    if (this.#readyHead < this.#ready.length) {
      const value = this.#takeReady();
      this.#loop.fill();
      return Promise.resolve({ done: false, value });
    }
    if (this.#loop.stopped) return Promise.resolve(DONE);
    if (!this.#isStarted) {
      this.#isStarted = true;
      this.#loop.start();
      return this.next();
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
    });
  }

  return(): Promise<IteratorReturnResult<undefined>> {
    if (!this.#loop.stopped) this.#loop.stop(consumerStopped());
    this.#failure = undefined;
    this.#ready = [];
    this.#readyHead = 0;
    this.#endWaiting();
    return Promise.resolve(DONE);
  }

  /** @internal */
  held(): number {
    return this.#ready.length - this.#readyHead;
  }

  /** @internal */
  deliver(output: unknown): void {
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) waiter.resolve({ done: false, value: output });
    else this.#ready.push(output);
  }

  /** @internal The consumer gets the failure from its pending or its next `next()`. */
  failed(reason: unknown): void {
    this.#ready = [];
    this.#readyHead = 0;
    const waiter = this.#waiting.shift();
    if (waiter === undefined) {
      this.#failure = { reason };
      return;
    }
    waiter.reject(reason);
    this.#endWaiting();
  }

  /** @internal */
  drained(): void {
    // A waiting `next()` implies no result is ready.
    this.#endWaiting();
  }

  #takeReady(): unknown {
    const value = this.#ready[this.#readyHead];
    this.#readyHead++;
    // Drop the consumed front once it is half the array, so each result costs O(1) and memory stays bounded.
    if (this.#readyHead * 2 >= this.#ready.length) {
      this.#ready = this.#ready.slice(this.#readyHead);
      this.#readyHead = 0;
    }
    return value;
  }

  #endWaiting(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const waiter of waiting) waiter.resolve(DONE);
  }
}
