// The Redis a producer or a worker talks to, and the queue it uses: checked before anything is sent.
import { Redis, type RedisOptions } from 'ioredis';
import { checkInteger, InvalidOptionError, MAX_TIMER_MS } from '../shared/options.js';

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
  /** Where it points, without what a URL may hide (a password): for messages. */
  address: string;
  /** The last connection error ioredis reported (it retries on its own): said when the connect times out. */
  lastError?: Error;
}

/** Milliseconds a producer or a worker waits for its first connection to Redis before it gives up. */
export const DEFAULT_CONNECT_TIMEOUT = 10_000;

/** The `connectTimeout` option: milliseconds, 1 to the longest timer. */
export function checkConnectTimeout(value: unknown): number {
  return checkInteger('connectTimeout', value, { min: 1, max: MAX_TIMER_MS }) ?? DEFAULT_CONNECT_TIMEOUT;
}

/**
 * Redis did not answer within the connect timeout: unreachable, refusing, or not Redis. Only the first connection
 * is bounded: once connected, a Redis that goes away is waited for (ioredis reconnects, and BullMQ's commands wait
 * for it), since a restart must not lose a run.
 */
export class RedisConnectError extends Error {
  override name = 'RedisConnectError';
  /** `redis://host:port`: never the password. */
  readonly address: string;
  /** The connect timeout that ran out, in milliseconds. */
  readonly timeout: number;

  constructor(address: string, timeout: number, reason: string | undefined) {
    super(
      `cannot connect to Redis at ${address} within ${timeout} ms${reason ? ` (${reason})` : ''}: is redis-server running there?`,
    );
    this.address = address;
    this.timeout = timeout;
  }
}

/** Resolves once the connection is ready; rejects with a `RedisConnectError` after `timeout` ms without it. */
export function connected(opened: OpenedRedis, timeout: number): Promise<void> {
  const { redis } = opened;
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      // Ours stops retrying, so its queued commands fail now instead of waiting for a Redis that is not there.
      if (opened.owned) redis.disconnect();
      reject(new RedisConnectError(opened.address, timeout, reasonOf(opened.lastError)));
    }, timeout);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/** An ioredis error in a few words; its messages name host and port at most, never a password. */
function reasonOf(error: Error | undefined): string | undefined {
  if (error === undefined) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? error.message.slice(0, 200);
}

/** `redis://host:port` of a connection, for messages. */
function addressOf(redis: Redis): string {
  const { host, port, tls } = redis.options;
  return `${tls ? 'rediss' : 'redis'}://${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/** Our connection's errors are retried by ioredis; unheard, ioredis prints each one on stderr. */
function owned(redis: Redis): OpenedRedis {
  const opened: OpenedRedis = { redis, owned: true, address: addressOf(redis) };
  redis.on('error', (error: Error) => {
    opened.lastError = error;
  });
  return opened;
}

/**
 * Opens the connection described by `connection`. BullMQ needs `maxRetriesPerRequest: null` (a command waits for
 * Redis to come back rather than failing after 20 tries), so ours get it.
 */
export function openRedis(connection: unknown): OpenedRedis {
  if (connection instanceof Redis) return { redis: connection, owned: false, address: addressOf(connection) };
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
    return owned(new Redis(connection, { maxRetriesPerRequest: null, lazyConnect: false }));
  }
  if (typeof connection === 'object' && connection !== null && !Array.isArray(connection)) {
    return owned(new Redis({ ...(connection as RedisOptions), maxRetriesPerRequest: null }));
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
