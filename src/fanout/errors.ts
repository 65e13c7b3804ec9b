import { describe } from '../shared/options.js';

export { InvalidOptionError } from '../shared/options.js';

/** An input element is neither a function nor a promise-like, so it cannot be run as a task. */
export class InvalidTaskError extends TypeError {
  override readonly name = 'InvalidTaskError';

  constructor(
    readonly index: number,
    readonly task: unknown,
  ) {
    super(`Expected the task at index ${index} to be a function or a promise, got ${describe(task)}`);
  }
}

/** The fan-out's input is neither an iterable nor an async iterable. */
export class InvalidTaskInputError extends TypeError {
  override readonly name = 'InvalidTaskInputError';

  constructor(readonly input: unknown) {
    super(`Expected the tasks to be an array, an iterable or an async iterable, got ${describe(input)}`);
  }
}

/**
 * The abort reason a running task's signal carries when its fan-out stops early for a reason of its own: another
 * task failed (the failure is the `cause`), or the consumer stopped iterating. Named `AbortError`, like the
 * reason of `AbortController.abort()`, so code that recognises aborts by name treats it as one.
 */
export class FanoutAbortError extends Error {
  override readonly name = 'AbortError';
}
