import { CompletionLoop, type CompletionSink } from './completion-loop.js';
import { resolveOptions } from './options.js';
import { readTasks } from './task-reader.js';
import type { FanoutOptions, ResultOf, SettledResult, TaskInput } from './types.js';

/**
 * Runs the tasks, at most `concurrency` at once, and resolves to their results in input order, like
 * `asyncio.gather`. Skipped results leave no gap. Without `settle`, the first failure rejects, aborts the signal
 * of every running task and starts no other task; with `settle: true`, every outcome is reported instead.
 */
export function gather<Tasks extends TaskInput<unknown>>(
  tasks: Tasks,
  options: FanoutOptions<ResultOf<Tasks>> & { readonly settle: true },
): Promise<SettledResult<ResultOf<Tasks>>[]>;
export function gather<Tasks extends TaskInput<unknown>>(
  tasks: Tasks,
  options?: FanoutOptions<ResultOf<Tasks>> & { readonly settle?: false },
): Promise<ResultOf<Tasks>[]>;
export function gather(tasks: TaskInput<unknown>, rawOptions?: FanoutOptions<unknown>): Promise<unknown[]> {
  try {
    const options = resolveOptions(rawOptions);
    const reader = readTasks(tasks);
    return new Promise((resolve, reject) => {
      new CompletionLoop(reader, options, new KeptResults(resolve, reject)).start();
    });
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Holds only the results kept, each with its input index, and puts them in input order at the end: a skipped
 * result costs nothing, where a slot per input would grow with the input even when nothing is kept.
 */
class KeptResults implements CompletionSink {
  readonly #values: unknown[] = [];
  readonly #indices: number[] = [];
  /** Tasks mostly finish in the order they started; while they do, `values` is the answer as it stands. */
  #isInOrder = true;

  readonly #resolve: (results: unknown[]) => void;
  readonly #reject: (reason: unknown) => void;

  constructor(resolve: (results: unknown[]) => void, reject: (reason: unknown) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  held(): number {
    // Nobody takes the results before the end: they must not hold back the tasks.
    return 0;
  }

  deliver(output: unknown, index: number): void {
    const indices = this.#indices;
    if (this.#isInOrder && indices.length > 0 && index < (indices[indices.length - 1] as number)) {
      this.#isInOrder = false;
    }
    indices.push(index);
    this.#values.push(output);
  }

  failed(reason: unknown): void {
    this.#values.length = 0;
    this.#indices.length = 0;
    this.#reject(reason);
  }

  drained(): void {
    this.#resolve(this.#isInOrder ? this.#values : this.#inInputOrder());
  }

  #inInputOrder(): unknown[] {
    const indices = this.#indices;
    const values = this.#values;
    // A stable merge sort (V8's TimSort) runs in about linear time on results that are nearly in order.
    const order = Array.from(indices.keys()).sort((a, b) => (indices[a] as number) - (indices[b] as number));
    return order.map((position) => values[position]);
  }
}
