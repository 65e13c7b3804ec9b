// A fan-out whose lookups run on the workers (worker.ts) instead of in this process: the same `gather` and
// `asCompleted` (input or completion order, `skip`, `settle`, a signal, progress) over tasks that call the methods
// of `fleet.pyxis`. Each call joins a chunk of up to MAX_CHUNK lookups, one BullMQ job that a worker sends as one
// batched request; the outcomes come back on the queue's one event stream.
import { randomUUID } from 'node:crypto';
import { Queue, type QueueEvents } from 'bullmq';
import type { CallOptions, Executor, Lookup } from '../execution/index.js';
import {
  type AsCompletedIterator,
  asCompleted,
  type FanoutOptions,
  gather,
  type ResultOf,
  type SettledResult,
  type TaskInput,
} from '../fanout/index.js';
import { PyxisMethods } from '../pyxis/index.js';
import { checkOptionsObject, InvalidOptionError, optionNames } from '../shared/options.js';
import { onAbort } from '../shared/signals.js';
import { type CallRecorder, CHECK_ONLY_PAGING, currentCall, recordCalls } from './calls.js';
import {
  checkConnectTimeout,
  checkQueueName,
  closeRedis,
  connected,
  DEFAULT_PREFIX,
  type OpenedRedis,
  openRedis,
  type RedisConnection,
} from './connection.js';
import { listenToQueue } from './events.js';
import {
  type ChunkResult,
  encodeArgs,
  jobName,
  type LookupCall,
  type LookupChunk,
  type LookupOutcome,
  MAX_CHUNK,
} from './jobs.js';
import { deserializeError } from './outcomes.js';

export interface DistributedFanoutOptions {
  /** Where the queue lives. */
  connection: RedisConnection;
  /** The queue the workers (`startLookupWorker`, `pyxis-gql worker`) take the lookups from. */
  queue: string;
  /** BullMQ's key prefix. Default `bull`. */
  prefix?: string;
  /**
   * Milliseconds to wait for the first connection to Redis: past it, the lookups fail with a `RedisConnectError`.
   * Default 10000.
   */
  connectTimeout?: number;
}

const DISTRIBUTED_OPTIONS = optionNames<DistributedFanoutOptions>({
  connection: true,
  queue: true,
  prefix: true,
  connectTimeout: true,
});

/**
 * Lookups in flight by default: enough whole chunks to keep a fleet busy (20 chunks of 50), where the in-process
 * default of 16 would fill a single chunk and leave every worker but one idle.
 */
export const DISTRIBUTED_CONCURRENCY = 20 * MAX_CHUNK;

/** How long BullMQ keeps a finished chunk for dashboards: its outcomes reached us on the event stream. */
const KEEP_FINISHED = { age: 3600, count: 1000 };

/** A chunk whose job failed for good on the workers (its worker died too often, say): each of its lookups fails so. */
export class DistributedJobError extends Error {
  override name = 'DistributedJobError';
  /** The BullMQ job that carried the lookup. */
  readonly jobId: string;

  constructor(jobId: string, failedReason: string) {
    super(`the job ${jobId} that carried this lookup failed on the workers: ${failedReason}`);
    this.jobId = jobId;
  }
}

/** One lookup waiting for its outcome. */
interface Pending {
  call: LookupCall;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
  /** Set once the caller gave up on it (its signal aborted): its outcome is dropped. */
  dropped: boolean;
  /** The job that carries it, once sent. */
  jobId?: string;
}

/** A chunk on the queue: its lookups, in the job's order. */
interface SentChunk {
  lookups: Pending[];
  /** Lookups not dropped: at 0, the job is removed if no worker has started it. */
  live: number;
}

/**
 * Puts calls into chunks and chunks on the queue, and settles each call from its chunk's outcome. Calls made in
 * one turn of the event loop share chunks: a fan-out starts its tasks together, so they go out 50 to a job.
 */
class ChunkDispatcher {
  readonly #opened: OpenedRedis;
  readonly #queue: Queue<LookupChunk, ChunkResult>;
  readonly #prefix: string;
  readonly #queueName: string;
  readonly #connected: Promise<void>;
  #events: Promise<QueueEvents> | undefined;
  /** Calls waiting for the end of this turn, when they are sent. */
  #buffer: Pending[] = [];
  #flushScheduled = false;
  /** Chunks sent and not yet finished, by job id. */
  readonly #sent = new Map<string, SentChunk>();
  /** Sends under way, so that close() waits for them. */
  readonly #sending = new Set<Promise<void>>();
  #closed = false;

  constructor(opened: OpenedRedis, prefix: string, queue: string, connectTimeout: number) {
    this.#opened = opened;
    this.#prefix = prefix;
    this.#queueName = queue;
    this.#connected = connected(opened, connectTimeout);
    this.#connected.catch(() => {});
    this.#queue = new Queue<LookupChunk, ChunkResult>(queue, { connection: opened.redis, prefix });
    this.#queue.on('error', () => {});
  }

  /** Connected, and reading the event stream; rejects with a `RedisConnectError` when Redis does not answer. */
  async ready(): Promise<void> {
    await this.#connected;
    this.#events ??= this.#listen();
    await this.#events;
  }

  /** `call` run on a worker: its value, or its error as the same typed error, or the signal's reason. */
  dispatch(call: LookupCall, signal: AbortSignal | undefined): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('pyxis-gql/bullmq: the distributed fan-out is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const pending: Pending = { call, resolve, reject, dropped: false };
      if (signal) {
        // Through onAbort: thousands of calls may follow one signal of the caller's.
        const unfollow = onAbort(signal, () => this.#drop(pending, signal.reason));
        pending.resolve = (value) => {
          unfollow();
          resolve(value);
        };
        pending.reject = (reason) => {
          unfollow();
          reject(reason);
        };
      }
      this.#buffer.push(pending);
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Sends what this turn gathered, in chunks of up to MAX_CHUNK (a dropped call is not sent at all). */
  #flush(): void {
    this.#flushScheduled = false;
    const calls = this.#buffer.filter((pending) => !pending.dropped);
    this.#buffer = [];
    if (calls.length === 0) return;
    const jobs: Array<{ id: string; chunk: LookupChunk }> = [];
    for (let start = 0; start < calls.length; start += MAX_CHUNK) {
      const lookups = calls.slice(start, start + MAX_CHUNK);
      const id = randomUUID();
      // Known before the job is added: a worker may finish it before `addBulk` answers.
      this.#sent.set(id, { lookups, live: lookups.length });
      for (const pending of lookups) pending.jobId = id;
      jobs.push({ id, chunk: { lookups: lookups.map((pending) => pending.call) } });
    }
    const sending = this.#send(jobs);
    this.#sending.add(sending);
    sending.finally(() => this.#sending.delete(sending));
  }

  async #send(jobs: Array<{ id: string; chunk: LookupChunk }>): Promise<void> {
    try {
      await this.ready();
      await this.#queue.addBulk(
        jobs.map(({ id, chunk }) => ({
          name: jobName(chunk),
          data: chunk,
          opts: { jobId: id, removeOnComplete: KEEP_FINISHED, removeOnFail: KEEP_FINISHED },
        })),
      );
    } catch (error) {
      for (const { id } of jobs) this.#settleAll(id, () => error);
      return;
    }
    // Every lookup of a chunk was dropped while it was being added: it leaves the queue now.
    for (const { id } of jobs) if (this.#sent.get(id)?.live === 0) void this.#remove(id);
  }

  #listen(): Promise<QueueEvents> {
    const events = listenToQueue(this.#opened, this.#prefix, this.#queueName, {
      completed: (jobId, returnvalue) => this.#completed(jobId, returnvalue),
      failed: (jobId, reason) => this.#settleAll(jobId, () => new DistributedJobError(jobId, reason)),
    });
    events.catch(() => {});
    return events;
  }

  #completed(jobId: string, returnvalue: unknown): void {
    const chunk = this.#sent.get(jobId);
    if (chunk === undefined) return; // another producer's job, or one we gave up on
    this.#sent.delete(jobId);
    const outcomes = Array.isArray(returnvalue) ? (returnvalue as LookupOutcome[]) : [];
    chunk.lookups.forEach((pending, index) => {
      if (pending.dropped) return;
      const outcome = outcomes[index];
      if (outcome?.ok === true) pending.resolve(outcome.value);
      else if (outcome !== undefined && 'error' in outcome) pending.reject(deserializeError(outcome.error));
      else pending.reject(new DistributedJobError(jobId, 'the worker answered no outcome for this lookup'));
    });
  }

  #settleAll(jobId: string, reason: () => unknown): void {
    const chunk = this.#sent.get(jobId);
    if (chunk === undefined) return;
    this.#sent.delete(jobId);
    for (const pending of chunk.lookups) if (!pending.dropped) pending.reject(reason());
  }

  /** The caller gave up on a call: it fails at once, and its chunk leaves the queue once none of it is wanted. */
  #drop(pending: Pending, reason: unknown): void {
    if (pending.dropped) return;
    pending.dropped = true;
    pending.reject(reason);
    const { jobId } = pending;
    const chunk = jobId === undefined ? undefined : this.#sent.get(jobId);
    if (chunk === undefined || jobId === undefined) return;
    chunk.live -= 1;
    if (chunk.live === 0) void this.#remove(jobId);
  }

  /** Removes a chunk no worker has started (a started one is locked: it runs, and its outcome is dropped). */
  async #remove(jobId: string): Promise<void> {
    const removed = await this.#queue.remove(jobId).catch(() => 0);
    this.#removed += removed === 1 ? 1 : 0;
  }

  #removed = 0;

  /** Chunks removed from the queue because nobody wanted them any more. */
  get removedChunks(): number {
    return this.#removed;
  }

  /** Chunks on the queue whose outcome is awaited. */
  get chunksInFlight(): number {
    return this.#sent.size;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled(this.#sending);
    const events = await this.#events?.catch(() => undefined);
    await events?.close();
    await this.#queue.close();
    await closeRedis(this.#opened);
  }
}

/** Each call becomes a lookup for the workers; the promise settles with its outcome. */
class DistributedExecutor implements Executor, CallRecorder {
  call: CallRecorder['call'];
  readonly #dispatcher: ChunkDispatcher;

  constructor(dispatcher: ChunkDispatcher) {
    this.#dispatcher = dispatcher;
  }

  execute<T>(_lookup: Lookup<T>, options: CallOptions): Promise<T> {
    const { method, args } = currentCall(this);
    // The signal stays here (it cannot travel): aborting it drops the lookup, and its chunk if none is wanted.
    return this.#dispatcher.dispatch({ method, args: encodeArgs(args) }, options.signal) as Promise<T>;
  }

  refuse(error: unknown): Promise<never> {
    return Promise.reject(error);
  }
}

/**
 * The Pyxis methods, run by the workers: each returns a promise of the value (or rejects with the same typed error)
 * as `PyxisClient`'s do. Arguments are checked here, before anything is sent.
 */
export class DistributedPyxis extends PyxisMethods<'default'> {
  readonly context = 'default' as const;

  /** @internal */
  constructor(executor: DistributedExecutor) {
    super(executor, CHECK_ONLY_PAGING);
    recordCalls(this, executor);
  }
}

/** A fan-out over the workers of one queue: see `createDistributedFanout`. */
export class DistributedFanout {
  /** The methods whose calls the workers run; call them in the tasks given to `gather` and `asCompleted`. */
  readonly pyxis: DistributedPyxis;
  readonly queue: string;
  readonly #dispatcher: ChunkDispatcher;

  /** @internal Users call `createDistributedFanout()`. */
  constructor(dispatcher: ChunkDispatcher, queue: string) {
    this.#dispatcher = dispatcher;
    this.queue = queue;
    this.pyxis = new DistributedPyxis(new DistributedExecutor(dispatcher));
  }

  /** `gather` from pyxis-gql, with `concurrency` defaulting to DISTRIBUTED_CONCURRENCY lookups in flight. */
  gather<Tasks extends TaskInput<unknown>>(
    tasks: Tasks,
    options: FanoutOptions<ResultOf<Tasks>> & { readonly settle: true },
  ): Promise<SettledResult<ResultOf<Tasks>>[]>;
  gather<Tasks extends TaskInput<unknown>>(
    tasks: Tasks,
    options?: FanoutOptions<ResultOf<Tasks>> & { readonly settle?: false },
  ): Promise<ResultOf<Tasks>[]>;
  gather(tasks: TaskInput<unknown>, options?: FanoutOptions<unknown>): Promise<unknown[]> {
    return gather(tasks, withDefaultConcurrency(options) as FanoutOptions<unknown> & { settle?: false });
  }

  /** `asCompleted` from pyxis-gql, with `concurrency` defaulting to DISTRIBUTED_CONCURRENCY lookups in flight. */
  asCompleted<Tasks extends TaskInput<unknown>>(
    tasks: Tasks,
    options: FanoutOptions<ResultOf<Tasks>> & { readonly settle: true },
  ): AsCompletedIterator<SettledResult<ResultOf<Tasks>>>;
  asCompleted<Tasks extends TaskInput<unknown>>(
    tasks: Tasks,
    options?: FanoutOptions<ResultOf<Tasks>> & { readonly settle?: false },
  ): AsCompletedIterator<ResultOf<Tasks>>;
  asCompleted(tasks: TaskInput<unknown>, options?: FanoutOptions<unknown>): AsCompletedIterator<unknown> {
    return asCompleted(tasks, withDefaultConcurrency(options) as FanoutOptions<unknown> & { settle?: false });
  }

  /**
   * Resolves once connected to Redis and reading the queue's events (the first lookup waits for the same);
   * rejects with a `RedisConnectError` when Redis does not answer within `connectTimeout`.
   */
  ready(): Promise<void> {
    return this.#dispatcher.ready();
  }

  /** Chunks on the queue whose outcome this process awaits. */
  get chunksInFlight(): number {
    return this.#dispatcher.chunksInFlight;
  }

  /** Chunks removed from the queue before any worker started them, because their lookups were given up. */
  get removedChunks(): number {
    return this.#dispatcher.removedChunks;
  }

  /** Waits for the chunks being added, then closes the queue, its event stream and our connection. */
  close(): Promise<void> {
    return this.#dispatcher.close();
  }
}

function withDefaultConcurrency(options: FanoutOptions<unknown> | undefined): unknown {
  if (options === undefined) return { concurrency: DISTRIBUTED_CONCURRENCY };
  // Anything but an object is the fan-out's own error to report.
  if (typeof options !== 'object' || options === null || 'concurrency' in options) return options;
  return { ...options, concurrency: DISTRIBUTED_CONCURRENCY };
}

/**
 * A fan-out whose lookups the workers of `queue` run. Tasks call the methods of `fleet.pyxis` with the signal
 * they are given:
 *
 * ```ts
 * const fleet = createDistributedFanout({ connection: 'redis://127.0.0.1:6379', queue: 'pyxis' });
 * const repositories = await fleet.gather(paths.map((path) => (signal) => fleet.pyxis.getRepositoryByPath(path, { signal })));
 * ```
 *
 * Aborting (the fan-out's `signal`, a failure without `settle`, leaving a `for await` early) removes the chunks no
 * worker has started yet.
 */
export function createDistributedFanout(options: DistributedFanoutOptions): DistributedFanout {
  checkOptionsObject(options, DISTRIBUTED_OPTIONS, 'createDistributedFanout options');
  if (options === undefined) throw new InvalidOptionError('options', options, 'an object');
  const queue = checkQueueName('queue', options.queue);
  const prefix = checkQueueName('prefix', options.prefix ?? DEFAULT_PREFIX);
  const connectTimeout = checkConnectTimeout(options.connectTimeout);
  const dispatcher = new ChunkDispatcher(openRedis(options.connection), prefix, queue, connectTimeout);
  return new DistributedFanout(dispatcher, queue);
}
