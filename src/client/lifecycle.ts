// A client's calls in flight, so that `close()` can refuse new calls at once and wait for the running ones: a
// `find*` call still paging when the client closes gets all its pages, not a refusal halfway.
import { PyxisClientClosedError } from '../errors/index.js';
import type { CallOptions, Lookup, PromiseExecutor } from '../execution/index.js';
import type { Transport } from '../transport/index.js';

export class CallLifecycle {
  #closed = false;
  #active = 0;
  #idle: (() => void) | undefined;
  #settled: Promise<void> | undefined;

  /** `inner`, whose calls are counted while they run and refused once the client is closed. */
  track(inner: PromiseExecutor): PromiseExecutor {
    return {
      execute: <T>(lookup: Lookup<T>, options: CallOptions): Promise<T> => {
        if (this.#closed) return Promise.reject(new PyxisClientClosedError());
        this.#active += 1;
        const result = inner.execute(lookup, options);
        result.then(this.#done, this.#done);
        return result;
      },
      refuse: (error: unknown) => inner.refuse(error),
    };
  }

  /**
   * `transport`, refusing every request once the client is closed: for work that is not counted as a call (a
   * batch commit, a `paginate()` stream), which `close()` does not wait for.
   */
  gate(transport: Transport): Transport {
    return {
      send: (document, variables, options) =>
        this.#closed
          ? Promise.reject(new PyxisClientClosedError())
          : transport.send(document, variables, options),
    };
  }

  /** Refuses calls from now on; resolves once the calls that were running have settled. */
  close(): Promise<void> {
    this.#closed = true;
    this.#settled ??=
      this.#active === 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            this.#idle = resolve;
          });
    return this.#settled;
  }

  readonly #done = (): void => {
    this.#active -= 1;
    if (this.#active === 0) {
      const idle = this.#idle;
      this.#idle = undefined;
      idle?.();
    }
  };
}
