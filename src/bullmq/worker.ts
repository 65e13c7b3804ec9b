// A worker process's side: takes chunks of lookups off the queue and runs them on its own PyxisClient.
import { type Job, Worker } from 'bullmq';
import { PyxisClient, type PyxisClientOptions } from '../client/index.js';
import {
  checkFunction,
  checkInteger,
  checkOptionsObject,
  InvalidOptionError,
  MAX_TIMER_MS,
  optionNames,
} from '../shared/options.js';
import { checkRateLimit } from '../transport/index.js';
import {
  checkConnectTimeout,
  checkQueueName,
  closeRedis,
  connected,
  DEFAULT_PREFIX,
  openRedis,
  type RedisConnection,
} from './connection.js';
import { FleetRateLimit, type FleetRateLimitOptions } from './fleet-rate.js';
import {
  type ChunkResult,
  decodeArgs,
  LOOKUP_METHODS,
  type LookupCall,
  type LookupChunk,
  type LookupOutcome,
  MAX_CHUNK,
} from './jobs.js';
import { serializeError } from './outcomes.js';
import { DurableRecords } from './store.js';

/** The client's `onEvent` (its type from the client's options: bullmq/ does not import telemetry/). */
type EventHandler = NonNullable<PyxisClientOptions['onEvent']>;

export interface LookupWorkerOptions {
  /** Where the queue lives. */
  connection: RedisConnection;
  /** The queue's name. */
  queue: string;
  /** BullMQ's key prefix. Default `bull`. */
  prefix?: string;
  /**
   * The worker's own client (its retries, cap, deadlines, batching). Auto-batching is on unless `batch: false`,
   * so a chunk's lookups go out as one request.
   */
  client?: PyxisClientOptions;
  /** How many jobs (chunks) the worker runs at once. Default 1. */
  concurrency?: number;
  /**
   * Milliseconds a job stays locked to this worker without a renewal (BullMQ renews it at half this while the
   * job runs). A worker that dies leaves its jobs stalled: another worker takes them up once the lock has expired
   * and its stall check (every `lockDuration` ms) runs. Default 30000.
   */
  lockDuration?: number;
  /**
   * The fleet's budget of requests to Pyxis: at most `requests` HTTP attempts (methods, batches, pages, retries)
   * in any window of `perMs`, across every worker of the queue, kept in Redis (one small script per attempt, on
   * Redis' clock); `burst` caps how many go at once, as the client's `rateLimit` does (1 spaces them evenly).
   * Give every worker of a queue the same. Default: no limit.
   */
  rateLimit?: FleetRateLimitOptions;
  /**
   * BullMQ's limiter: at most `max` jobs start every `duration` ms across every worker of the queue, counted in
   * fixed windows (a sliding window of `duration` may see up to twice `max`). It limits job starts, not requests
   * (a job's pages and retries add requests): for a budget of requests, `rateLimit`. Default: no limit.
   */
  limiter?: { max: number; duration: number };
  /**
   * Milliseconds to wait for the first connection to Redis before `ready()` rejects with a `RedisConnectError`.
   * Default 10000.
   */
  connectTimeout?: number;
}

const WORKER_OPTIONS = optionNames<LookupWorkerOptions>({
  connection: true,
  queue: true,
  prefix: true,
  client: true,
  concurrency: true,
  lockDuration: true,
  rateLimit: true,
  limiter: true,
  connectTimeout: true,
});

/**
 * BullMQ's workers heed a pause set by hand (the limiter key, see EXTEND_QUEUE_PAUSE) only when they have a
 * limiter: without one of the user's, a limit no fleet reaches, so a 429 can still pause everyone.
 */
const NO_LIMIT = { max: 2 ** 31 - 1, duration: 1000 };

/**
 * Pauses the queue the way BullMQ's `queue.rateLimit(ms)` does (the limiter key set to a count no limit allows,
 * expiring when the pause ends, which every worker's next job start checks), except that it never brings the key's
 * expiry forward: a pause only ever grows. `queue.rateLimit` is a plain SET, so a 429 asking 1 s on one worker
 * would end the 5 s pause another worker's 429 had asked for 4 s early. One script, since a read and then a write
 * from two workers at once could still interleave. A limiter window that ends later than the pause asked for
 * (a user's `limiter` with a long `duration`) holds the pause until it ends: a little long, never short.
 */
const EXTEND_QUEUE_PAUSE = `
local ms = tonumber(ARGV[1])
local left = redis.call('PTTL', KEYS[1])
if left > ms then ms = left end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ms)
return ms`;

/** The count BullMQ's `rateLimit` writes into the limiter key: above any limiter's `max`. */
const PAUSED_COUNT = String(Number.MAX_SAFE_INTEGER);

/** How long a 429 without Retry-After pauses the queue, and the longest pause a Retry-After may ask for. */
const DEFAULT_QUEUE_PAUSE_MS = 1000;
const MAX_QUEUE_PAUSE_MS = 30_000;

/** A running worker. */
export interface LookupWorker {
  /** BullMQ's worker (its events: `completed`, `failed`, `stalled`...). */
  readonly worker: Worker<LookupChunk, ChunkResult>;
  /** The client the lookups run on. */
  readonly client: PyxisClient;
  /** Resolves once the worker takes jobs; rejects with a `RedisConnectError` if Redis does not answer in time. */
  ready(): Promise<void>;
  /** How many times an answer of 429 (or 503 with Retry-After) paused the whole queue. */
  readonly queuePauses: number;
  /** Turns the fleet's `rateLimit` gave this worker's attempts (each one HTTP attempt); 0 without one. */
  readonly rateLimitTurns: number;
  /** Takes no new job, finishes the ones it holds, then closes the client and the connection. */
  close(): Promise<void>;
}

/** A malformed job: a typed error for each of its lookups, never a crash of the worker. */
function malformed(reason: string): LookupOutcome {
  return { ok: false, error: serializeError(new TypeError(`pyxis-gql worker: ${reason}`)) };
}

async function runCall(client: PyxisClient, call: LookupCall): Promise<LookupOutcome> {
  if (typeof call !== 'object' || call === null) return malformed('a lookup must be an object');
  if (typeof call.method !== 'string' || !LOOKUP_METHODS.has(call.method)) {
    return malformed(`unknown method ${JSON.stringify(call.method)}`);
  }
  if (!Array.isArray(call.args)) return malformed(`"args" of ${call.method} must be an array`);
  const method = (client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[call.method];
  try {
    return { ok: true, value: await method?.apply(client, decodeArgs(call.args)) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

/**
 * Starts a worker on `queue`: each job carries a chunk of lookups (see jobs.ts), which run at once on the worker's
 * client, and the job's return value holds their outcomes in order. A durable async call's outcome is also written
 * to its record; a call cancelled or cleared before the worker reached it is not run.
 */
export function startLookupWorker(options: LookupWorkerOptions): LookupWorker {
  checkOptionsObject(options, WORKER_OPTIONS, 'startLookupWorker options');
  if (options === undefined) throw new InvalidOptionError('options', options, 'an object');
  const queue = checkQueueName('queue', options.queue);
  const prefix = checkQueueName('prefix', options.prefix ?? DEFAULT_PREFIX);
  const concurrency = checkInteger('concurrency', options.concurrency, { min: 1 }) ?? 1;
  const lockDuration =
    checkInteger('lockDuration', options.lockDuration, { min: 100, max: MAX_TIMER_MS }) ?? 30_000;
  const limiter = checkLimiter(options.limiter);
  // The client's own check of its `rateLimit`: the same shape, names and messages.
  if (options.rateLimit !== undefined) checkRateLimit(options.rateLimit);
  checkFunction('fetch', options.client?.fetch);
  const connectTimeout = checkConnectTimeout(options.connectTimeout);
  checkFunction('onEvent', options.client?.onEvent);
  let pauseQueue: (ms: number) => void = () => {};
  let fleetRate: FleetRateLimit | undefined;
  // The client first: its options are checked before a connection is opened.
  const client = new PyxisClient({
    batch: true,
    ...options.client,
    onEvent: pausingQueueOn429((ms) => pauseQueue(ms), options.client?.onEvent),
    ...(options.rateLimit && { admit: (signal) => fleetRate?.admit(signal) }),
  });
  const opened = openRedis(options.connection);
  if (options.rateLimit) {
    const { requests, perMs, burst } = options.rateLimit;
    fleetRate = new FleetRateLimit(opened.redis, `${prefix}:${queue}:pyxis-rate`, { requests, perMs, burst });
  }
  const ready = connected(opened, connectTimeout);
  // Never connected, the worker holds no job: closing it must not wait for a Redis that is not there.
  let unreachable = false;
  ready.catch(() => {
    unreachable = true;
  });
  const records = new DurableRecords(opened.redis, prefix, queue);

  const process = async (job: Job<LookupChunk, ChunkResult>): Promise<ChunkResult> => {
    const lookups = job.data?.lookups;
    if (!Array.isArray(lookups)) return [malformed('the job has no "lookups" array')];
    if (lookups.length > MAX_CHUNK) {
      return lookups.map(() =>
        malformed(`a job carries at most ${MAX_CHUNK} lookups, this one ${lookups.length}`),
      );
    }
    // Started in one tick, so the client's auto-batching merges them into one request.
    return Promise.all(
      lookups.map(async (call) => {
        const asyncId = call?.asyncId;
        if (typeof asyncId === 'string' && (await records.state(asyncId)) !== 'pending') {
          const skipped: LookupOutcome = { ok: false, skipped: true };
          return skipped;
        }
        const outcome = await runCall(client, call);
        if (typeof asyncId === 'string') await records.complete(asyncId, outcome, Date.now());
        return outcome;
      }),
    );
  };

  const worker = new Worker<LookupChunk, ChunkResult>(queue, process, {
    connection: opened.redis,
    prefix,
    concurrency,
    lockDuration,
    stalledInterval: lockDuration,
    limiter: limiter ?? NO_LIMIT,
  });
  let queuePauses = 0;
  let pausedUntil = 0;
  // The server said "too many" to this worker: no worker of the queue takes a new job for as long as it asked,
  // while this worker's client waits it out and retries (it pauses all of its own requests, see transport/pause).
  // BullMQ deprecates `worker.rateLimit` for `queue.rateLimit`; both can shorten a pause, hence our own script on
  // the same key. Within this worker, a pause that ends sooner than its last one asks Redis nothing.
  pauseQueue = (ms) => {
    const until = Date.now() + ms;
    if (until <= pausedUntil) return;
    pausedUntil = until;
    queuePauses += 1;
    opened.redis.eval(EXTEND_QUEUE_PAUSE, 1, worker.toKey('limiter'), ms, PAUSED_COUNT).catch(() => {});
  };
  // A job that failed for good (its worker died too often, see BullMQ's maxStalledCount) still ends its durable
  // calls, so nobody waits for them forever.
  worker.on('failed', (job, error) => {
    for (const call of job?.data?.lookups ?? []) {
      if (typeof call?.asyncId === 'string') {
        records
          .complete(call.asyncId, { ok: false, error: serializeError(error) }, Date.now())
          .catch(() => {});
      }
    }
  });
  // Errors of the connection are retried by ioredis; BullMQ re-emits them here, where an unheard one would crash.
  worker.on('error', () => {});

  let closing: Promise<void> | undefined;
  return {
    worker,
    client,
    async ready() {
      await ready;
      await worker.waitUntilReady();
    },
    get queuePauses() {
      return queuePauses;
    },
    get rateLimitTurns() {
      return fleetRate?.granted ?? 0;
    },
    close() {
      closing ??= (async () => {
        await worker.close(unreachable);
        await client.close();
        await closeRedis(opened);
      })();
      return closing;
    },
  };
}

function checkLimiter(value: unknown): { max: number; duration: number } | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidOptionError('limiter', value, 'an object { max, duration }');
  }
  checkOptionsObject(
    value,
    optionNames<{ max: number; duration: number }>({ max: true, duration: true }),
    'limiter',
  );
  const { max, duration } = value as { max: unknown; duration: unknown };
  return {
    max: checkInteger('limiter.max', max, { min: 1 }) ?? missing('limiter.max'),
    duration:
      checkInteger('limiter.duration', duration, { min: 1, max: MAX_TIMER_MS }) ??
      missing('limiter.duration'),
  };
}

function missing(option: string): never {
  throw new InvalidOptionError(option, undefined, 'a positive integer');
}

/**
 * The worker client's `onEvent`, watching for the server's "too many": an attempt answered 429 (or 503 with a
 * Retry-After) calls `pause` with the wait it asked for, as the attempt ends, before the client's own retry, then
 * the user's own handler hears of the event. Watching the attempts rather than the errors matters: an error only
 * surfaces once the retries run out, and by then the rest of the fleet would have kept sending all along. Not a
 * wrapped `fetch`: any `fetch` option takes the client off its undici path, which sends 2.65 times as many
 * requests a second (transport/transport.ts); a worker on it measured 1.20 of the in-process wall time against 1.08
 * (`npm run bench -- distributed`, docs/performance.md).
 */
function pausingQueueOn429(pause: (ms: number) => void, base: EventHandler | undefined): EventHandler {
  return (event) => {
    if (event.type === 'request-end' && (event.status === 429 || event.status === 503)) {
      const asked = (event.error as { retryAfter?: unknown } | undefined)?.retryAfter;
      const ms = typeof asked === 'number' ? asked : undefined;
      if (ms !== undefined || event.status === 429) {
        pause(Math.min(Math.max(ms ?? DEFAULT_QUEUE_PAUSE_MS, 1), MAX_QUEUE_PAUSE_MS));
      }
    }
    base?.(event);
  };
}
