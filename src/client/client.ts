import {
  AsyncExecutor,
  AsyncJobRegistry,
  AutoBatchExecutor,
  applyDeadline,
  BatchContextExecutor,
  type BatchJob,
  type CallOptions,
  DeadlineExecutor,
  DirectExecutor,
  type Executor,
  type ListJobsOptions,
  type Lookup,
  type PromiseExecutor,
  SharingExecutor,
} from '../execution/index.js';
import { type PagedLookup, type Paging, PyxisMethods } from '../pyxis/index.js';
import { Scheduler } from '../scheduler/index.js';
import {
  checkBoolean,
  checkInteger,
  checkOptionsObject,
  InvalidOptionError,
  optionNames,
} from '../shared/options.js';
import { createObservers, type OtelTelemetry, TracingExecutor } from '../telemetry/index.js';
import type { Traffic, Transport } from '../transport/index.js';
import { HttpTransport } from '../transport/transport.js';
import { type AsyncExecutionOptions, AsyncPyxisClient } from './async-client.js';
import { type BatchExecutionOptions, BatchPyxisClient } from './batch-client.js';
import { CallLifecycle } from './lifecycle.js';
import { type PyxisClientOptions, resolveOptions } from './options.js';
import { registerSharedResults } from './shared-results.js';

export type { PyxisClientOptions } from './options.js';

type FindMethod = {
  [K in keyof PyxisClient]: K extends `find${string}` ? K : never;
}[keyof PyxisClient];
type ItemOf<K extends FindMethod> = Awaited<ReturnType<PyxisClient[K]>>[number];

const DEFAULT_MAX_STORED_RESULTS = 10_000;
const ASYNC_EXECUTION_OPTIONS = optionNames<AsyncExecutionOptions>({
  returnResult: true,
  scheduler: true,
  maxStoredResults: true,
});
const BATCH_EXECUTION_OPTIONS = optionNames<BatchExecutionOptions>({ returnResult: true });

/**
 * A typed Pyxis client. Every method returns a promise of its typed result, and takes an optional last argument
 * with `signal` and `timeout`.
 *
 * ```ts
 * const pyxis = new PyxisClient();
 * const repo = await pyxis.getRepositoryByPath({ registry: 'registry.access.redhat.com', repository: 'ubi9' });
 * ```
 */
export class PyxisClient extends PyxisMethods<'default'> {
  readonly context = 'default' as const;
  /** The GraphQL endpoint this client sends to. */
  readonly url: string;
  readonly #transport: HttpTransport;
  readonly #paging: Paging;
  readonly #deadline: number | undefined;
  readonly #lifecycle: CallLifecycle;
  /** The client's OpenTelemetry spans and metrics, when on. */
  readonly #otel: OtelTelemetry | undefined;
  #whenClosed: Promise<void> | undefined;
  /** Made at the first async context: the job store all of them share, and the default scheduler. */
  #registry: AsyncJobRegistry | undefined;
  #scheduler: Scheduler | undefined;

  constructor(options: PyxisClientOptions = {}) {
    const resolved = resolveOptions(options);
    const { observer, otel } = createObservers(resolved, () => transport.traffic);
    const transport = new HttpTransport({ ...resolved, observer });
    const { pageSize, pageConcurrency, maxItems, maxPages } = resolved;
    const paging: Paging = { pageSize, pageConcurrency, maxItems, maxPages };
    const base = resolved.batch
      ? new AutoBatchExecutor(transport, resolved.batch)
      : new DirectExecutor(transport);
    const sharing = new SharingExecutor(base, { cache: resolved.cache });
    const lifecycle = new CallLifecycle();
    super(lifecycle.track(new DeadlineExecutor(traced(sharing, otel), resolved.deadline)), paging);
    registerSharedResults(this, { sharing, paging });
    this.url = resolved.url;
    this.#transport = transport;
    this.#lifecycle = lifecycle;
    this.#paging = paging;
    this.#deadline = resolved.deadline;
    this.#otel = otel;
  }

  /**
   * What the client's traffic control is doing now: the cap on requests in flight (it moves when `maxConcurrency`
   * is adaptive), the requests in flight, and the 429 and 503 answers that paused the whole client, with the time
   * paused in all. For logs, dashboards and the CLI's summary.
   */
  traffic(): Traffic {
    return this.#transport.traffic;
  }

  /**
   * Closes the client: calls from now on reject at once with a `PyxisClientClosedError` (nothing is sent); calls
   * in flight finish, every page and retry included, and then the kept-alive connections close. With
   * `{ abort: true }` the calls in flight are stopped instead, each rejecting with a `PyxisClientClosedError`.
   * Resolves once all that is done; calling it again is harmless (`{ abort: true }` still aborts).
   */
  close(options: { abort?: boolean } = {}): Promise<void> {
    try {
      checkOptionsObject(options, ['abort'], 'close options');
      checkBoolean('abort', options.abort);
    } catch (error) {
      return Promise.reject(error);
    }
    const calls = this.#lifecycle.close();
    if (options.abort) this.#transport.abort();
    this.#whenClosed ??= calls.then(() => {
      this.#otel?.close();
      return this.#transport.close();
    });
    return this.#whenClosed;
  }

  /**
   * The async execution context: the same methods, each returning an `AsyncJob` at once while the call runs on a
   * scheduler. Job ids are unique per client, and `asyncJobs` / `clearAsyncJobs` see the jobs of every async
   * context made from this client.
   */
  beginAsyncExecution(options?: AsyncExecutionOptions & { returnResult?: true }): AsyncPyxisClient<'async'>;
  beginAsyncExecution(
    options: AsyncExecutionOptions & { returnResult: false },
  ): AsyncPyxisClient<'async-fire'>;
  beginAsyncExecution(options: AsyncExecutionOptions = {}): AsyncPyxisClient<'async' | 'async-fire'> {
    checkOptionsObject(options, ASYNC_EXECUTION_OPTIONS, 'beginAsyncExecution options');
    checkBoolean('returnResult', options.returnResult);
    if (options.scheduler !== undefined && !(options.scheduler instanceof Scheduler)) {
      throw new InvalidOptionError('scheduler', options.scheduler, 'a Scheduler');
    }
    const cap = checkInteger('maxStoredResults', options.maxStoredResults, { min: 1 });
    const scheduler = options.scheduler ?? this.#defaultScheduler();
    const registry = this.#jobStore();
    if (cap !== undefined) registry.maxStoredResults = cap;
    const report = (error: unknown) =>
      scheduler.callExceptionHandler({ message: 'Async call could not be started', exception: error });
    const executor = new AsyncExecutor(
      this.#lifecycle.track(
        new DeadlineExecutor(
          traced(new SharingExecutor(new DirectExecutor(this.#transport)), this.#otel),
          this.#deadline,
        ),
      ),
      scheduler,
      options.returnResult === false ? undefined : registry,
      report,
      this.#otel && ((waitMs, runMs) => this.#otel?.recordJob(waitMs, runMs)),
    );
    return AsyncPyxisClient.create(executor, this.#paging, scheduler, registry);
  }

  /** The batch execution context: calls queue jobs, and `commit()` sends them all as one request. */
  beginBatchExecution(options?: BatchExecutionOptions & { returnResult?: true }): BatchPyxisClient<'batch'>;
  beginBatchExecution(
    options: BatchExecutionOptions & { returnResult: false },
  ): BatchPyxisClient<'batch-fire'>;
  beginBatchExecution(options: BatchExecutionOptions = {}): BatchPyxisClient<'batch' | 'batch-fire'> {
    checkOptionsObject(options, BATCH_EXECUTION_OPTIONS, 'beginBatchExecution options');
    checkBoolean('returnResult', options.returnResult);
    const transport = this.#lifecycle.gate(this.#transport);
    const executor = new BatchContextExecutor(transport, options.returnResult !== false, this.#deadline);
    return BatchPyxisClient.create(executor, this.#paging);
  }

  /**
   * Runs `queue` with a batch-context client and commits when it resolves; when it throws, nothing is sent and
   * `batch` rejects with that error. Resolves to the committed jobs.
   */
  async batch(queue: (batch: BatchPyxisClient<'batch'>) => unknown): Promise<BatchJob<unknown>[]> {
    const batch = this.beginBatchExecution();
    await queue(batch);
    return batch.commit();
  }

  /** The ids of the async jobs in `status`, oldest first (see `beginAsyncExecution`). */
  async asyncJobs(options: ListJobsOptions): Promise<string[]> {
    return this.#jobStore().list(options);
  }

  /** Forgets every async job, or those finished (or started, if still running) before `threshold`. */
  async clearAsyncJobs(options: { threshold?: Date | number } = {}): Promise<true> {
    this.#jobStore().clearAll(options);
    return true;
  }

  /**
   * The items of a `find*` method as their pages arrive, in order, without holding them all: for result sets too
   * big for memory. `pyxis.paginate('findImagesByNames', ['ubi9'])`.
   */
  paginate<K extends FindMethod>(
    method: K,
    ...args: Parameters<PyxisClient[K]>
  ): AsyncIterableIterator<ItemOf<K>> {
    const describe = new LookupMethods(this.#paging) as unknown as Record<
      K,
      (...a: unknown[]) => PagedLookup<ItemOf<K>>
    >;
    const lookup = describe[method](...args);
    const last = args[args.length - 1];
    const { signal, timeout, deadline } = (
      typeof last === 'object' && last !== null ? last : {}
    ) as CallOptions;
    const transport = this.#lifecycle.gate(this.#transport);
    return streamWithin(lookup, { signal, timeout, deadline }, this.#deadline, transport, this.#otel);
  }

  #defaultScheduler(): Scheduler {
    this.#scheduler ??= new Scheduler();
    return this.#scheduler;
  }

  #jobStore(): AsyncJobRegistry {
    this.#registry ??= new AsyncJobRegistry(DEFAULT_MAX_STORED_RESULTS);
    return this.#registry;
  }
}

/** `executor`, each call of it with its span when OpenTelemetry is on. */
function traced(executor: PromiseExecutor, otel: OtelTelemetry | undefined): PromiseExecutor {
  return otel ? new TracingExecutor(executor, otel) : executor;
}

/**
 * A stream whose every page is read within the call's signal and deadline, released when the stream ends; with
 * OpenTelemetry, the stream is a method call's span (from the first item asked for to the end), its pages children.
 */
async function* streamWithin<T>(
  lookup: PagedLookup<T>,
  options: CallOptions,
  clientDeadline: number | undefined,
  transport: Transport,
  otel: OtelTelemetry | undefined,
): AsyncGenerator<T, void, undefined> {
  const call = applyDeadline(options, clientDeadline);
  const span = otel?.startCall(lookup.kind);
  const requestOptions = span === undefined ? call.options : { ...call.options, calls: [span] };
  let failure: unknown;
  try {
    yield* lookup.stream((document, variables) => transport.send(document, variables, requestOptions));
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    if (span !== undefined) otel?.endCall(span, failure);
    call.release();
  }
}

/**
 * A method set whose calls return their lookups instead of running them: how `paginate` gets a method's lookup,
 * and the loaders the lookup whose result they prime or clear.
 */
export class LookupMethods extends PyxisMethods<'default'> {
  readonly context = 'default' as const;
  constructor(paging: Paging) {
    const describing: Executor = {
      execute: (lookup: Lookup<unknown>) => lookup,
      refuse: (error: unknown) => {
        throw error;
      },
    };
    super(describing, paging);
  }
}
