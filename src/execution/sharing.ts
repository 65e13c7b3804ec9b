import { abandonable } from './abandon.js';
import { applyDeadline, checkCallOptions } from './deadline.js';
import type { CallOptions, Document, Executor, Lookup } from './lookup.js';

export interface CacheOptions {
  /** How long a result stays fresh, in ms. */
  ttlMs: number;
  /** The most results kept; the least recently used go first. */
  max: number;
}

/** A request in flight, and the signal it follows: its first caller's (none if that caller cannot give up). */
interface InFlight {
  result: Promise<unknown>;
  signal: AbortSignal | undefined;
}

/** The subset of an executor that answers with promises: the default and the auto-batching executors. */
export interface PromiseExecutor extends Executor {
  execute<T>(lookup: Lookup<T>, options: CallOptions): Promise<T>;
  refuse(error: unknown): Promise<never>;
}

/**
 * In-flight de-duplication and an optional result cache: identical lookups (same kind, document and variables) in
 * flight share one request, and with `cache` a fresh result is served without a request at all. Callers sharing a
 * result get the same object: treat results as read-only.
 */
export class SharingExecutor implements PromiseExecutor {
  readonly #inner: PromiseExecutor;
  readonly #cache: CacheOptions | undefined;
  readonly #deadline: number | undefined;
  readonly #inFlight = new Map<string, InFlight>();
  readonly #results = new Map<string, { value: unknown; expires: number }>();
  readonly #documentIds = new WeakMap<object, number>();
  #nextDocumentId = 0;

  /**
   * `cache`: checked by the client's options (`client/options.ts`). `deadline`: the client's default for each
   * caller's whole call (its `deadline` call option overrides it).
   */
  constructor(
    inner: PromiseExecutor,
    { cache, deadline }: { cache?: CacheOptions | undefined; deadline?: number | undefined } = {},
  ) {
    this.#inner = inner;
    this.#cache = cache;
    this.#deadline = deadline;
  }

  /**
   * Each caller's signal and deadline are its own: they reject that caller only, and the others still get their
   * result (asked again, if the caller that gave up was the one whose request they shared).
   */
  execute<T>(lookup: Lookup<T>, options: CallOptions): Promise<T> {
    try {
      checkCallOptions(options);
    } catch (error) {
      return Promise.reject(error);
    }
    if (options.deadline === undefined && this.#deadline === undefined) return this.#share(lookup, options);
    const call = applyDeadline(options, this.#deadline);
    const result = this.#share(lookup, call.options);
    result.then(call.release, call.release);
    return result;
  }

  #share<T>(lookup: Lookup<T>, options: CallOptions): Promise<T> {
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    const key = this.#keyOf(lookup);
    const cached = this.#cached(key);
    if (cached) return Promise.resolve(cached.value as T);
    const entry = this.#inFlight.get(key);
    if (!entry) return this.#start(key, lookup, options);
    const shared = abandonable(entry.result as Promise<T>, options.signal);
    const owner = entry.signal;
    if (owner === undefined || owner === options.signal) return shared;
    // The request follows its first caller's signal: should that caller give up first, ask again.
    return shared.catch((error: unknown) => {
      if (owner.aborted && error === owner.reason && !options.signal?.aborted) {
        return this.#share(lookup, options);
      }
      throw error;
    });
  }

  /**
   * Sends the lookup, bound to its caller's own signal. A fan-out hands the same signal to every call, so callers
   * that join usually follow the same one; a signal shared by counting callers would cost every call an
   * AbortController and its listeners for a case that is rare.
   */
  #start<T>(key: string, lookup: Lookup<T>, options: CallOptions): Promise<T> {
    const { signal, timeout } = options;
    const result = this.#inner.execute(lookup, { timeout, signal });
    this.#inFlight.set(key, { result, signal });
    result.then(
      (value) => {
        this.#inFlight.delete(key);
        this.#remember(key, value);
      },
      () => this.#inFlight.delete(key),
    );
    return result;
  }

  refuse(error: unknown): Promise<never> {
    return this.#inner.refuse(error);
  }

  #keyOf(lookup: Lookup<unknown>): string {
    return `${lookup.kind}\u0000${this.#documentKey(lookup.document)}\u0000${JSON.stringify(lookup.variables)}`;
  }

  #documentKey(document: Document): string {
    if (typeof document === 'string') return document;
    let id = this.#documentIds.get(document);
    if (id === undefined) {
      id = this.#nextDocumentId++;
      this.#documentIds.set(document, id);
    }
    return `#${id}`;
  }

  #cached(key: string): { value: unknown } | undefined {
    if (!this.#cache) return undefined;
    const hit = this.#results.get(key);
    if (!hit) return undefined;
    this.#results.delete(key);
    if (hit.expires <= Date.now()) return undefined;
    this.#results.set(key, hit); // most recently used last
    return hit;
  }

  #remember(key: string, value: unknown): void {
    if (!this.#cache) return;
    this.#results.set(key, { value, expires: Date.now() + this.#cache.ttlMs });
    if (this.#results.size > this.#cache.max) {
      const oldest = this.#results.keys().next().value as string;
      this.#results.delete(oldest);
    }
  }
}
