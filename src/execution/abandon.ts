/**
 * Work shared by several callers (a merged request, a de-duplicated lookup) must stop only when every caller has
 * given up, while each caller's own abort rejects that caller at once. `SharedSignal` counts the callers.
 */
export class SharedSignal {
  readonly #controller = new AbortController();
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
    signal.addEventListener('abort', () => this.#leave(signal.reason), { once: true });
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
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
