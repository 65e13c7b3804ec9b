// Signals followed by many: a fan-out hands one signal to thousands of tasks, and each call follows it in several
// places. The package's own code follows it through `onAbort` (one listener on the signal, however many follow it),
// and the signal is marked with `allowManyListeners` for code that adds its listeners directly (a task's own fetch,
// undici). Work shared by several callers follows them all with `SharedSignal`, and each caller leaves it on its
// own abort with `abandonable`.
import { setMaxListeners } from 'node:events';

/**
 * Node's EventTarget checks every listener already on a signal before it adds one, so thousands of listeners make
 * each add slow. Here each signal gets one listener, and the calls following it go in a Set: adding and removing
 * stay O(1).
 */
interface Followers {
  readonly listeners: Set<() => void>;
  /** The one listener on the signal itself, which calls the followers. */
  readonly notify: () => void;
}

const followers = new WeakMap<AbortSignal, Followers>();

/** Calls `listener` once `signal` aborts; returns what stops following it. */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let followed = followers.get(signal);
  if (!followed) {
    const listeners = new Set<() => void>();
    const notify = () => {
      followers.delete(signal);
      for (const follower of listeners) follower();
    };
    followed = { listeners, notify };
    followers.set(signal, followed);
    signal.addEventListener('abort', notify, { once: true });
  }
  followed.listeners.add(listener);
  const own = followed;
  return () => {
    if (!own.listeners.delete(listener) || own.listeners.size > 0) return;
    // The last follower left: the listener on the signal goes too. Node keeps a signal made by
    // `AbortSignal.any()` alive for as long as it has an abort listener, so one left behind would hold that
    // signal (and its sources) until it aborts, which for a job that finished is never: ~2 KB per job, forever.
    if (followers.get(signal) !== own) return;
    followers.delete(signal);
    signal.removeEventListener('abort', own.notify);
  };
}

/**
 * Marks `signal` as followed by many listeners by design, not by a leak: Node's warning past 10 listeners would
 * only be noise. For a signal handed to code that adds its own listeners, which `onAbort` cannot gather.
 */
export function allowManyListeners(signal: AbortSignal): void {
  setMaxListeners(0, signal);
}

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
