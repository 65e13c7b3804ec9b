import { vi } from 'vitest';

// The package's own: a test settles it when it chooses.
export { type Deferred, deferred } from '../../src/shared/promises.js';

/** One turn of the event loop: every microtask queued so far has run. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Failures nobody observed are reported at the end of the event-loop turn they happen in: after two turns, any
 * report due for what happened before has been made.
 */
export const endOfTurn = async () => {
  await nextTurn();
  await nextTurn();
};

/** Resolves when `signal` aborts from now on (it never does for a signal that has aborted already). */
export const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

/** The reason `promise` rejects with; if it resolves instead, a rejection saying the call was expected to fail. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

// Captured when this module loads, before any test installs fake timers: `until` keeps turning the real event loop.
const realSetImmediate = globalThis.setImmediate;

/**
 * Resolves once `condition` holds, checking it after every turn of the event loop (so I/O, timers and callbacks all
 * get their chance in between). It has no time limit of its own: a wait that never ends is the test's timeout,
 * however slow the machine, never a deadline guessed in milliseconds.
 */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise<void>((resolve) => realSetImmediate(resolve));
}

/**
 * With fake timers installed (`setTimeout` and `clearTimeout` faked, `setImmediate` not): moves the fake clock by
 * `stepMs` after every real turn of the event loop, until `condition` holds. The clock then keeps pace with the
 * program, not with the machine: a loopback request answered in a few turns takes a few fake milliseconds however
 * slow the machine is, while a timeout of 100 fires after 100 turns.
 */
export async function advanceUntil(condition: () => boolean, stepMs = 1): Promise<void> {
  while (!condition()) {
    vi.advanceTimersByTime(stepMs);
    await new Promise<void>((resolve) => realSetImmediate(resolve));
  }
}

/** Whether `promise` has settled yet, read at any moment (for `until` and `advanceUntil`). */
export function settledFlag(promise: Promise<unknown>): () => boolean {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  return () => settled;
}

/**
 * How many leak warnings Node emits while 11 more listeners are added to `signal` (one past its default limit of
 * 10); they are added and removed again. `getMaxListeners` cannot read an AbortSignal's limit on Node 20.
 */
export function leakWarningsFor(signal: AbortSignal): number {
  let warnings = 0;
  const emitWarning = process.emitWarning;
  const listeners = Array.from({ length: 11 }, () => () => {});
  process.emitWarning = ((warning: string | Error) => {
    if (String(warning).includes('MaxListenersExceededWarning')) warnings++;
  }) as typeof process.emitWarning;
  try {
    for (const listener of listeners) signal.addEventListener('abort', listener);
  } finally {
    process.emitWarning = emitWarning;
    for (const listener of listeners) signal.removeEventListener('abort', listener);
  }
  return warnings;
}
