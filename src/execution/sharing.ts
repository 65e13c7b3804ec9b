import type { LRUCache } from 'lru-cache';
import { lruCache } from '../shared/lru.js';
import { abandonable } from '../shared/signals.js';
import type { Document, RequestOptions } from '../transport/index.js';
import type { Lookup, PromiseExecutor } from './lookup.js';

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

/** How many primed results a client without `cache` keeps (the least recently used go first). */
const MAX_PRIMED_WITHOUT_CACHE = 10_000;

/**
 * In-flight de-duplication and an optional result cache: identical lookups (same kind, document and variables) in
 * flight share one request, and with `cache` a fresh result is served without a request at all. Callers sharing a
 * result get the same object: treat results as read-only. Results can also be primed and forgotten (the loaders
 * of `createLoaders` do): a primed result is served like a cached one, until the cache's `ttlMs` passes or, without
 * a cache, until it is forgotten.
 */
export class SharingExecutor implements PromiseExecutor {
  readonly #inner: PromiseExecutor;
  readonly #cache: CacheOptions | undefined;
  readonly #inFlight = new Map<string, InFlight>();
  /** Cached and primed results, wrapped: a result may be `undefined`, which lru-cache does not store. */
  readonly #results: LRUCache<string, { value: unknown }>;
  readonly #documentIds = new WeakMap<object, number>();
  #nextDocumentId = 0;

  /** `cache`: checked by the client's options (`client/options.ts`). */
  constructor(inner: PromiseExecutor, { cache }: { cache?: CacheOptions | undefined } = {}) {
    this.#inner = inner;
    this.#cache = cache;
    // Primed results stay until forgotten without a cache, or until its `ttlMs` passes with one.
    this.#results = lruCache({ max: cache?.max ?? MAX_PRIMED_WITHOUT_CACHE, ttlMs: cache?.ttlMs });
  }

  /**
   * Each caller's signal (its deadline's, too) is its own: it rejects that caller only, and the others still get
   * their result (asked again, if the caller that gave up was the one whose request they shared).
   */
  execute<T>(lookup: Lookup<T>, options: RequestOptions): Promise<T> {
    if (options.signal?.aborted) return Promise.reject(options.signal.reason);
    const key = this.#keyOf(lookup);
    const cached = this.#results.get(key);
    if (cached) return Promise.resolve(cached.value as T);
    const entry = this.#inFlight.get(key);
    if (!entry) return this.#start(key, lookup, options);
    const shared = abandonable(entry.result as Promise<T>, options.signal);
    const owner = entry.signal;
    if (owner === undefined || owner === options.signal) return shared;
    // The request follows its first caller's signal: should that caller give up first, ask again.
    return shared.catch((error: unknown) => {
      if (owner.aborted && error === owner.reason && !options.signal?.aborted) {
        return this.execute(lookup, options);
      }
      throw error;
    });
  }

  /**
   * Sends the lookup, bound to its caller's own signal. A fan-out hands the same signal to every call, so callers
   * that join usually follow the same one; a signal shared by counting callers would cost every call an
   * AbortController and its listeners for a case that is rare.
   */
  #start<T>(key: string, lookup: Lookup<T>, options: RequestOptions): Promise<T> {
    const { signal, timeout, deadlineAt, calls } = options;
    const result = this.#inner.execute(lookup, { timeout, signal, deadlineAt, calls });
    const entry: InFlight = { result, signal };
    this.#inFlight.set(key, entry);
    // A request forgotten while in flight is no longer this key's: its result must not come back as cached.
    const isCurrent = () => this.#inFlight.get(key) === entry;
    result.then(
      (value) => {
        if (!isCurrent()) return;
        this.#inFlight.delete(key);
        this.#remember(key, value);
      },
      () => {
        if (isCurrent()) this.#inFlight.delete(key);
      },
    );
    return result;
  }

  /**
   * Serves `value` for this lookup from now on, as if it had been fetched, unless a result is cached or a request
   * is in flight for it (DataLoader's `prime`). Returns whether it was primed.
   */
  prime(lookup: Lookup<unknown>, value: unknown): boolean {
    const key = this.#keyOf(lookup);
    if (this.#inFlight.has(key) || this.#results.get(key) !== undefined) return false;
    this.#results.set(key, { value });
    return true;
  }

  /** Forgets this lookup's cached or primed result, and its request in flight: the next call asks again. */
  forget(lookup: Lookup<unknown>): void {
    const key = this.#keyOf(lookup);
    this.#results.delete(key);
    this.#inFlight.delete(key);
  }

  /** Forgets every result and request in flight of lookups of this kind (a method's name). */
  forgetKind(kind: string): void {
    const prefix = `${kind}\u0000`;
    for (const store of [this.#results, this.#inFlight]) {
      for (const key of [...store.keys()]) if (key.startsWith(prefix)) store.delete(key);
    }
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

  #remember(key: string, value: unknown): void {
    if (this.#cache) this.#results.set(key, { value });
  }
}
