import type { CallOptions, Document, PyxisResponse, Transport, Variables } from '../execution/index.js';

/**
 * A client-wide cap on HTTP requests in flight: however wide callers fan out (pages, batches and retries
 * included), the server sees at most `max` requests from this client at once. Waiters are served first come,
 * first served; one whose signal aborts while waiting leaves the queue at once.
 */
export class LimitedTransport implements Transport {
  readonly #inner: Transport;
  readonly #max: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(inner: Transport, max: number) {
    this.#inner = inner;
    this.#max = max;
  }

  async send(document: Document, variables: Variables, options: CallOptions): Promise<PyxisResponse> {
    if (this.#running >= this.#max) await this.#slot(options.signal);
    else this.#running += 1;
    try {
      return await this.#inner.send(document, variables, options);
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }

  /** Resolves when a finishing request hands its slot over (the running count stays the same). */
  #slot(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const take = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(take);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(take);
    });
  }
}
