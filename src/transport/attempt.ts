import { PyxisTimeoutError } from '../errors/index.js';
import { onAbort } from '../shared/signals.js';

/**
 * How one HTTP attempt stops: at its timeout, when the call's signal aborts, or when the client is closed with
 * `abort` (its `closing` signal), whichever comes first. Lighter than an AbortController per attempt, which on
 * Node 20 costs more than the rest of a small request's bookkeeping.
 */
export class Attempt {
  #aborted = false;
  #reason: unknown;
  #stop: ((reason: unknown) => void) | undefined;
  readonly #timer: NodeJS.Timeout;
  readonly #unfollowSignal: (() => void) | undefined;
  readonly #unfollowClosing: (() => void) | undefined;

  constructor(timeout: number, signal: AbortSignal | undefined, closing?: AbortSignal) {
    this.#timer = setTimeout(() => this.#abort(new PyxisTimeoutError(timeout)), timeout);
    this.#unfollowSignal = this.#follow(signal);
    this.#unfollowClosing = this.#follow(closing);
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
    this.#unfollowSignal?.();
    this.#unfollowClosing?.();
    this.#stop = undefined;
  }

  #follow(signal: AbortSignal | undefined): (() => void) | undefined {
    if (!signal) return undefined;
    if (signal.aborted) {
      this.#abort(signal.reason);
      return undefined;
    }
    return onAbort(signal, () => this.#abort(signal.reason));
  }

  #abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#stop?.(reason);
  }
}
