// The package's least-recently-used caches, all made the same way on lru-cache.
import { LRUCache } from 'lru-cache';

export interface LruOptions {
  /** The most entries kept; the least recently used go first. */
  max: number;
  /** How long an entry stays fresh, in ms (rounded up to a whole ms; `Infinity` or none: for ever). */
  ttlMs?: number | undefined;
}

/**
 * The clock of every cache: `Date.now`, looked up at each call, so that a test faking `Date` moves the caches'
 * time too (lru-cache would otherwise hold on to `performance`). Plus one, because lru-cache reads a start time of
 * 0 as "no TTL", and a fake clock may stand at 0.
 */
const clock = { now: () => Date.now() + 1 };

/**
 * A cache of at most `max` entries. The bound is a `maxSize` of entries that each weigh 1, which evicts exactly as
 * `max` would, because lru-cache allocates storage for `max` entries up front: a generous bound (a client's
 * `cache.max` of a million) would cost tens of MB before the first entry. `ttlResolution: 0`: the clock is read at
 * each look-up, with no timer behind a cached reading (fake timers would hold it, and the time with it).
 */
export function lruCache<K extends {}, V extends {}>({ max, ttlMs }: LruOptions): LRUCache<K, V> {
  const ttl = ttlMs === undefined || ttlMs === Number.POSITIVE_INFINITY ? undefined : Math.ceil(ttlMs);
  return new LRUCache<K, V>({
    maxSize: max,
    sizeCalculation: entrySize,
    perf: clock,
    ttlResolution: 0,
    ...(ttl === undefined ? {} : { ttl }),
  });
}

function entrySize(): number {
  return 1;
}
