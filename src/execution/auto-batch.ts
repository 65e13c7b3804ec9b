import { abandonable, SharedSignal } from '../shared/signals.js';
import type { Document, PyxisResponse, RequestOptions, Transport, Variables } from '../transport/index.js';
import type { Executor, Lookup } from './lookup.js';
import { DocumentMerger } from './merge.js';
import { sendMerged } from './send-merged.js';

export interface AutoBatchOptions {
  /** The most lookups one request carries. Default 50. */
  maxSize?: number;
  /** How long to wait for more lookups before sending, in ms; 0 collects the lookups of the same tick. Default 0. */
  windowMs?: number;
}

interface Waiting {
  lookup: Lookup<unknown>;
  options: RequestOptions;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Auto-batching: lookups issued in the same tick (or window) travel as one aliased request, and each caller gets
 * its own result or error back, as if it had been sent alone. Further pages of `find*` lookups are batched too.
 */
export class AutoBatchExecutor implements Executor {
  readonly #transport: Transport;
  readonly #merger = new DocumentMerger();
  readonly #maxSize: number;
  readonly #windowMs: number;
  #queue: Waiting[] = [];
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  /** `options` as the client's options checked them (`client/options.ts`), defaults filled in. */
  constructor(transport: Transport, options: Required<AutoBatchOptions>) {
    const { maxSize, windowMs } = options;
    this.#transport = transport;
    this.#maxSize = maxSize;
    this.#windowMs = windowMs;
  }

  execute<T>(lookup: Lookup<T>, options: RequestOptions): Promise<T> {
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    const result = new Promise<unknown>((resolve, reject) => {
      this.#queue.push({ lookup: lookup as Lookup<unknown>, options, resolve, reject });
    });
    if (this.#queue.length >= this.#maxSize) this.#flush();
    else
      this.#timer ??=
        this.#windowMs > 0 ? setTimeout(this.#flush, this.#windowMs) : setImmediate(this.#flush);
    return abandonable(result as Promise<T>, options.signal);
  }

  refuse(error: unknown): Promise<never> {
    return Promise.reject(error);
  }

  readonly #flush = (): void => {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer as NodeJS.Timeout);
      clearImmediate(this.#timer as NodeJS.Immediate);
      this.#timer = undefined;
    }
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length > 0) void this.#send(batch);
  };

  async #send(batch: Waiting[]): Promise<void> {
    const shared = new SharedSignal();
    for (const waiting of batch) shared.join(waiting.options.signal);
    // The request serves every caller: it may take as long as the most patient of them allows.
    const timeout = latest(batch.map((waiting) => waiting.options.timeout));
    const deadlineAt = latest(batch.map((waiting) => waiting.options.deadlineAt));
    const sent = await sendMerged(
      this.#transport,
      this.#merger,
      batch.map((waiting) => waiting.lookup),
      { signal: shared.signal, timeout, deadlineAt },
      batch.map((waiting) => waiting.options.calls?.[0]),
    );
    shared.dispose();
    for (const [index, waiting] of batch.entries()) {
      const first = sent[index];
      if (!first?.ok) {
        waiting.reject(first?.error);
        continue;
      }
      const sendMore = (document: Document, variables: Variables) =>
        this.execute<PyxisResponse>(
          { kind: 'page', document, variables, complete: (response) => response },
          waiting.options,
        );
      // complete() may throw or return a promise that rejects; either way the caller hears of it.
      try {
        waiting.resolve(waiting.lookup.complete(first.response, sendMore));
      } catch (error) {
        waiting.reject(error);
      }
    }
  }
}

/** The largest of `values`, or undefined (no limit) as soon as one of them is. */
function latest(values: ReadonlyArray<number | undefined>): number | undefined {
  return values.every((value) => value !== undefined) ? Math.max(...(values as number[])) : undefined;
}
