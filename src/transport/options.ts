// The transport's options: what the HTTP layer reads, and the checks of the client options that are about HTTP
// (the endpoint URL, header names and values, TLS material, the waits between retries).
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import {
  checkInteger,
  checkMilliseconds,
  checkSubOptions,
  InvalidOptionError,
  isPlainObject,
  optionNames,
} from '../shared/options.js';
import type { AdaptiveConcurrencyOptions } from './adaptive-concurrency.js';
import type { RequestObserver } from './observer.js';
import type { RateLimitOptions } from './rate-limit.js';

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

/** PEM text of the mTLS material, as read from the options (file paths already read). */
export interface TlsMaterial {
  cert?: string;
  key?: string;
  ca?: string;
}

/** What the HTTP transport reads, every value checked and defaulted (by the client's `resolveOptions`). */
export interface TransportOptions {
  url: string;
  headers: Record<string, string>;
  /** The values of `headers` that are secrets, to keep out of error messages and bodies quoted in errors. */
  secrets: readonly string[];
  timeout: number;
  retries: number;
  retryDelay: Required<RetryDelayOptions>;
  maxResponseBytes: number;
  maxConcurrency: number;
  /** Set when `maxConcurrency` is adaptive: the cap then starts at `initial` and moves between `min` and `max`. */
  adaptiveConcurrency: Required<Omit<AdaptiveConcurrencyOptions, 'adaptive'>> | undefined;
  rateLimit: Required<RateLimitOptions> | undefined;
  fetch: typeof globalThis.fetch | undefined;
  tls: TlsMaterial | undefined;
  /** Hears of every attempt and retry (the client's `onEvent` and telemetry), when any is on. */
  observer?: RequestObserver | undefined;
  /** A wait before every attempt that another part imposes (the client's `admit`, see there). */
  admit?: AdmitHook | undefined;
}

/**
 * Awaited before every HTTP attempt, after the client's own pause and rate limit: undefined or a promise that
 * resolves when the attempt may go, or rejects (the attempt fails with that error). It must end when `signal`
 * aborts.
 */
export type AdmitHook = (signal: AbortSignal | undefined) => Promise<void> | undefined;

const RETRY_DELAY_OPTIONS = optionNames<RetryDelayOptions>({ base: true, max: true, maxRetryAfter: true });
const RATE_LIMIT_OPTIONS = optionNames<RateLimitOptions>({ requests: true, perMs: true, burst: true });
const ADAPTIVE_OPTIONS = optionNames<AdaptiveConcurrencyOptions>({
  adaptive: true,
  min: true,
  max: true,
  initial: true,
});
const ADAPTIVE_DEFAULTS = { min: 1, max: 128 };

export function checkUrl(url: unknown): void {
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
export function checkHeaderValue(option: string, value: unknown): void {
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

export function checkHeaders(headers: unknown): void {
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

export function checkRetryDelay(value: unknown): void {
  checkSubOptions('retryDelay', value, RETRY_DELAY_OPTIONS);
  for (const name of RETRY_DELAY_OPTIONS) {
    checkMilliseconds(`retryDelay.${name}`, value[name], { zero: true });
  }
}

export function checkRateLimit(value: unknown): void {
  checkSubOptions('rateLimit', value, RATE_LIMIT_OPTIONS);
  if (value.requests === undefined) {
    throw new InvalidOptionError('rateLimit.requests', undefined, 'a positive integer');
  }
  if (value.perMs === undefined) {
    throw new InvalidOptionError('rateLimit.perMs', undefined, 'a positive number of milliseconds');
  }
  checkInteger('rateLimit.requests', value.requests, { min: 1 });
  checkMilliseconds('rateLimit.perMs', value.perMs);
  checkInteger('rateLimit.burst', value.burst, { min: 1 });
}

/** `maxConcurrency`: a fixed positive integer, or `{ adaptive: true, min?, max?, initial? }`. */
export function checkMaxConcurrency(value: unknown): void {
  if (!isPlainObject(value)) {
    checkInteger('maxConcurrency', value, { min: 1 });
    return;
  }
  checkSubOptions('maxConcurrency', value, ADAPTIVE_OPTIONS);
  if (value.adaptive !== true) {
    throw new InvalidOptionError(
      'maxConcurrency.adaptive',
      value.adaptive,
      'true (a fixed cap is a number: `maxConcurrency: 16`)',
    );
  }
  const min = checkInteger('maxConcurrency.min', value.min, { min: 1 }) ?? ADAPTIVE_DEFAULTS.min;
  const max = checkInteger('maxConcurrency.max', value.max, { min: 1 }) ?? ADAPTIVE_DEFAULTS.max;
  const initial = checkInteger('maxConcurrency.initial', value.initial, { min: 1 });
  if (min > max) {
    throw InvalidOptionError.withMessage(
      'maxConcurrency',
      value,
      `The \`maxConcurrency\` option has min ${min} above max ${max}: the adaptive cap moves between the two`,
    );
  }
  if (initial !== undefined && (initial < min || initial > max)) {
    throw InvalidOptionError.withMessage(
      'maxConcurrency.initial',
      initial,
      `The \`maxConcurrency.initial\` option is ${initial}, outside min ${min} and max ${max}`,
    );
  }
}

/** The adaptive cap's bounds and start, or undefined for a fixed cap (`defaultCap` is the fixed default). */
export function resolveAdaptiveConcurrency(
  value: number | AdaptiveConcurrencyOptions | undefined,
  defaultCap: number,
): TransportOptions['adaptiveConcurrency'] {
  if (typeof value !== 'object') return undefined;
  const min = value.min ?? ADAPTIVE_DEFAULTS.min;
  const max = value.max ?? ADAPTIVE_DEFAULTS.max;
  return { min, max, initial: value.initial ?? Math.min(max, Math.max(min, defaultCap)) };
}

export function checkPemSource(name: string, value: unknown): void {
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

export function readTls(options: TlsMaterial): TlsMaterial | undefined {
  const tls: TlsMaterial = {};
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
function checkUsable(tls: TlsMaterial): void {
  const attempt = (option: string, what: string, options: TlsMaterial) => {
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
