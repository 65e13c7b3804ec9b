import { type ResolvedOptions, resolveOptions } from './options.js';
import { ProgressCounter } from './progress.js';
import { consumerStopped, FanoutScope, fanoutFailed } from './scope.js';
import { SKIP } from './skip.js';
import { type AsyncTaskReader, readTasks, type StartTask, type TaskReader } from './task-reader.js';
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
 * (an async generator plus a promise per element). This is a plain iterator over a queue of ready results.
 */
class CompletionStream implements AsCompletedIterator<unknown> {
  private readonly scope = new FanoutScope();
  private readonly progress: ProgressCounter;
  /** Results waiting for the consumer, read from `readyHead` on. */
  private ready: unknown[] = [];
  private readyHead = 0;
  /** `next()` calls waiting for a result, oldest first. */
  private waiting: Waiter[] = [];
  /** A failure that the next `next()` throws. */
  private failure: { readonly reason: unknown } | undefined;
  private isStarted = false;
  /**
   * No task will start or deliver any more: the input ran out and every task settled, or the stream failed or
   * was closed.
   */
  private isStopped = false;
  private isReading = false;
  private isInputDone = false;
  private nextIndex = 0;

  constructor(
    private readonly reader: TaskReader<unknown>,
    private readonly options: ResolvedOptions<unknown>,
  ) {
    this.progress = new ProgressCounter(options.onProgress, reader);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<unknown, undefined>> {
    if (this.failure !== undefined) {
      const { reason } = this.failure;
      this.failure = undefined;
      return Promise.reject(reason);
    }
    if (this.readyHead < this.ready.length) {
      const value = this.takeReady();
      this.fill();
      return Promise.resolve({ done: false, value });
    }
    if (this.isStopped) return Promise.resolve(DONE);
    if (!this.isStarted) {
      this.start();
      return this.next();
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
    });
  }

  return(): Promise<IteratorReturnResult<undefined>> {
    if (!this.isStopped) this.stop(consumerStopped());
    this.failure = undefined;
    this.ready = [];
    this.readyHead = 0;
    this.endWaiting();
    return Promise.resolve(DONE);
  }

  private start(): void {
    this.isStarted = true;
    this.scope.link(this.options.signal, (reason) => this.fail(reason));
    this.fill();
  }

  /** Starts tasks while there is room: running tasks plus waiting results stay within `concurrency`. */
  private fill(): void {
    const { reader } = this;
    while (
      !this.isStopped &&
      !this.isInputDone &&
      !this.isReading &&
      this.progress.running + this.ready.length - this.readyHead < this.options.concurrency
    ) {
      if (reader.isAsync) {
        this.readAsync(reader);
        return;
      }
      let result: IteratorResult<StartTask<unknown>, undefined>;
      try {
        result = reader.next();
      } catch (error) {
        this.fail(error);
        return;
      }
      if (result.done) {
        this.isInputDone = true;
        break;
      }
      this.run(result.value, this.nextIndex++);
    }
    this.finishIfDrained();
  }

  // One read at a time: the input is asked for the next task only when there is room to run it.
  private readAsync(reader: AsyncTaskReader<unknown>): void {
    this.isReading = true;
    const index = this.nextIndex++;
    reader.next().then(
      (result) => {
        this.isReading = false;
        if (this.isStopped) return;
        if (result.done) {
          this.isInputDone = true;
          this.finishIfDrained();
          return;
        }
        this.run(result.value, index);
        this.fill();
      },
      (error: unknown) => {
        this.isReading = false;
        this.fail(error);
      },
    );
  }

  private run(start: StartTask<unknown>, index: number): void {
    this.progress.running++;
    let pending: unknown;
    try {
      pending = start(this.scope.signal);
    } catch (error) {
      pending = Promise.reject(error);
    }
    Promise.resolve(pending).then(
      (value) => this.onFulfilled(value, index),
      (reason: unknown) => this.onRejected(reason),
    );
  }

  // Never throws: the promise it hangs off is not observed by anyone.
  private onFulfilled(value: unknown, index: number): void {
    const { progress, options } = this;
    progress.running--;
    if (this.isStopped) return;
    progress.done++;
    try {
      if (value === SKIP || options.skip?.(value, index)) {
        progress.skipped++;
        progress.report();
      } else {
        progress.report();
        if (this.isStopped) return;
        this.deliver(options.settle ? { status: 'fulfilled', value } : value);
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    this.fill();
  }

  // Never throws, as above.
  private onRejected(reason: unknown): void {
    const { progress } = this;
    progress.running--;
    if (this.isStopped) return;
    progress.done++;
    progress.failed++;
    if (!this.options.settle) {
      try {
        progress.report();
      } catch {
        // The task's failure is the one to report.
      }
      this.fail(reason);
      return;
    }
    try {
      progress.report();
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.isStopped) return;
    this.deliver({ status: 'rejected', reason });
    this.fill();
  }

  private deliver(output: unknown): void {
    const waiter = this.waiting.shift();
    if (waiter !== undefined) waiter.resolve({ done: false, value: output });
    else this.ready.push(output);
  }

  private takeReady(): unknown {
    const value = this.ready[this.readyHead];
    this.readyHead++;
    // Drop the consumed front once it is half the array, so each result costs O(1) and memory stays bounded.
    if (this.readyHead * 2 >= this.ready.length) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
    return value;
  }

  private finishIfDrained(): void {
    if (this.isStopped || !this.isInputDone || this.isReading || this.progress.running > 0) return;
    this.isStopped = true;
    this.scope.dispose();
    // A waiting `next()` implies no result is ready.
    this.endWaiting();
  }

  /** Stops the stream on its first failure, which the consumer gets from its pending or its next `next()`. */
  private fail(reason: unknown): void {
    if (this.isStopped) return;
    this.stop(fanoutFailed(reason));
    this.ready = [];
    this.readyHead = 0;
    const waiter = this.waiting.shift();
    if (waiter === undefined) {
      this.failure = { reason };
      return;
    }
    waiter.reject(reason);
    this.endWaiting();
  }

  private stop(abortReason: unknown): void {
    this.isStopped = true;
    this.scope.abort(abortReason);
    this.scope.dispose();
    this.reader.return();
  }

  private endWaiting(): void {
    const { waiting } = this;
    this.waiting = [];
    for (const waiter of waiting) waiter.resolve(DONE);
  }
}
