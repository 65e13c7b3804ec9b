import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { optionalPagingCap } from '../pyxis/validate.js';
import { redactUrl } from '../shared/redact-url.js';

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
   * keep-alive connections it keeps. Default 16.
   */
  maxConcurrency?: number;
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
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
  maxItems: number;
  maxPages: number;
  maxConcurrency: number;
  fetch: typeof globalThis.fetch | undefined;
  tls: { cert?: string; key?: string; ca?: string } | undefined;
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
/** The longest delay `setTimeout` keeps; a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;
/** Headers whose values are credentials, besides the API key's. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);

/** Checks every option up front, so a misconfigured client fails when it is made, with a message naming the option. */
export function resolveOptions(options: ConnectionOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('PyxisClient: options must be an object');
  }
  const url = options.url ?? DEFAULT_PYXIS_URL;
  checkUrl(url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value !== 'string') throw new TypeError(`PyxisClient: header "${name}" must be a string`);
    headers[name.toLowerCase()] = value;
  }
  if (options.apiKey !== undefined) {
    if (typeof options.apiKey !== 'string' || options.apiKey === '') {
      throw new TypeError('PyxisClient: "apiKey" must be a non-empty string');
    }
    headers['x-api-key'] = options.apiKey;
  }
  const secrets = Object.entries(headers)
    .filter(([name, value]) => SECRET_HEADERS.has(name) && value !== '')
    .map(([, value]) => value);
  return {
    url,
    headers,
    secrets,
    timeout: milliseconds('timeout', options.timeout) ?? DEFAULT_TIMEOUT_MS,
    deadline: milliseconds('deadline', options.deadline),
    retries: count('retries', options.retries) ?? DEFAULT_RETRIES,
    retryDelay: readRetryDelay(options.retryDelay),
    maxResponseBytes:
      positiveInteger('maxResponseBytes', options.maxResponseBytes) ?? DEFAULT_MAX_RESPONSE_BYTES,
    pageSize: positiveInteger('pageSize', options.pageSize) ?? DEFAULT_PAGE_SIZE,
    pageConcurrency: positiveInteger('pageConcurrency', options.pageConcurrency) ?? DEFAULT_PAGE_CONCURRENCY,
    maxItems: optionalPagingCap('maxItems', options.maxItems) ?? DEFAULT_MAX_ITEMS,
    maxPages: optionalPagingCap('maxPages', options.maxPages) ?? DEFAULT_MAX_PAGES,
    maxConcurrency: positiveInteger('maxConcurrency', options.maxConcurrency) ?? DEFAULT_MAX_CONCURRENCY,
    fetch: checkFetch(options.fetch),
    tls: readTls(options),
  };
}

function checkUrl(url: unknown): void {
  const refuse = (why: string) => {
    // The URL itself is quoted only when it cannot hold a password, and without its query values.
    const shown =
      typeof url === 'string' && !url.includes('@') ? `, got ${JSON.stringify(redactUrl(url))}` : '';
    return new TypeError(`PyxisClient: "url" ${why}${shown}`);
  };
  if (typeof url !== 'string') throw refuse('must be an absolute http(s) URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw refuse('must be an absolute http(s) URL');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw refuse('must not hold credentials (use "apiKey", "headers" or "cert"/"key")');
  }
}

function milliseconds(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0) || !(value <= MAX_TIMER_MS)) {
    throw new TypeError(
      `PyxisClient: "${name}" must be a positive number of milliseconds, got ${String(value)}`,
    );
  }
  return value;
}

function count(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw new TypeError(`PyxisClient: "${name}" must be a non-negative integer, got ${String(value)}`);
  }
  return value as number;
}

export function positiveInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new TypeError(`PyxisClient: "${name}" must be a positive integer, got ${String(value)}`);
  }
  return value as number;
}

function readRetryDelay(value: unknown): Required<RetryDelayOptions> {
  if (value === undefined) return DEFAULT_RETRY_DELAY;
  if (typeof value !== 'object' || value === null) {
    throw new TypeError('PyxisClient: "retryDelay" must be an object');
  }
  const delay = value as RetryDelayOptions;
  const wait = (name: keyof RetryDelayOptions): number => {
    const ms = delay[name];
    if (ms === undefined) return DEFAULT_RETRY_DELAY[name];
    if (typeof ms !== 'number' || !(ms >= 0) || !(ms <= MAX_TIMER_MS)) {
      throw new TypeError(
        `PyxisClient: "retryDelay.${name}" must be a non-negative number of milliseconds, got ${String(ms)}`,
      );
    }
    return ms;
  };
  return { base: wait('base'), max: wait('max'), maxRetryAfter: wait('maxRetryAfter') };
}

function checkFetch(value: unknown): typeof globalThis.fetch | undefined {
  if (value !== undefined && typeof value !== 'function')
    throw new TypeError('PyxisClient: "fetch" must be a function');
  return value as typeof globalThis.fetch | undefined;
}

function readTls(options: ConnectionOptions): ResolvedOptions['tls'] {
  const tls: NonNullable<ResolvedOptions['tls']> = {};
  for (const name of ['cert', 'key', 'ca'] as const) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`PyxisClient: "${name}" must be PEM text or a file path`);
    }
    tls[name] = readPem(name, value);
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new TypeError('PyxisClient: "cert" and "key" must be given together');
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
    throw new TypeError(`PyxisClient: cannot read "${name}" file ${value} (${reason})`);
  }
}

/**
 * Builds TLS contexts once, so that a file that is not PEM, or a key that does not match its certificate, fails
 * when the client is made rather than on every connection. OpenSSL's messages name the problem, never the key.
 */
function checkUsable(tls: NonNullable<ResolvedOptions['tls']>): void {
  const attempt = (what: string, options: NonNullable<ResolvedOptions['tls']>) => {
    try {
      createSecureContext(options);
    } catch (error) {
      throw new TypeError(`PyxisClient: ${what} cannot be used for TLS: ${(error as Error).message}`);
    }
  };
  // OpenSSL skips what is not a certificate in a CA list: one without any would make every connection fail.
  if (tls.ca !== undefined && !tls.ca.includes('-----BEGIN CERTIFICATE-----')) {
    throw new TypeError('PyxisClient: "ca" holds no PEM certificate ("-----BEGIN CERTIFICATE-----")');
  }
  if (tls.ca !== undefined) attempt('"ca"', { ca: tls.ca });
  if (tls.cert !== undefined) attempt('"cert"', { cert: tls.cert });
  if (tls.key !== undefined) attempt('"key"', { key: tls.key });
  if (tls.cert !== undefined && tls.key !== undefined) {
    attempt('"cert" and "key" together', { cert: tls.cert, key: tls.key });
  }
}
