import { onAbort } from '../shared/signals.js';
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

/** A caller waiting for its lookup's part of a batch. */
class Waiting {
  constructor(
    readonly lookup: Lookup<unknown>,
    readonly options: RequestOptions,
    readonly resolve: (value: unknown) => void,
    readonly reject: (error: unknown) => void,
  ) {}
}

/**
 * The resolving functions of the promise made last, taken by one executor shared by every call: an executor
 * closure per call would make a context holding the lookup and its options once more, for every lookup in flight
 * (`new Promise` runs its executor at once, so nothing else can run in between).
 */
let takenResolve: (value: unknown) => void = () => {};
let takenReject: (error: unknown) => void = () => {};
function takeResolvers(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  takenResolve = resolve;
  takenReject = reject;
}

/**
 * The lookups of one request. Its signal aborts once every caller has given up (a caller without a signal never
 * does); each caller's own abort rejects that caller at once. Callers are followed by signal, not one by one: a
 * fan-out's thousands of lookups cost one listener per batch, not one per lookup (a listener and a promise per
 * lookup were a good part of what batching cost over hand-merged requests).
 */
class Batch {
  readonly waiting: Waiting[] = [];
  readonly #controller = new AbortController();
  /** Each signal followed, and what stops following it. */
  readonly #followed = new Map<AbortSignal, () => void>();
  #unsignalled = false;
  /** The signals followed that have not aborted yet. */
  #remaining = 0;

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  add(waiting: Waiting): void {
    this.waiting.push(waiting);
    const { signal } = waiting.options;
    if (!signal) {
      this.#unsignalled = true;
      return;
    }
    if (this.#followed.has(signal)) return;
    this.#remaining += 1;
    this.#followed.set(
      signal,
      onAbort(signal, () => this.#leave(signal)),
    );
  }

  /** Stops following the callers' signals: the request is over. */
  dispose(): void {
    for (const unfollow of this.#followed.values()) unfollow();
    this.#followed.clear();
  }

  /** The callers that follow `signal` give up (an abort is rare: finding them is worth no list per signal). */
  #leave(signal: AbortSignal): void {
    for (const waiting of this.waiting) if (waiting.options.signal === signal) waiting.reject(signal.reason);
    this.#remaining -= 1;
    if (this.#remaining === 0 && !this.#unsignalled) this.#controller.abort(signal.reason);
  }
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
  #batch = new Batch();
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
    const batch = this.#batch;
    const result = new Promise<unknown>(takeResolvers);
    batch.add(new Waiting(lookup as Lookup<unknown>, options, takenResolve, takenReject));
    if (batch.waiting.length >= this.#maxSize) this.#flush();
    else
      this.#timer ??=
        this.#windowMs > 0 ? setTimeout(this.#flush, this.#windowMs) : setImmediate(this.#flush);
    return result as Promise<T>;
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
    const batch = this.#batch;
    if (batch.waiting.length === 0) return;
    this.#batch = new Batch();
    void this.#send(batch);
  };

  async #send(batch: Batch): Promise<void> {
    const { waiting } = batch;
    // The request serves every caller: it may take as long as the most patient of them allows.
    let { timeout, deadlineAt } = (waiting[0] as Waiting).options;
    const lookups: Lookup<unknown>[] = new Array(waiting.length);
    const calls: unknown[] = new Array(waiting.length);
    for (let index = 0; index < waiting.length; index++) {
      const { lookup, options } = waiting[index] as Waiting;
      lookups[index] = lookup;
      calls[index] = options.calls?.[0];
      timeout = latest(timeout, options.timeout);
      deadlineAt = latest(deadlineAt, options.deadlineAt);
    }
    const sent = await sendMerged(
      this.#transport,
      this.#merger,
      lookups,
      { signal: batch.signal, timeout, deadlineAt },
      calls,
    );
    batch.dispose();
    for (let index = 0; index < waiting.length; index++) {
      const caller = waiting[index] as Waiting;
      // A caller that gave up was rejected when it did: its part of the answer goes nowhere.
      if (caller.options.signal?.aborted) continue;
      const first = sent[index];
      if (!first?.ok) {
        caller.reject(first?.error);
        continue;
      }
      const sendMore = (document: Document, variables: Variables) =>
        this.execute<PyxisResponse>(
          { kind: 'page', document, variables, complete: (response) => response },
          caller.options,
        );
      // complete() may throw or return a promise that rejects; either way the caller hears of it.
      try {
        caller.resolve(caller.lookup.complete(first.response, sendMore));
      } catch (error) {
        caller.reject(error);
      }
    }
  }
}

/** The larger of two limits, where undefined is no limit at all (and so the largest). */
function latest(limit: number | undefined, value: number | undefined): number | undefined {
  return limit === undefined || value === undefined ? undefined : Math.max(limit, value);
}
