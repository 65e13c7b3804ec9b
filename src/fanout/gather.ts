import pMap from 'p-map';
import { type ResolvedOptions, resolveOptions } from './options.js';
import { ProgressCounter } from './progress.js';
import { FanoutScope, fanoutFailed } from './scope.js';
import { SKIP } from './skip.js';
import { readTasks, type StartTask } from './task-reader.js';
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
export async function gather(
  tasks: TaskInput<unknown>,
  rawOptions?: FanoutOptions<unknown>,
): Promise<unknown[]> {
  const options = resolveOptions(rawOptions);
  const reader = readTasks(tasks);
  const scope = new FanoutScope();
  const progress = new ProgressCounter(options.onProgress, reader);
  // Once gather has settled, late results are still handled but no longer reported.
  let isOver = false;

  // Without settle, skip or onProgress, p-map does all there is to do per task (SKIP is pMapSkip, and the catch
  // below aborts the siblings), so the task's own promise goes to p-map untouched and gather's per-task overhead
  // stays p-map's.
  const needsTracking = options.settle || options.skip !== undefined || options.onProgress !== undefined;
  const runTask = needsTracking
    ? trackingRunner(options, scope, progress, () => isOver)
    : (start: StartTask<unknown>) => start(scope.signal);

  scope.link(options.signal, () => {
    isOver = true;
  });
  try {
    // p-map brings the lazy reading (one input element per free slot, sync or async input), the input order,
    // `pMapSkip`, stopping at the first error, and rejecting when `signal` aborts. What it lacks is a signal for
    // the tasks themselves: the scope aborts the running tasks, which p-map leaves running.
    return await pMap(reader, runTask, { concurrency: options.concurrency, signal: options.signal });
  } catch (error) {
    isOver = true;
    scope.abort(fanoutFailed(error));
    throw error;
  } finally {
    scope.dispose();
  }
}

/** A p-map mapper that runs a task and applies `settle`, `skip` and the progress counters to its outcome. */
function trackingRunner(
  { settle, skip }: ResolvedOptions<unknown>,
  scope: FanoutScope,
  progress: ProgressCounter,
  isOver: () => boolean,
) {
  const onFulfilled = (value: unknown, index: number) => {
    progress.running--;
    progress.done++;
    if (value === SKIP || skip?.(value, index)) {
      progress.skipped++;
      if (!isOver()) progress.report();
      return SKIP;
    }
    if (!isOver()) progress.report();
    return settle ? { status: 'fulfilled' as const, value } : value;
  };

  const onRejected = (reason: unknown) => {
    progress.running--;
    progress.done++;
    progress.failed++;
    if (!settle) {
      // Abort the siblings now rather than when gather's own rejection comes through, a few ticks later.
      scope.abort(fanoutFailed(reason));
      if (!isOver()) {
        try {
          progress.report();
        } catch {
          // The task's failure is the one to report.
        }
      }
      throw reason;
    }
    if (!isOver()) progress.report();
    return { status: 'rejected' as const, reason };
  };

  return (start: StartTask<unknown>, index: number) => {
    progress.running++;
    let pending: unknown;
    try {
      pending = start(scope.signal);
    } catch (error) {
      pending = Promise.reject(error);
    }
    return Promise.resolve(pending).then((value) => onFulfilled(value, index), onRejected);
  };
}
