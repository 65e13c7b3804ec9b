// Where the queue is, for `worker` and for the lookup commands' `--redis`; and the optional peers that serve it.
import { UsageError } from './errors.js';

/** The queue a worker and its producers use unless told otherwise. */
export const DEFAULT_QUEUE = 'pyxis';

/** The options that say where the queue is, for `worker` and for the lookup commands' `--redis`. */
export interface QueueCommandOptions {
  redis?: string;
  queue: string;
  /** Milliseconds to wait for the first connection to Redis. */
  redisTimeout: number;
}

/** Where the worker listens, without what a URL may hide (a password). */
export function describeRedis(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'Redis';
  }
}

export async function loadBullmq(): Promise<typeof import('../bullmq/index.js')> {
  try {
    // Loaded here: bullmq and ioredis are optional peers, and the other commands do without them.
    return await import('../bullmq/index.js');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new UsageError(
        'pyxis-gql worker and --redis need the bullmq and ioredis packages: npm install bullmq ioredis',
      );
    }
    throw error;
  }
}
