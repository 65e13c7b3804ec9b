import { isPromiseLike } from '../shared/promises.js';
import { InvalidTaskError, InvalidTaskInputError } from './errors.js';
import type { Task, TaskInput } from './types.js';

/** A task in the form the fan-out runs it: every input element becomes a function that starts the work. */
export type StartTask<T> = (signal: AbortSignal) => T | PromiseLike<T>;

/**
 * Reads the tasks of a fan-out one at a time, checking and normalising each one as it is read. It is itself an
 * iterator (sync or async, like its input), so p-map can consume it directly.
 */
export type TaskReader<T> = SyncTaskReader<T> | AsyncTaskReader<T>;

interface TaskReaderState {
  /** How many tasks there are, once known. */
  readonly total: number | undefined;
}

export interface SyncTaskReader<T> extends TaskReaderState, IterableIterator<StartTask<T>, undefined> {
  readonly isAsync: false;
  return(): IteratorReturnResult<undefined>;
}

export interface AsyncTaskReader<T> extends TaskReaderState, AsyncIterableIterator<StartTask<T>, undefined> {
  readonly isAsync: true;
  return(): Promise<IteratorReturnResult<undefined>>;
}

export function readTasks<T>(input: TaskInput<T>): TaskReader<T> {
  const collection = asCollection(input);
  if (collection !== undefined) return new ArrayTaskReader<T>(collection);
  // An input that is both is read asynchronously, as `for await` would.
  const asyncIterator = (input as Partial<AsyncIterable<Task<T>>> | null | undefined)?.[Symbol.asyncIterator];
  if (typeof asyncIterator === 'function') return new AsyncIteratorTaskReader<T>(asyncIterator.call(input));
  const iterator = (input as Partial<Iterable<Task<T>>> | null | undefined)?.[Symbol.iterator];
  if (typeof iterator === 'function') return new IteratorTaskReader<T>(iterator.call(input));
  throw new InvalidTaskInputError(input);
}

const COLLECTION_ITERATOR_TAGS = new Set([
  '[object Array Iterator]',
  '[object Set Iterator]',
  '[object Map Iterator]',
]);

/**
 * The input as an array when its elements all exist already: an array, a Set, or an iterator over one of the
 * built-in collections. Promises in such an input are all under way, so they must all be observed up front.
 * Any other iterable (a generator, typically) creates its elements as they are read, and is read lazily.
 */
function asCollection<T>(input: TaskInput<T>): readonly Task<T>[] | undefined {
  if (Array.isArray(input)) return input;
  if (input instanceof Set || COLLECTION_ITERATOR_TAGS.has(Object.prototype.toString.call(input))) {
    return Array.from(input as Iterable<Task<T>>);
  }
  return undefined;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

class ArrayTaskReader<T> implements SyncTaskReader<T> {
  readonly isAsync = false;
  readonly total: number;
  #index = 0;

  readonly #tasks: readonly Task<T>[];

  constructor(tasks: readonly Task<T>[]) {
    this.#tasks = tasks;
    // The promises in a collection are all under way already, and some may wait long for their turn: handle their
    // rejections now, so none is reported as unhandled, even one that rejects after the fan-out has failed.
    // The whole array is checked first, so a bad element fails the fan-out before any task starts.
    let firstInvalid: InvalidTaskError | undefined;
    for (let index = 0; index < tasks.length; index++) {
      const task: unknown = tasks[index];
      if (typeof task === 'function') continue;
      if (isPromiseLike(task)) observeRejection(task);
      else firstInvalid ??= new InvalidTaskError(index, task);
    }
    if (firstInvalid !== undefined) throw firstInvalid;
    this.total = tasks.length;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<StartTask<T>, undefined> {
    if (this.#index >= this.total) return DONE;
    const index = this.#index++;
    const task = this.#tasks[index];
    return { done: false, value: typeof task === 'function' ? task : toStartTask<T>(task, index) };
  }

  return(): IteratorReturnResult<undefined> {
    this.#index = this.total;
    return DONE;
  }
}

class IteratorTaskReader<T> implements SyncTaskReader<T> {
  readonly isAsync = false;
  total: number | undefined;
  #index = 0;
  #closed = false;

  readonly #iterator: Iterator<Task<T>>;

  constructor(iterator: Iterator<Task<T>>) {
    this.#iterator = iterator;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<StartTask<T>, undefined> {
    if (this.#closed) return DONE;
    const result = this.#iterator.next();
    if (result.done) {
      this.#closed = true;
      this.total = this.#index;
      return DONE;
    }
    const index = this.#index++;
    const task = result.value;
    if (isPromiseLike(task)) observeRejection(task);
    return { done: false, value: toStartTask<T>(task, index) };
  }

  return(): IteratorReturnResult<undefined> {
    if (!this.#closed) {
      this.#closed = true;
      try {
        this.#iterator.return?.();
      } catch {
        // Closing is a courtesy to the source; its failure must not replace the fan-out's own outcome.
      }
    }
    return DONE;
  }
}

class AsyncIteratorTaskReader<T> implements AsyncTaskReader<T> {
  readonly isAsync = true;
  total: number | undefined;
  #index = 0;
  #closed = false;
  #sourceDone = false;

  readonly #iterator: AsyncIterator<Task<T>>;

  constructor(iterator: AsyncIterator<Task<T>>) {
    this.#iterator = iterator;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StartTask<T>, undefined>> {
    if (this.#closed) return Promise.resolve(DONE);
    const index = this.#index++;
    let pending: Promise<IteratorResult<Task<T>>>;
    try {
      pending = Promise.resolve(this.#iterator.next());
    } catch (error) {
      return Promise.reject(error);
    }
    return pending.then((result) => {
      if (result.done) {
        this.#sourceDone = true;
        this.#closed = true;
        this.total ??= index;
        return DONE;
      }
      const task = result.value;
      if (isPromiseLike(task)) observeRejection(task);
      // A read that was under way when the fan-out stopped: nobody will run it.
      if (this.#closed) return DONE;
      return { done: false, value: toStartTask<T>(task, index) };
    });
  }

  return(): Promise<IteratorReturnResult<undefined>> {
    if (!this.#closed) {
      this.#closed = true;
      if (!this.#sourceDone) {
        // Not awaited: a source blocked in `next()` must not hold up the fan-out's own ending.
        try {
          Promise.resolve(this.#iterator.return?.()).then(undefined, ignore);
        } catch {
          // As for sync sources: closing is a courtesy.
        }
      }
    }
    return Promise.resolve(DONE);
  }
}

function toStartTask<T>(task: unknown, index: number): StartTask<T> {
  if (typeof task === 'function') return task as StartTask<T>;
  if (isPromiseLike(task)) return () => task as PromiseLike<T>;
  throw new InvalidTaskError(index, task);
}

// Only native promises: unhandled-rejection tracking concerns them alone, and calling `then` on another thenable
// may start work (some thenables are lazy) before its turn.
function observeRejection(task: PromiseLike<unknown>): void {
  if (task instanceof Promise) task.then(undefined, ignore);
}

function ignore(): void {}
