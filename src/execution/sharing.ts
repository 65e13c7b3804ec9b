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

/**
 * The requests in flight of one kind and document, by their variables' JSON. Lookups are found by kind, then
 * document, then variables, rather than by one key made of the three: a fan-out's thousands of lookups in flight
 * would each hold a new concatenated key (two to three times the JSON), which the collector copies while they wait.
 */
type Bucket = Map<string, InFlight>;

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
  /** Requests in flight by kind, then by document (its part of the key). */
  readonly #inFlight = new Map<string, Map<string, Bucket>>();
  /** Cached and primed results, wrapped: a result may be `undefined`, which lru-cache does not store. */
  readonly #results: LRUCache<string, { value: unknown }>;
  /** Each parsed document's part of the key (`#3`), made once. */
  readonly #documentKeys = new WeakMap<object, string>();
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
    const documentKey = this.#documentKey(lookup.document);
    const variablesKey = JSON.stringify(lookup.variables);
    // Most clients cache nothing and prime nothing: a miss in an empty cache is not worth a key.
    if (this.#results.size > 0) {
      const cached = this.#results.get(resultKey(lookup.kind, documentKey, variablesKey));
      if (cached) return Promise.resolve(cached.value as T);
    }
    const bucket = this.#bucketOf(lookup.kind, documentKey);
    const entry = bucket.get(variablesKey);
    if (!entry) return this.#start(bucket, lookup, documentKey, variablesKey, options);
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
  #start<T>(
    bucket: Bucket,
    lookup: Lookup<T>,
    documentKey: string,
    variablesKey: string,
    options: RequestOptions,
  ): Promise<T> {
    const result = this.#inner.execute(lookup, options);
    const entry: InFlight = { result, signal: options.signal };
    bucket.set(variablesKey, entry);
    // A request forgotten while in flight is no longer this key's: its result must not come back as cached.
    const settle = (): boolean => {
      if (bucket.get(variablesKey) !== entry) return false;
      bucket.delete(variablesKey);
      if (bucket.size === 0) this.#dropBucket(lookup.kind, documentKey, bucket);
      return true;
    };
    // Without a cache one closure serves both outcomes: a fan-out keeps thousands of these alive at once.
    const fulfilled = this.#cache
      ? (value: T) => {
          if (settle()) this.#remember(resultKey(lookup.kind, documentKey, variablesKey), value);
        }
      : settle;
    result.then(fulfilled, settle);
    return result;
  }

  #bucketOf(kind: string, documentKey: string): Bucket {
    let documents = this.#inFlight.get(kind);
    if (documents === undefined) {
      documents = new Map();
      this.#inFlight.set(kind, documents);
    }
    let bucket = documents.get(documentKey);
    if (bucket === undefined) {
      bucket = new Map();
      documents.set(documentKey, bucket);
    }
    return bucket;
  }

  /** An empty bucket goes: raw-string documents are many, and each would otherwise keep its own. */
  #dropBucket(kind: string, documentKey: string, bucket: Bucket): void {
    const documents = this.#inFlight.get(kind);
    if (documents?.get(documentKey) === bucket) documents.delete(documentKey);
  }

  /**
   * Serves `value` for this lookup from now on, as if it had been fetched, unless a result is cached or a request
   * is in flight for it (DataLoader's `prime`). Returns whether it was primed.
   */
  prime(lookup: Lookup<unknown>, value: unknown): boolean {
    const documentKey = this.#documentKey(lookup.document);
    const variablesKey = JSON.stringify(lookup.variables);
    const key = resultKey(lookup.kind, documentKey, variablesKey);
    const inFlight = this.#inFlight.get(lookup.kind)?.get(documentKey)?.has(variablesKey) ?? false;
    if (inFlight || this.#results.get(key) !== undefined) return false;
    this.#results.set(key, { value });
    return true;
  }

  /** Forgets this lookup's cached or primed result, and its request in flight: the next call asks again. */
  forget(lookup: Lookup<unknown>): void {
    const documentKey = this.#documentKey(lookup.document);
    const variablesKey = JSON.stringify(lookup.variables);
    this.#results.delete(resultKey(lookup.kind, documentKey, variablesKey));
    const bucket = this.#inFlight.get(lookup.kind)?.get(documentKey);
    if (!bucket) return;
    bucket.delete(variablesKey);
    if (bucket.size === 0) this.#dropBucket(lookup.kind, documentKey, bucket);
  }

  /** Forgets every result and request in flight of lookups of this kind (a method's name). */
  forgetKind(kind: string): void {
    const prefix = `${kind}\u0000`;
    for (const key of [...this.#results.keys()]) if (key.startsWith(prefix)) this.#results.delete(key);
    // A paged lookup's kind carries its caps after the method's name (`findImagesByNvr\u0000...`).
    for (const [inFlightKind, documents] of [...this.#inFlight]) {
      if (inFlightKind !== kind && !inFlightKind.startsWith(prefix)) continue;
      // Emptied, not only dropped: a request still in flight must find itself gone from its bucket when it settles.
      for (const bucket of documents.values()) bucket.clear();
      this.#inFlight.delete(inFlightKind);
    }
  }

  refuse(error: unknown): Promise<never> {
    return this.#inner.refuse(error);
  }

  #documentKey(document: Document): string {
    if (typeof document === 'string') return document;
    let key = this.#documentKeys.get(document);
    if (key === undefined) {
      key = `#${this.#nextDocumentId++}`;
      this.#documentKeys.set(document, key);
    }
    return key;
  }

  #remember(key: string, value: unknown): void {
    if (this.#cache) this.#results.set(key, { value });
  }
}

/** A lookup's key in the cache of results: its kind, document and variables. */
function resultKey(kind: string, documentKey: string, variablesKey: string): string {
  return `${kind}\u0000${documentKey}\u0000${variablesKey}`;
}
