// A worker process's side: takes chunks of lookups off the queue and runs them on its own PyxisClient.
import { type Job, Worker } from 'bullmq';
import { PyxisClient, type PyxisClientOptions } from '../client/index.js';
import {
  checkInteger,
  checkOptionsObject,
  InvalidOptionError,
  MAX_TIMER_MS,
  optionNames,
} from '../shared/options.js';
import { checkQueueName, closeRedis, DEFAULT_PREFIX, openRedis, type RedisConnection } from './connection.js';
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
}

const WORKER_OPTIONS = optionNames<LookupWorkerOptions>({
  connection: true,
  queue: true,
  prefix: true,
  client: true,
  concurrency: true,
  lockDuration: true,
});

/** A running worker. */
export interface LookupWorker {
  /** BullMQ's worker (its events: `completed`, `failed`, `stalled`...). */
  readonly worker: Worker<LookupChunk, ChunkResult>;
  /** The client the lookups run on. */
  readonly client: PyxisClient;
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
  const client = new PyxisClient({ batch: true, ...options.client });
  const opened = openRedis(options.connection);
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
  });
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
    close() {
      closing ??= (async () => {
        await worker.close();
        await client.close();
        await closeRedis(opened);
      })();
      return closing;
    },
  };
}
