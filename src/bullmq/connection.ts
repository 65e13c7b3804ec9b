// The Redis a producer or a worker talks to, and the queue it uses: checked before anything is sent.
import { Redis, type RedisOptions } from 'ioredis';
import { InvalidOptionError } from '../shared/options.js';

/** A `redis://` or `rediss://` URL, ioredis options, or an ioredis client of yours (left open when we close). */
export type RedisConnection = string | RedisOptions | Redis;

/** BullMQ's default key prefix: the queue's keys are `bull:<queue>:...`. */
export const DEFAULT_PREFIX = 'bull';

// BullMQ joins names with ':' into Redis keys; anything beyond this set is a typo or a mistake waiting to happen.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

/** A queue name (or key prefix) refused before anything is sent. */
export function checkQueueName(option: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw new InvalidOptionError(
      option,
      value,
      'a name of letters, digits, "_", "." or "-" (at most 200, starting with a letter or digit)',
    );
  }
  return value;
}

/** A Redis connection of our own (closed with the owner), or the caller's (left open). */
export interface OpenedRedis {
  redis: Redis;
  owned: boolean;
}

/**
 * Opens the connection described by `connection`. BullMQ needs `maxRetriesPerRequest: null` (a command waits for
 * Redis to come back rather than failing after 20 tries), so ours get it.
 */
export function openRedis(connection: unknown): OpenedRedis {
  if (connection instanceof Redis) return { redis: connection, owned: false };
  if (typeof connection === 'string') {
    let url: URL;
    try {
      url = new URL(connection);
    } catch {
      // The URL may hold a password: never quoted.
      throw InvalidOptionError.secret(
        'connection',
        'must be a redis:// or rediss:// URL, and this one does not parse',
      );
    }
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
      throw InvalidOptionError.secret(
        'connection',
        `must be a redis:// or rediss:// URL, not ${url.protocol}//`,
      );
    }
    return { redis: new Redis(connection, { maxRetriesPerRequest: null, lazyConnect: false }), owned: true };
  }
  if (typeof connection === 'object' && connection !== null && !Array.isArray(connection)) {
    return { redis: new Redis({ ...(connection as RedisOptions), maxRetriesPerRequest: null }), owned: true };
  }
  throw InvalidOptionError.secret(
    'connection',
    'must be a redis:// URL, ioredis options or an ioredis client',
  );
}

/** Closes a connection we opened; leaves the caller's open. */
export async function closeRedis(opened: OpenedRedis): Promise<void> {
  if (!opened.owned) return;
  await opened.redis.quit().catch(() => opened.redis.disconnect());
}
