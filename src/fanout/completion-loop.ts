import type { ResolvedOptions } from './options.js';
import { ProgressCounter } from './progress.js';
import { FanoutScope, fanoutFailed } from './scope.js';
import { SKIP } from './skip.js';
import type { AsyncTaskReader, StartTask, TaskReader } from './task-reader.js';

/** Where a completion loop's outcomes go: `asCompleted`'s queue for its consumer, or `gather`'s results. */
export interface CompletionSink {
  /** Results delivered but not yet taken: they count against `concurrency`, as running tasks do. */
  held(): number;
  /** A result to pass on (a `SettledResult` when settling); `index` is the task's position in the input. */
  deliver(output: unknown, index: number): void;
  /** The fan-out failed with `reason` (a task's, the input's, a listener's or the caller's signal's). */
  failed(reason: unknown): void;
  /** The input ran out and every task settled. */
  drained(): void;
}

/**
 * The loop under both fan-out helpers: reads the tasks one at a time while there is room, runs them, applies
 * `settle`, `skip` and the progress counters to each outcome, and hands what is kept to a sink. A skipped result
 * costs nothing once counted, so a generator of a million skipped tasks runs in constant memory.
 */
export class CompletionLoop {
  readonly scope = new FanoutScope();
  readonly #progress: ProgressCounter;
  /**
   * No task will start or deliver any more: the input ran out and every task settled, or the loop failed or was
   * stopped.
   */
  #isStopped = false;
  #isReading = false;
  #isInputDone = false;
  #nextIndex = 0;
  readonly #reader: TaskReader<unknown>;
  readonly #options: ResolvedOptions<unknown>;
  readonly #sink: CompletionSink;

  constructor(reader: TaskReader<unknown>, options: ResolvedOptions<unknown>, sink: CompletionSink) {
    this.#reader = reader;
    this.#options = options;
    this.#sink = sink;
    this.#progress = new ProgressCounter(options.onProgress, reader);
  }

  get stopped(): boolean {
    return this.#isStopped;
  }

  start(): void {
    this.scope.link(this.#options.signal, (reason) => this.#fail(reason));
    this.fill();
  }

  /** Starts tasks while there is room: running tasks plus held results stay within `concurrency`. */
  fill(): void {
    const reader = this.#reader;
    while (
      !this.#isStopped &&
      !this.#isInputDone &&
      !this.#isReading &&
      this.#progress.running + this.#sink.held() < this.#options.concurrency
    ) {
      if (reader.isAsync) {
        this.#readAsync(reader);
        return;
      }
      let result: IteratorResult<StartTask<unknown>, undefined>;
      try {
        result = reader.next();
      } catch (error) {
        this.#fail(error);
        return;
      }
      if (result.done) {
        this.#isInputDone = true;
        break;
      }
      this.#run(result.value, this.#nextIndex++);
    }
    this.#finishIfDrained();
  }

  /** Stops for good: aborts the running tasks with `abortReason`, starts no more and closes the input. */
  stop(abortReason: unknown): void {
    this.#isStopped = true;
    this.scope.abort(abortReason);
    this.scope.dispose();
    this.#reader.return();
  }

  // One read at a time: the input is asked for the next task only when there is room to run it.
  #readAsync(reader: AsyncTaskReader<unknown>): void {
    this.#isReading = true;
    const index = this.#nextIndex++;
    reader.next().then(
      (result) => {
        this.#isReading = false;
        if (this.#isStopped) return;
        if (result.done) {
          this.#isInputDone = true;
          this.#finishIfDrained();
          return;
        }
        this.#run(result.value, index);
        this.fill();
      },
      (error: unknown) => {
        this.#isReading = false;
        this.#fail(error);
      },
    );
  }

  #run(start: StartTask<unknown>, index: number): void {
    this.#progress.running++;
    let pending: unknown;
    try {
      pending = start(this.scope.signal);
    } catch (error) {
      pending = Promise.reject(error);
    }
    Promise.resolve(pending).then(
      (value) => this.#onFulfilled(value, index),
      (reason: unknown) => this.#onRejected(reason, index),
    );
  }

  // Never throws: the promise it hangs off is not observed by anyone.
  #onFulfilled(value: unknown, index: number): void {
    const progress = this.#progress;
    const options = this.#options;
    progress.running--;
    if (this.#isStopped) return;
    progress.done++;
    try {
      if (value === SKIP || options.skip?.(value, index)) {
        progress.skipped++;
        progress.report();
      } else {
        progress.report();
        if (this.#isStopped) return;
        this.#sink.deliver(options.settle ? { status: 'fulfilled', value } : value, index);
      }
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.fill();
  }

  // Never throws, as above.
  #onRejected(reason: unknown, index: number): void {
    const progress = this.#progress;
    progress.running--;
    if (this.#isStopped) return;
    progress.done++;
    progress.failed++;
    if (!this.#options.settle) {
      try {
        progress.report();
      } catch {
        // The task's failure is the one to report.
      }
      this.#fail(reason);
      return;
    }
    try {
      progress.report();
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (this.#isStopped) return;
    this.#sink.deliver({ status: 'rejected', reason }, index);
    this.fill();
  }

  #finishIfDrained(): void {
    if (this.#isStopped || !this.#isInputDone || this.#isReading || this.#progress.running > 0) return;
    this.#isStopped = true;
    this.scope.dispose();
    this.#sink.drained();
  }

  /** Stops on the first failure and tells the sink, which passes it on. */
  #fail(reason: unknown): void {
    if (this.#isStopped) return;
    this.stop(fanoutFailed(reason));
    this.#sink.failed(reason);
  }
}
