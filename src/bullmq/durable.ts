// Durable async execution: the async context's jobs, kept in Redis instead of this process's memory. A call
// returns an `AsyncJob` at once; a worker (worker.ts) runs it; any process that knows the id reads it later.
import { randomUUID } from 'node:crypto';
import { Queue, type QueueEvents } from 'bullmq';
import { PyxisClientClosedError } from '../errors/index.js';
import {
  AsyncJob,
  AsyncJobCancelError,
  AsyncJobClearError,
  AsyncJobResultError,
  type AsyncJobStatus,
  AsyncJobStatusError,
  type AsyncJobStore,
  type CallOptions,
  checkListOptions,
  type Executor,
  type ListJobsOptions,
  type Lookup,
  toEpochMs,
} from '../execution/index.js';
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
import { encodeArgs, jobName, type LookupChunk } from './jobs.js';
import { deserializeError } from './outcomes.js';
import { DurableRecords, type StoredOutcome } from './store.js';

export interface DurableAsyncExecutionOptions {
  /** Where the queue and the jobs' records live. */
  connection: RedisConnection;
  /** The queue the workers (`startLookupWorker`) take the jobs from. */
  queue: string;
  /** BullMQ's key prefix. Default `bull`. */
  prefix?: string;
  /**
   * Milliseconds to wait for the first connection to Redis: past it, every call on the context fails with a
   * `RedisConnectError` instead of waiting for a Redis that is not there. Default 10000.
   */
  connectTimeout?: number;
}

const DURABLE_OPTIONS = optionNames<DurableAsyncExecutionOptions>({
  connection: true,
  queue: true,
  prefix: true,
  connectTimeout: true,
});

/** How long BullMQ keeps a finished job for dashboards; the outcome itself lives in our record until fetched. */
const KEEP_FINISHED = { age: 24 * 3600, count: 1000 };

/** Aborting a job ends it with an error named `AbortError`, as the in-memory context's do. */
function abortError(id: string): Error {
  const error = new Error(`job ${id} was cancelled`);
  error.name = 'AbortError';
  return error;
}

/** The jobs of one queue, as an `AsyncJob` reads them. */
class DurableJobStore implements AsyncJobStore {
  readonly records: DurableRecords;
  readonly #queue: Queue<LookupChunk>;
  readonly #opened: OpenedRedis;
  readonly #prefix: string;
  readonly #queueName: string;
  /** Submissions in flight, and those that failed (kept so the job's next call says why). */
  readonly #submissions = new Map<string, Promise<void>>();
  /** Who waits for which job to finish, woken by this process's changes and the queue's events. */
  readonly #waiters = new Map<string, Set<() => void>>();
  #events: Promise<QueueEvents> | undefined;
  #closed = false;
  /** The first connection: every operation waits for it, and fails with its error. */
  readonly #connected: Promise<void>;

  constructor(opened: OpenedRedis, prefix: string, queue: string, connectTimeout: number) {
    this.#opened = opened;
    this.#connected = connected(opened, connectTimeout);
    this.#connected.catch(() => {});
    this.#prefix = prefix;
    this.#queueName = queue;
    this.records = new DurableRecords(opened.redis, prefix, queue);
    this.#queue = new Queue<LookupChunk>(queue, { connection: opened.redis, prefix });
    this.#queue.on('error', () => {});
  }

  /** Registers the job, then queues it; every later call on the id waits for this first. */
  submit(chunk: LookupChunk, id: string): void {
    const submission = (async () => {
      await this.#connected;
      await this.records.register(id, Date.now());
      await this.#queue.add(jobName(chunk), chunk, {
        jobId: id,
        removeOnComplete: KEEP_FINISHED,
        removeOnFail: KEEP_FINISHED,
      });
    })();
    this.#submissions.set(id, submission);
    submission.then(
      () => this.#submissions.delete(id),
      () => {},
    );
  }

  async #ready(id: string): Promise<void> {
    await this.#open();
    await this.#submissions.get(id);
  }

  /** Waits for the first connection; after `close()`, fails with a typed error rather than Redis' own. */
  async #open(): Promise<void> {
    if (this.#closed) throw new PyxisClientClosedError();
    await this.#connected;
  }

  async status(id: string): Promise<AsyncJobStatus> {
    await this.#ready(id);
    const read = await this.records.read(id);
    if (!read.found) throw new AsyncJobStatusError(`job ${id} not found`, 404);
    return read.state;
  }

  async result(id: string): Promise<unknown> {
    await this.#ready(id);
    const read = await this.records.take(id);
    if (!read.found) throw new AsyncJobResultError(`job ${id} not found`, 404);
    if (read.outcome === undefined) throw new AsyncJobResultError(`job ${id} not done`, 204);
    this.#submissions.delete(id);
    return unwrap(id, read.state, read.outcome);
  }

  async finished(id: string): Promise<void> {
    await this.#ready(id);
    await this.#listen();
    for (;;) {
      // Listening first, then reading: a change between the two wakes the wait instead of being missed.
      let wake!: () => void;
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
      });
      this.#addWaiter(id, wake);
      try {
        const read = await this.records.read(id);
        if (!read.found) throw new AsyncJobResultError(`job ${id} not found`, 404);
        if (read.outcome !== undefined) return;
        await woken;
      } finally {
        this.#removeWaiter(id, wake);
      }
    }
  }

  async cancel(id: string, ignoreMissing: boolean): Promise<boolean> {
    await this.#ready(id);
    const answer = await this.records.cancel(id, Date.now());
    if (answer === 'missing') {
      if (ignoreMissing) return false;
      throw new AsyncJobCancelError(`job ${id} not found`, 404);
    }
    if (answer === 'finished') return false;
    this.#wake(id);
    // A job still waiting leaves the queue, so no worker runs it; a running one ends on its worker, unheard.
    await this.#queue.remove(id).catch(() => 0);
    return true;
  }

  async clear(id: string, ignoreMissing: boolean): Promise<boolean> {
    const pending = this.#submissions.get(id);
    this.#submissions.delete(id);
    await pending?.catch(() => {});
    await this.#open();
    if (await this.records.clear(id)) {
      this.#wake(id);
      return true;
    }
    if (ignoreMissing) return false;
    throw new AsyncJobClearError(`job ${id} not found`, 404);
  }

  async list(options: ListJobsOptions | undefined): Promise<string[]> {
    const { status, count } = checkListOptions(options);
    await this.#open();
    await Promise.allSettled(this.#submissions.values());
    return this.records.list(status, count);
  }

  async clearAll(options: { threshold?: Date | number }): Promise<void> {
    const threshold = toEpochMs(options.threshold);
    await this.#open();
    await Promise.allSettled(this.#submissions.values());
    await this.records.clearAll(threshold);
  }

  /** The queue's event stream, from now on: a job's end wakes whoever waits for it. */
  #listen(): Promise<QueueEvents> {
    this.#events ??= listenToQueue(this.#opened, this.#prefix, this.#queueName, {
      completed: (jobId) => this.#wake(jobId),
      failed: (jobId) => this.#wake(jobId),
      removed: (jobId) => this.#wake(jobId),
    });
    return this.#events;
  }

  #addWaiter(id: string, wake: () => void): void {
    const set = this.#waiters.get(id) ?? new Set();
    this.#waiters.set(id, set);
    set.add(wake);
  }

  #removeWaiter(id: string, wake: () => void): void {
    const set = this.#waiters.get(id);
    set?.delete(wake);
    if (set?.size === 0) this.#waiters.delete(id);
  }

  #wake(id: string): void {
    for (const wake of this.#waiters.get(id) ?? []) wake();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled(this.#submissions.values());
    const events = await this.#events?.catch(() => undefined);
    await events?.close();
    await this.#queue.close();
    await closeRedis(this.#opened);
  }
}

function unwrap(id: string, state: AsyncJobStatus, outcome: StoredOutcome): unknown {
  if (state === 'cancelled' || 'cancelled' in outcome || 'skipped' in outcome) throw abortError(id);
  if (outcome.ok) return outcome.value;
  throw deserializeError(outcome.error);
}

/** Turns each call into a queued job and returns its `AsyncJob` at once. */
class DurableExecutor implements Executor, CallRecorder {
  readonly #store: DurableJobStore;
  call: CallRecorder['call'];

  constructor(store: DurableJobStore) {
    this.#store = store;
  }

  execute<T>(_lookup: Lookup<T>, options: CallOptions): AsyncJob<T> {
    const call = currentCall(this);
    const id = randomUUID();
    this.#store.submit({ lookups: [{ method: call.method, args: encodeArgs(call.args), asyncId: id }] }, id);
    const job = AsyncJob.create<T>(id, this.#store);
    // A signal cannot travel to the worker: aborting it cancels the job instead.
    const signal = options.signal;
    if (signal) {
      const cancel = () => void job.cancel({ ignoreMissing: true }).catch(() => {});
      if (signal.aborted) cancel();
      else {
        // A job that ended has nothing left to cancel. Followed until then only: a long-lived signal (a
        // service's) would otherwise hold every job it was ever given, until it aborts.
        const unfollow = onAbort(signal, cancel);
        this.#store.finished(id).then(unfollow, unfollow);
      }
    }
    return job;
  }

  refuse(error: unknown): never {
    throw error;
  }
}

/**
 * The async execution context with durable jobs: the same methods and the same `AsyncJob` contract as
 * `pyxis.beginAsyncExecution()`, but each call becomes a BullMQ job that a worker runs, and the job's state and
 * outcome live in Redis under an id (a UUID) that any process can read. The job store is the queue's: every
 * context on the same queue sees the same jobs.
 */
export class DurableAsyncPyxisClient extends PyxisMethods<'async'> {
  readonly context = 'async' as const;
  readonly queue: string;
  readonly #store: DurableJobStore;

  private constructor(store: DurableJobStore, queue: string) {
    const executor = new DurableExecutor(store);
    super(executor, CHECK_ONLY_PAGING);
    this.#store = store;
    this.queue = queue;
    // Each method records its name and arguments on the way down, since the job carries those, not the
    // lookup's functions; the method itself checks the arguments as in every context.
    recordCalls(this, executor);
  }

  /** @internal Users call `beginDurableAsyncExecution()`. */
  static create(store: DurableJobStore, queue: string): DurableAsyncPyxisClient {
    return new DurableAsyncPyxisClient(store, queue);
  }

  /** The job with this id, submitted by any process on this queue. */
  job<T = unknown>(id: string): AsyncJob<T> {
    if (typeof id !== 'string' || id === '')
      throw new InvalidOptionError('id', id, 'a job id (a non-empty string)');
    return AsyncJob.create<T>(id, this.#store);
  }

  /** The ids of the queue's durable jobs in `status`, oldest first. */
  async asyncJobs(options: ListJobsOptions): Promise<string[]> {
    return this.#store.list(options);
  }

  /** Forgets every durable job of the queue, or those finished (or started, if still running) before `threshold`. */
  async clearAsyncJobs(options: { threshold?: Date | number } = {}): Promise<true> {
    await this.#store.clearAll(options);
    return true;
  }

  /** Waits for the submissions in flight, then closes the queue, its event stream and our connection. */
  close(): Promise<void> {
    return this.#store.close();
  }
}

/** Starts a durable async execution context on `queue`: see `DurableAsyncPyxisClient`. */
export function beginDurableAsyncExecution(options: DurableAsyncExecutionOptions): DurableAsyncPyxisClient {
  checkOptionsObject(options, DURABLE_OPTIONS, 'beginDurableAsyncExecution options');
  if (options === undefined) throw new InvalidOptionError('options', options, 'an object');
  const queue = checkQueueName('queue', options.queue);
  const prefix = checkQueueName('prefix', options.prefix ?? DEFAULT_PREFIX);
  const connectTimeout = checkConnectTimeout(options.connectTimeout);
  return DurableAsyncPyxisClient.create(
    new DurableJobStore(openRedis(options.connection), prefix, queue, connectTimeout),
    queue,
  );
}
