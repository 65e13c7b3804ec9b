// What a method call returns in each execution context: the one place that names the jobs of the async and batch
// contexts, so that the executors' own types (lookup.ts) import none of them.
import type { AsyncJob } from './async.js';
import type { BatchJob } from './batch-context.js';

/**
 * How a client runs its calls, and so what its methods return: a promise of the value (`default`), an `AsyncJob`
 * (`async`), a `BatchJob` (`batch`), or nothing at all (`async-fire`, `batch-fire`: `returnResult: false`).
 */
export type ExecutionMode = 'default' | 'async' | 'async-fire' | 'batch' | 'batch-fire';

export type Outcome<M extends ExecutionMode, T> = M extends 'default'
  ? Promise<T>
  : M extends 'async'
    ? AsyncJob<T>
    : M extends 'batch'
      ? BatchJob<T>
      : undefined;

/** The `context` property of a client in each mode, as python-arango names them. */
export type ContextOf<M extends ExecutionMode> = M extends 'async' | 'async-fire'
  ? 'async'
  : M extends 'batch' | 'batch-fire'
    ? 'batch'
    : 'default';
