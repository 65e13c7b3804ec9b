import { onAbort } from '../shared/signals.js';

/**
 * A client-wide cap on HTTP requests in flight: however wide callers fan out (pages, batches and retries
 * included), the server sees at most `max` requests from one client at once. A slot is held for one attempt only,
 * not while a retry waits. Waiters are served first come, first served; one whose signal aborts while waiting
 * leaves the queue at once.
 */
export class Slots {
  readonly #max: number;
  #taken = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(max: number) {
    this.#max = max;
  }

  /** Resolves once a slot is ours; `release()` it when the request is over. */
  acquire(signal: AbortSignal | undefined): Promise<void> | undefined {
    if (this.#taken < this.#max) {
      this.#taken += 1;
      return undefined; // no promise to wait for: the common case costs nothing
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const take = () => {
        unfollow?.();
        resolve();
      };
      const unfollow =
        signal &&
        onAbort(signal, () => {
          const index = this.#waiting.indexOf(take);
          if (index >= 0) this.#waiting.splice(index, 1);
          reject(signal.reason);
        });
      this.#waiting.push(take);
    });
  }

  /** Hands the slot to the next waiter, if any (the count of taken slots stays the same then). */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#taken -= 1;
  }
}
