import { onAbort } from './signals.js';

/**
 * Work shared by several callers (a merged request) must stop only when every caller has given up, while each
 * caller's own abort rejects that caller at once. `SharedSignal` counts the callers.
 */
export class SharedSignal {
  readonly #controller = new AbortController();
  readonly #unfollow: Array<() => void> = [];
  #remaining = 0;
  #unsignalled = false;

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Adds a caller; the shared signal aborts once every caller added with a signal has aborted. */
  join(signal: AbortSignal | undefined): void {
    if (!signal) {
      this.#unsignalled = true; // a caller that cannot give up keeps the work alive
      return;
    }
    this.#remaining += 1;
    this.#unfollow.push(onAbort(signal, () => this.#leave(signal.reason)));
  }

  /**
   * Stops following the callers' signals once the work is over: fan-outs hand one long-lived signal to thousands
   * of calls, and listeners left on it would pile up (and make every later add slower).
   */
  dispose(): void {
    for (const unfollow of this.#unfollow) unfollow();
    this.#unfollow.length = 0;
  }

  #leave(reason: unknown): void {
    this.#remaining -= 1;
    if (this.#remaining === 0 && !this.#unsignalled) this.#controller.abort(reason);
  }
}

/** `promise`, or a rejection with the signal's reason as soon as `signal` aborts, whichever comes first. */
export function abandonable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const unfollow = onAbort(signal, () => reject(signal.reason));
    promise.then(
      (value) => {
        unfollow();
        resolve(value);
      },
      (error: unknown) => {
        unfollow();
        reject(error);
      },
    );
  });
}
