// A call's deadline: one limit on the whole call (every page, every retry and every wait between them). It is put
// in force once, where the call starts: by `DeadlineExecutor` for the calls of the default and async contexts, by
// the batch commit, and by `paginate()`. From there it travels down as data: the options of every request of the
// call carry `deadlineAt`, the time the call must end by, which the transport reads to decide whether a retry's
// wait still fits.
import { PyxisDeadlineError } from '../errors/index.js';
import { checkMilliseconds, InvalidOptionError } from '../shared/options.js';
import { onAbort } from '../shared/signals.js';
import type { RequestOptions } from '../transport/index.js';
import type { CallOptions, Lookup, PromiseExecutor } from './lookup.js';

/** A call's options with its deadline in force, and what to do once the call settles. */
export interface CallDeadline {
  /**
   * The options of every request of the call: with a deadline, `signal` aborts with a `PyxisDeadlineError` when
   * it passes (or with the caller's reason when the caller's signal aborts first), and `deadlineAt` says when.
   */
  readonly options: RequestOptions;
  /** Stops the deadline's timer and lets go of the caller's signal. Call it once the call has settled. */
  release(): void;
}

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
  const deadlineAt = performance.now() + deadline;
  const timer = setTimeout(() => controller.abort(new PyxisDeadlineError(deadline)), deadline);
  const forward = () => controller.abort(callerSignal?.reason);
  let unfollow = nothingToRelease;
  if (callerSignal?.aborted) forward();
  else if (callerSignal) unfollow = onAbort(callerSignal, forward);
  return {
    options: { signal: controller.signal, timeout: options.timeout, deadlineAt },
    release() {
      clearTimeout(timer);
      unfollow();
    },
  };
}

/** Throws an InvalidOptionError naming the first bad call option (`signal`, `timeout`, `deadline`). */
export function checkCallOptions(options: CallOptions): void {
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InvalidOptionError('signal', options.signal, 'an AbortSignal');
  }
  checkMilliseconds('timeout', options.timeout);
  checkMilliseconds('deadline', options.deadline);
}

/**
 * The first step of a call in the default and async contexts: checks the call options and puts the call's
 * deadline (or the client's) in force, once, for everything below it (sharing, batching, every request).
 */
export class DeadlineExecutor implements PromiseExecutor {
  readonly #inner: PromiseExecutor;
  readonly #deadline: number | undefined;

  /** `deadline`: the client's default for each call's whole run (its `deadline` call option overrides it). */
  constructor(inner: PromiseExecutor, deadline: number | undefined) {
    this.#inner = inner;
    this.#deadline = deadline;
  }

  execute<T>(lookup: Lookup<T>, options: CallOptions): Promise<T> {
    if (options.deadline === undefined && this.#deadline === undefined) {
      // No deadline, the usual case: the options pass through, without a CallDeadline made for nothing.
      try {
        checkCallOptions(options);
      } catch (error) {
        return Promise.reject(error);
      }
      return this.#inner.execute(lookup, options);
    }
    let call: CallDeadline;
    try {
      call = applyDeadline(options, this.#deadline);
    } catch (error) {
      return Promise.reject(error);
    }
    const result = this.#inner.execute(lookup, call.options);
    if (call.release !== nothingToRelease) result.then(call.release, call.release);
    return result;
  }

  refuse(error: unknown): Promise<never> {
    return this.#inner.refuse(error);
  }
}
