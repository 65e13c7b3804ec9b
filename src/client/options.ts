import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { AutoBatchOptions, CacheOptions } from '../execution/index.js';
import {
  checkFunction,
  checkInteger,
  checkMilliseconds,
  checkOptionsObject,
  InvalidOptionError,
  optionNames,
} from '../shared/options.js';

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
   * How many HTTP requests this client has in flight at most, however wide callers fan out; also the number of
   * keep-alive connections it keeps. Default 16.
   */
  maxConcurrency?: number;
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
}

export interface PyxisClientOptions extends ConnectionOptions {
  /** Auto-batching: lookups issued in the same tick (or window) travel as one aliased request. Default off. */
  batch?: boolean | AutoBatchOptions;
  /** Keep results of identical lookups for `ttlMs` (at most `max` of them). Default off. */
  cache?: CacheOptions;
}

/**
 * Backoff with full jitter: before retry `n` the client waits a random time between 0 and
 * `min(max, base * 2 ** (n - 1))` ms, or what the server's `Retry-After` asks on a 429 or 503, up to `maxRetryAfter`.
 */
export interface RetryDelayOptions {
  /** Default 250. */
  base?: number;
  /** Default 10000. */
  max?: number;
  /** The longest `Retry-After` honoured, in ms; a longer one is cut to this. Default 30000. */
  maxRetryAfter?: number;
}

export interface ResolvedOptions {
  url: string;
  headers: Record<string, string>;
  /** The values of `headers` that are secrets, to keep out of error messages and bodies quoted in errors. */
  secrets: readonly string[];
  timeout: number;
  deadline: number | undefined;
  retries: number;
  retryDelay: Required<RetryDelayOptions>;
  maxResponseBytes: number;
  pageSize: number;
  pageConcurrency: number;
  maxConcurrency: number;
  fetch: typeof globalThis.fetch | undefined;
  tls: { cert?: string; key?: string; ca?: string } | undefined;
  /** Auto-batching, off when undefined. */
  batch: Required<AutoBatchOptions> | undefined;
  cache: CacheOptions | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_DELAY: Required<RetryDelayOptions> = { base: 250, max: 10_000, maxRetryAfter: 30_000 };
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
const DEFAULT_PAGE_SIZE = 50;
const DEFAULT_PAGE_CONCURRENCY = 8;
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
  maxConcurrency: (value) => checkInteger('maxConcurrency', value, { min: 1 }),
  fetch: (value) => checkFunction('fetch', value as typeof globalThis.fetch),
  batch: checkBatch,
  cache: checkCache,
} satisfies Record<keyof PyxisClientOptions, (value: unknown) => unknown>;

const CLIENT_OPTIONS: readonly string[] = Object.keys(CLIENT_CHECKS);
const RETRY_DELAY_OPTIONS = optionNames<RetryDelayOptions>({ base: true, max: true, maxRetryAfter: true });
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
    maxConcurrency: options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
    fetch: options.fetch,
    tls: readTls(options),
    batch:
      options.batch === true || typeof options.batch === 'object'
        ? { ...DEFAULT_BATCH, ...withoutUndefined(options.batch === true ? {} : options.batch) }
        : undefined,
    cache: options.cache,
  };
}

/** `{ ...defaults, ...given }` must not let a given `undefined` replace a default. */
function withoutUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkUrl(url: unknown): void {
  const refuse = (expected: string) =>
    // The URL itself is quoted only when it cannot hold a password or a token.
    typeof url === 'string' && /[@?#]/.test(url)
      ? InvalidOptionError.secret('url', `must be ${expected}`)
      : new InvalidOptionError('url', url, expected);
  if (typeof url !== 'string') throw refuse('an absolute http(s) URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('an absolute http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw refuse('an absolute http(s) URL');
  if (parsed.username !== '' || parsed.password !== '') {
    throw InvalidOptionError.secret(
      'url',
      'must not hold credentials (use `apiKey`, `headers` or `cert`/`key`)',
    );
  }
}

/** Header names are HTTP tokens (RFC 9110, section 5.6.2). */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A header value (or the API key) the HTTP layer can send: refused now rather than on every request, by what is
 * wrong with it and never by its value, which is often a credential.
 */
function checkHeaderValue(option: string, value: unknown): void {
  if (typeof value !== 'string')
    throw InvalidOptionError.secret(option, `must be a string, got ${kindOf(value)}`);
  if (option === 'apiKey' && value === '') throw InvalidOptionError.secret(option, 'must not be empty');
  if (/[\r\n]/.test(value)) throw InvalidOptionError.secret(option, 'contains CR or LF');
  if (value.includes('\0')) throw InvalidOptionError.secret(option, 'contains a NUL character');
  // What undici accepts in a header value: tab, visible ASCII, space, and the Latin-1 range above 0x7f.
  if (/[^\t\x20-\x7e\x80-\uffff]/.test(value)) {
    throw InvalidOptionError.secret(option, 'contains a control character');
  }
  if (/[^\t\x20-\xff]/.test(value))
    throw InvalidOptionError.secret(option, 'has a character outside Latin-1');
}

function checkHeaders(headers: unknown): void {
  if (!isPlainObject(headers)) {
    throw new InvalidOptionError('headers', headers, 'a plain object of header names to string values');
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) {
      throw new InvalidOptionError(
        'headers',
        name,
        "an object whose keys are header names (letters, digits and !#$%&'*+-.^_`|~)",
      );
    }
    checkHeaderValue(`headers.${name}`, value);
  }
}

function checkRetryDelay(value: unknown): void {
  checkSubOptions('retryDelay', value, RETRY_DELAY_OPTIONS);
  for (const name of RETRY_DELAY_OPTIONS) {
    checkMilliseconds(`retryDelay.${name}`, value[name], { zero: true });
  }
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

/** An option that takes an object of sub-options: a plain object, with no name outside `known`. */
function checkSubOptions(
  option: string,
  value: unknown,
  known: readonly string[],
): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) throw new InvalidOptionError(option, value, 'an object');
  checkOptionsObject(value, known, `\`${option}\``);
}

function checkPemSource(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    // A PEM key is a secret: say what was given, never quote it.
    throw InvalidOptionError.secret(name, `must be PEM text or a file path, got ${kindOf(value)}`);
  }
}

/** A value's kind without the value: for options whose values may be secrets. */
function kindOf(value: unknown): string {
  if (value === '') return 'an empty string';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function readTls(options: ConnectionOptions): ResolvedOptions['tls'] {
  const tls: NonNullable<ResolvedOptions['tls']> = {};
  for (const name of ['cert', 'key', 'ca'] as const) {
    const value = options[name];
    if (value !== undefined) tls[name] = readPem(name, value);
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    const [given, missing] = tls.cert === undefined ? ['key', 'cert'] : ['cert', 'key'];
    throw InvalidOptionError.secret(given, `needs \`${missing}\` too: the two are given together`);
  }
  if (Object.keys(tls).length === 0) return undefined;
  checkUsable(tls);
  return tls;
}
/** PEM text is used as it is; anything else is a path to read now, so that a wrong path fails at once. */
function readPem(name: string, value: string): string {
  if (value.includes('-----BEGIN ')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    // A path is no secret (PEM text is never read as one), and the user needs it to find the mistake.
    throw InvalidOptionError.withMessage(
      name,
      value,
      `The \`${name}\` option names a file that cannot be read: ${value} (${reason})`,
    );
  }
}

/**
 * Builds TLS contexts once, so that a file that is not PEM, or a key that does not match its certificate, fails
 * when the client is made rather than on every connection. OpenSSL's messages name the problem, never the key.
 */
function checkUsable(tls: NonNullable<ResolvedOptions['tls']>): void {
  const attempt = (option: string, what: string, options: NonNullable<ResolvedOptions['tls']>) => {
    try {
      createSecureContext(options);
    } catch (error) {
      throw InvalidOptionError.secret(option, `${what}cannot be used for TLS: ${(error as Error).message}`);
    }
  };
  // OpenSSL skips what is not a certificate in a CA list: one without any would make every connection fail.
  if (tls.ca !== undefined && !tls.ca.includes('-----BEGIN CERTIFICATE-----')) {
    throw InvalidOptionError.secret('ca', 'holds no PEM certificate ("-----BEGIN CERTIFICATE-----")');
  }
  if (tls.ca !== undefined) attempt('ca', '', { ca: tls.ca });
  if (tls.cert !== undefined) attempt('cert', '', { cert: tls.cert });
  if (tls.key !== undefined) attempt('key', '', { key: tls.key });
  if (tls.cert !== undefined && tls.key !== undefined) {
    attempt('key', 'together with `cert` ', { cert: tls.cert, key: tls.key });
  }
}
