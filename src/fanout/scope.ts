import { allowManyListeners, onAbort } from '../shared/signals.js';
import { FanoutAbortError } from './errors.js';

/**
 * The signal shared by the running tasks of one fan-out. It is aborted when the fan-out stops early: on the first
 * failure, when the caller's signal aborts (with that signal's reason), or when the consumer walks away.
 */
export class FanoutScope {
  readonly #controller = new AbortController();
  #unlink: (() => void) | undefined;

  constructor() {
    // Every running task (and every request it makes) listens to this one signal: many listeners are the design
    // here, not a leak, so Node's warning past 10 would only be noise.
    allowManyListeners(this.#controller.signal);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * Follows the caller's signal until `dispose()`: when it aborts, the tasks are aborted with its reason and
   * `onOuterAbort` is called (at once when it is aborted already).
   */
  link(outer: AbortSignal | undefined, onOuterAbort: (reason: unknown) => void): void {
    if (outer === undefined) return;
    const listener = () => {
      this.#unlink = undefined;
      this.abort(outer.reason);
      onOuterAbort(outer.reason);
    };
    if (outer.aborted) {
      listener();
      return;
    }
    // A caller may hand one signal to many fan-outs at once: followed as the rest of the package follows signals.
    this.#unlink = onAbort(outer, listener);
  }

  /** Aborts the running tasks; only the first call counts. */
  abort(reason: unknown): void {
    this.#controller.abort(reason);
  }

  /** Stops following the caller's signal, so a long-lived signal does not keep this fan-out alive. */
  dispose(): void {
    this.#unlink?.();
    this.#unlink = undefined;
  }
}

export function fanoutFailed(failure: unknown): FanoutAbortError {
  return new FanoutAbortError('The fan-out failed, so its running tasks are aborted', { cause: failure });
}

export function consumerStopped(): FanoutAbortError {
  return new FanoutAbortError('The consumer stopped reading the fan-out results');
}
