// A call's deadline: one limit on the whole call (every page, every retry and every wait between them), applied
// once per call by whichever executor runs it.
import { PyxisDeadlineError } from '../errors/index.js';
import { onAbort } from '../shared/abandon.js';
import { checkMilliseconds, InvalidOptionError } from '../shared/options.js';
import type { CallOptions } from './lookup.js';

/** A call's options with its deadline in force, and what to do once the call settles. */
export interface CallDeadline {
  /**
   * The call's options, to pass to every request of the call: with a deadline, `signal` aborts with a
   * `PyxisDeadlineError` when it passes (or with the caller's reason when the caller's signal aborts first).
   */
  readonly options: CallOptions;
  /** Stops the deadline's timer and lets go of the caller's signal. Call it once the call has settled. */
  release(): void;
}

/**
 * When each call signal made here expires (`performance.now()` time), so that a retry can tell whether its wait
 * would outlast the call. Keyed weakly by signal: nothing outlives its call, and no two calls share an entry.
 */
const expiries = new WeakMap<AbortSignal, number>();

const nothingToRelease = () => {};

/**
 * Puts the call's `deadline` (or else the client's) in force over its signal, after checking the call options.
 * Without a deadline the options pass through untouched, at no cost. Throws an InvalidOptionError naming a bad option.
 *
 * ```ts
 * const call = applyDeadline(options, clientDeadline);
 * try { return await run(call.options); } finally { call.release(); }
 * ```
 */
export function applyDeadline(options: CallOptions, clientDeadline: number | undefined): CallDeadline {
  checkCallOptions(options);
  const deadline = options.deadline ?? clientDeadline;
  if (deadline === undefined) return { options, release: nothingToRelease };

  const callerSignal = options.signal;
  const controller = new AbortController();
  expiries.set(controller.signal, performance.now() + deadline);
  const timer = setTimeout(() => controller.abort(new PyxisDeadlineError(deadline)), deadline);
  const forward = () => controller.abort(callerSignal?.reason);
  let unfollow = nothingToRelease;
  if (callerSignal?.aborted) forward();
  else if (callerSignal) unfollow = onAbort(callerSignal, forward);
  return {
    options: { ...options, signal: controller.signal },
    release() {
      clearTimeout(timer);
      unfollow();
    },
  };
}

/** Milliseconds left before the deadline of the call `signal` belongs to, or undefined when it has none. */
export function timeLeft(signal: AbortSignal | undefined): number | undefined {
  const expiry = signal && expiries.get(signal);
  return expiry === undefined ? undefined : expiry - performance.now();
}

/**
 * Throws an InvalidOptionError naming the first bad call option (`signal`, `timeout`, `deadline`). `applyDeadline`
 * calls it; an executor that touches the options before (to share a signal, say) should call it first.
 */
export function checkCallOptions(options: CallOptions): void {
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InvalidOptionError('signal', options.signal, 'an AbortSignal');
  }
  checkMilliseconds('timeout', options.timeout);
  checkMilliseconds('deadline', options.deadline);
}
