import { LinkedQueue } from '../shared/queue.js';
import { onAbort } from '../shared/signals.js';

/**
 * Callers waiting their turn, first come first served; one whose signal aborts leaves the line at once with the
 * signal's reason. What they wait for (a token, the end of a pause) is the owner's to decide: it calls `next()`.
 */
export class WaitingLine {
  /** Each caller's turn: given with nothing, or failed with `{ error }`. */
  readonly #waiting = new LinkedQueue<(failure?: { error: unknown }) => void>();

  get size(): number {
    return this.#waiting.size;
  }

  /** A promise that resolves when this caller's turn is given by `next()` or `all()`. */
  join(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const entry = this.#waiting.push((failure) => {
        unfollow?.();
        if (failure) reject(failure.error);
        else resolve();
      });
      const unfollow =
        signal &&
        onAbort(signal, () => {
          this.#waiting.remove(entry);
          reject(signal.reason);
        });
    });
  }

  /** Lets the first caller go; false when no one waits. */
  next(): boolean {
    const turn = this.#waiting.shift();
    turn?.();
    return turn !== undefined;
  }

  /** Fails the first caller with `error`; false when no one waits. */
  fail(error: unknown): boolean {
    const turn = this.#waiting.shift();
    turn?.({ error });
    return turn !== undefined;
  }

  /** Lets every caller go. */
  all(): void {
    while (this.next()) {}
  }
}
