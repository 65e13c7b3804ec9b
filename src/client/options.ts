import type { AutoBatchOptions, CacheOptions } from '../execution/index.js';
import {
  checkFunction,
  checkInteger,
  checkMilliseconds,
  checkOptionsObject,
  checkSubOptions,
  InvalidOptionError,
  isPlainObject,
  optionNames,
} from '../shared/options.js';
import {
  checkOnEvent,
  checkTelemetry,
  type ObservabilityOptions,
  type PyxisEventHandler,
  type TelemetryOptions,
} from '../telemetry/index.js';
import {
  type AdaptiveConcurrencyOptions,
  type AdmitHook,
  checkHeaders,
  checkHeaderValue,
  checkMaxConcurrency,
  checkPemSource,
  checkRateLimit,
  checkRetryDelay,
  checkUrl,
  type RateLimitOptions,
  type RetryDelayOptions,
  readTls,
  resolveAdaptiveConcurrency,
  type TransportOptions,
} from '../transport/index.js';

/** The public Pyxis GraphQL endpoint; it needs no authentication for reads. */
export const DEFAULT_PYXIS_URL = 'https://catalog.redhat.com/api/containers/graphql/';

/** How the client reaches Pyxis: the part of `PyxisClientOptions` that the HTTP transport reads. */
export interface ConnectionOptions {
  /** The GraphQL endpoint. Default: the public Pyxis endpoint. */
  url?: string;
  /** Partner access: sent as the `X-API-KEY` header (never to another origin a redirect points to). */
  apiKey?: string;
  /** mTLS client certificate, PEM text or a file path (Red Hat's internal deployments). */
  cert?: string;
  /** mTLS private key, PEM text or a file path. */
  key?: string;
  /** Certificate authorities to trust instead of the system's, PEM text or a file path. */
  ca?: string;
  /** Extra headers sent with every request (not to another origin a redirect points to). */
  headers?: Record<string, string>;
  /** Milliseconds one HTTP request may take, each attempt anew. Default 30000. */
  timeout?: number;
  /** Milliseconds a whole call may take: every page, retry and wait between retries. Default: no deadline. */
  deadline?: number;
  /**
   * How many times a failed query request is sent again: after a network error, a timeout, or HTTP 500, 502,
   * 503 or 504. HTTP 429 is the server pacing us rather than a failure: up to as many of those are waited out
   * besides. 0 turns retrying off. Default 3.
   */
  retries?: number;
  /** The waits between retries. */
  retryDelay?: RetryDelayOptions;
  /** The largest response body read, in bytes; a larger one is a `PyxisResponseTooLargeError`. Default 32 MiB. */
  maxResponseBytes?: number;
  /** Items per page for the `find*` methods. Default 50. */
  pageSize?: number;
  /** Pages a `find*` call reads at once, once the first page tells `total`. Default 8; 1 reads one at a time. */
  pageConcurrency?: number;
  /**
   * The most items one `find*` call reads, whatever `total` the server announces: past it the call fails with a
   * `PyxisPagingError` before the next page is asked for. A positive integer, or `Infinity`. Default 100000.
   */
  maxItems?: number;
  /** The most pages one `find*` call reads, likewise. A positive integer, or `Infinity`. Default 10000. */
  maxPages?: number;
  /**
   * How many HTTP requests this client has in flight at most, however wide callers fan out; also the number of
   * keep-alive connections it keeps. Default 16. `{ adaptive: true, min?, max?, initial? }` lets the cap follow
   * the server: it grows while requests succeed in steady latency, and shrinks on 429, 503, timeouts and rising
   * latency (default min 1, max 128, starting at 16). `pyxis.traffic().concurrency` tells where it is.
   */
  maxConcurrency?: number | AdaptiveConcurrencyOptions;
  /**
   * At most `requests` HTTP attempts every `perMs`, over everything the client sends (methods, batches, pages,
   * retries), in any window of that length; `burst` (default `requests`) caps how many go at once, and 1 spaces
   * them evenly. Default: none.
   */
  rateLimit?: RateLimitOptions;
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
  /**
   * @internal A wait before every HTTP attempt imposed from outside the client: pyxis-gql/bullmq's workers share
   * one budget of requests through Redis with it. Not a second limiter in the client: only the hook.
   */
  admit?: AdmitHook;
}

export interface PyxisClientOptions extends ConnectionOptions, ObservabilityOptions {
  /** Auto-batching: lookups issued in the same tick (or window) travel as one aliased request. Default off. */
  batch?: boolean | AutoBatchOptions;
  /** Keep results of identical lookups for `ttlMs` (at most `max` of them). Default off. */
  cache?: CacheOptions;
}

/** Every option checked, defaults filled in: what the transport reads, and what the client's other parts read. */
export interface ResolvedOptions extends TransportOptions {
  deadline: number | undefined;
  pageSize: number;
  pageConcurrency: number;
  maxItems: number;
  maxPages: number;
  /** Auto-batching, off when undefined. */
  batch: Required<AutoBatchOptions> | undefined;
  cache: CacheOptions | undefined;
  onEvent: PyxisEventHandler | undefined;
  telemetry: boolean | TelemetryOptions | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_DELAY: Required<RetryDelayOptions> = { base: 250, max: 10_000, maxRetryAfter: 30_000 };
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_PAGE_CONCURRENCY = 8;
const DEFAULT_MAX_ITEMS = 100_000;
const DEFAULT_MAX_PAGES = 10_000;
const DEFAULT_MAX_CONCURRENCY = 16;
const DEFAULT_BATCH: Required<AutoBatchOptions> = { maxSize: 50, windowMs: 0 };
/** Headers whose values are credentials, besides the API key's. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

/**
 * The check of every client option, one entry per name: a new option cannot be added to `PyxisClientOptions`
 * without its check, and a name not in here (a typo) is refused with the nearest one. Each check throws an
 * `InvalidOptionError`; it runs only for options given (not undefined).
 */
const CLIENT_CHECKS = {
  url: checkUrl,
  apiKey: (value) => checkHeaderValue('apiKey', value),
  cert: (value) => checkPemSource('cert', value),
  key: (value) => checkPemSource('key', value),
  ca: (value) => checkPemSource('ca', value),
  headers: checkHeaders,
  timeout: (value) => checkMilliseconds('timeout', value),
  deadline: (value) => checkMilliseconds('deadline', value),
  retries: (value) => checkInteger('retries', value, { min: 0 }),
  retryDelay: checkRetryDelay,
  maxResponseBytes: (value) => checkInteger('maxResponseBytes', value, { min: 1 }),
  pageSize: (value) => checkInteger('pageSize', value, { min: 1 }),
  pageConcurrency: (value) => checkInteger('pageConcurrency', value, { min: 1 }),
  maxItems: (value) => checkInteger('maxItems', value, { min: 1, infinity: true }),
  maxPages: (value) => checkInteger('maxPages', value, { min: 1, infinity: true }),
  maxConcurrency: checkMaxConcurrency,
  rateLimit: checkRateLimit,
  fetch: (value) => checkFunction('fetch', value as typeof globalThis.fetch),
  admit: (value) => checkFunction('admit', value as AdmitHook),
  batch: checkBatch,
  cache: checkCache,
  onEvent: checkOnEvent,
  telemetry: checkTelemetry,
} satisfies Record<keyof PyxisClientOptions, (value: unknown) => unknown>;

const CLIENT_OPTIONS: readonly string[] = Object.keys(CLIENT_CHECKS);
const BATCH_OPTIONS = optionNames<AutoBatchOptions>({ maxSize: true, windowMs: true });
const CACHE_OPTIONS = optionNames<CacheOptions>({ ttlMs: true, max: true });

/** Checks every option up front, so a misconfigured client fails when it is made, with a message naming the option. */
export function resolveOptions(options: PyxisClientOptions): ResolvedOptions {
  checkOptionsObject(options, CLIENT_OPTIONS, 'PyxisClient options');
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined) CLIENT_CHECKS[name as keyof PyxisClientOptions](value);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  if (options.apiKey !== undefined) headers['x-api-key'] = options.apiKey;
  const secrets = Object.entries(headers)
    .filter(([name, value]) => SECRET_HEADERS.has(name) && value !== '')
    .map(([, value]) => value);
  return {
    url: options.url ?? DEFAULT_PYXIS_URL,
    headers,
    secrets,
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    deadline: options.deadline,
    retries: options.retries ?? DEFAULT_RETRIES,
    retryDelay: { ...DEFAULT_RETRY_DELAY, ...withoutUndefined(options.retryDelay) },
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    pageConcurrency: options.pageConcurrency ?? DEFAULT_PAGE_CONCURRENCY,
    maxItems: options.maxItems ?? DEFAULT_MAX_ITEMS,
    maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
    maxConcurrency:
      typeof options.maxConcurrency === 'number' ? options.maxConcurrency : DEFAULT_MAX_CONCURRENCY,
    adaptiveConcurrency: resolveAdaptiveConcurrency(options.maxConcurrency, DEFAULT_MAX_CONCURRENCY),
    rateLimit:
      options.rateLimit &&
      ({
        burst: options.rateLimit.requests,
        ...withoutUndefined(options.rateLimit),
      } as Required<RateLimitOptions>),
    fetch: options.fetch,
    admit: options.admit,
    tls: readTls(options),
    batch:
      options.batch === true || typeof options.batch === 'object'
        ? { ...DEFAULT_BATCH, ...withoutUndefined(options.batch === true ? {} : options.batch) }
        : undefined,
    cache: options.cache,
    onEvent: options.onEvent,
    telemetry: options.telemetry,
  };
}

/** `{ ...defaults, ...given }` must not let a given `undefined` replace a default. */
function withoutUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkBatch(value: unknown): void {
  if (typeof value === 'boolean') return;
  if (!isPlainObject(value)) {
    throw new InvalidOptionError('batch', value, 'a boolean or an object ({ maxSize, windowMs })');
  }
  checkSubOptions('batch', value, BATCH_OPTIONS);
  checkInteger('batch.maxSize', value.maxSize, { min: 1 });
  checkMilliseconds('batch.windowMs', value.windowMs, { zero: true });
}

function checkCache(value: unknown): void {
  checkSubOptions('cache', value, CACHE_OPTIONS);
  // Both are required: a cache without a bound on its age or its size is a leak.
  if (value.ttlMs === undefined)
    throw new InvalidOptionError('cache.ttlMs', undefined, 'a positive number of milliseconds');
  if (value.max === undefined) throw new InvalidOptionError('cache.max', undefined, 'a positive integer');
  checkMilliseconds('cache.ttlMs', value.ttlMs, { infinity: true });
  checkInteger('cache.max', value.max, { min: 1 });
}
