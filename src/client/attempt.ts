import { PyxisTimeoutError } from '../errors/index.js';
import { onAbort } from '../execution/index.js';

/**
 * How one HTTP attempt stops: at its timeout or when the call's signal aborts, whichever comes first. Lighter than
 * an AbortController per attempt, which on Node 20 costs more than the rest of a small request's bookkeeping.
 */
export class Attempt {
  #aborted = false;
  #reason: unknown;
  #stop: ((reason: unknown) => void) | undefined;
  readonly #timer: NodeJS.Timeout;
  readonly #unfollow: (() => void) | undefined;

  constructor(timeout: number, signal: AbortSignal | undefined) {
    this.#timer = setTimeout(() => this.#abort(new PyxisTimeoutError(timeout)), timeout);
    if (signal?.aborted) this.#abort(signal.reason);
    else if (signal) this.#unfollow = onAbort(signal, () => this.#abort(signal.reason));
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** Why the attempt stopped: a PyxisTimeoutError, or the reason of the call's signal. */
  get reason(): unknown {
    return this.#reason;
  }

  /** What stops the request in flight (one at a time: redirects are followed one after another). */
  onAbort(stop: (reason: unknown) => void): void {
    if (this.#aborted) stop(this.#reason);
    else this.#stop = stop;
  }

  /** Stops the timer and lets go of the call's signal, once the attempt is over. */
  end(): void {
    clearTimeout(this.#timer);
    this.#unfollow?.();
    this.#stop = undefined;
  }

  #abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#stop?.(reason);
  }
}
