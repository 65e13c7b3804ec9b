import type { GraphQLFormattedError } from 'graphql';

/** The base of every error pyxis-gql raises about a Pyxis call. */
export class PyxisError extends Error {
  override name = 'PyxisError';
  /** The `trace_id` response header, when the server sent one: quote it when asking Pyxis' maintainers. */
  readonly traceId: string | undefined;
  /**
   * How many times the request that failed was sent: 1, unless it was retried (see the client's `retries`). When
   * it is more than 1, the message starts with "Pyxis request failed after N attempts".
   */
  readonly attempts: number = 1;

  constructor(message: string, options: { traceId?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.traceId = options.traceId;
  }
}

/** Pyxis answered, but set its own `error { status detail }` field on the response. Never retried. */
export class PyxisRequestError extends PyxisError {
  override name = 'PyxisRequestError';
  readonly status: number | undefined;
  readonly detail: string | undefined;

  constructor(field: string, error: { status?: number | null; detail?: string | null }, traceId?: string) {
    const status = error.status ?? undefined;
    const detail = error.detail ?? undefined;
    super(`Pyxis ${field} failed with status ${status ?? 'unknown'}: ${detail ?? 'no detail'}`, { traceId });
    this.status = status;
    this.detail = detail;
  }
}

/**
 * A `find*` call would read more than its `maxItems` items or `maxPages` pages: the server announced a `total`
 * past them, or kept sending full pages. Raised before the next page is asked for, so memory stays bounded
 * whatever the server says. Never retried.
 */
export class PyxisPagingError extends PyxisError {
  override name = 'PyxisPagingError';
  /** Which cap was reached. */
  readonly option: 'maxItems' | 'maxPages';
  /** Its value for the call. */
  readonly limit: number;
  /** The `total` the server announced, if it did. */
  readonly total: number | undefined;

  constructor(
    field: string,
    option: 'maxItems' | 'maxPages',
    limit: number,
    reason: string,
    total: number | undefined,
    traceId?: string,
  ) {
    super(
      `Pyxis ${field}: ${reason}, more than ${option} (${limit}): narrow the query, or raise ${option} for the call`,
      { traceId },
    );
    this.option = option;
    this.limit = limit;
    this.total = total;
  }
}

/**
 * The client was closed: a call after `close()` (refused at once, nothing sent), or a request in flight that
 * `close({ abort: true })` stopped. Never retried.
 */
export class PyxisClientClosedError extends PyxisError {
  override name = 'PyxisClientClosedError';
  /** True for a request that `close({ abort: true })` stopped in flight; false for a call made after `close()`. */
  readonly aborted: boolean;

  constructor(aborted = false) {
    super(
      aborted
        ? 'Pyxis client was closed with { abort: true } while this request was in flight'
        : 'Pyxis client is closed: close() was called, and no more requests are sent',
    );
    this.aborted = aborted;
  }
}

/** What the server asked of a rate-limited or unavailable client. */
export interface RetryHint {
  /** Milliseconds the server asked to wait (its `Retry-After` header), when it said. */
  retryAfter?: number | undefined;
}

/**
 * The response carried GraphQL `errors` (a syntax or validation error, a resolver failure). Retried only when the
 * HTTP status is one that is retried (429, 500, 502, 503, 504); a syntax or validation error never is.
 */
export class PyxisGraphQLError extends PyxisError {
  override name = 'PyxisGraphQLError';
  readonly httpCode: number;
  readonly errors: readonly GraphQLFormattedError[];
  /** Whatever `data` came back beside the errors (GraphQL allows partial results). */
  readonly data: unknown;
  /** Milliseconds the server asked to wait before trying again (`Retry-After` on a 429 or 503). */
  readonly retryAfter: number | undefined;

  constructor(
    httpCode: number,
    errors: readonly GraphQLFormattedError[],
    traceId?: string,
    data?: unknown,
    hint: RetryHint = {},
  ) {
    const first = errors[0]?.message ?? 'unknown error';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super(`Pyxis GraphQL error (HTTP ${httpCode}): ${first}${more}`, { traceId });
    this.httpCode = httpCode;
    this.errors = errors;
    this.data = data;
    this.retryAfter = hint.retryAfter;
  }
}

/** How much of a response body an error keeps: enough to recognise an HTML error page, not a whole dump. */
export const BODY_EXCERPT_LENGTH = 500;

/**
 * The server answered with something that is not a GraphQL response: a non-2xx status without GraphQL errors, or
 * a body that is empty, not UTF-8, not JSON, or JSON of the wrong shape. The message names what was wrong.
 */
export class PyxisHttpError extends PyxisError {
  override name = 'PyxisHttpError';
  readonly httpCode: number;
  /** The start of the response body. */
  readonly body: string;
  /** Milliseconds the server asked to wait before trying again (`Retry-After` on a 429 or 503). */
  readonly retryAfter: number | undefined;

  constructor(reason: string, httpCode: number, body: string, traceId?: string, hint: RetryHint = {}) {
    const excerpt = body.length > BODY_EXCERPT_LENGTH ? `${body.slice(0, BODY_EXCERPT_LENGTH)}…` : body;
    super(`Pyxis HTTP ${httpCode}: ${reason}`, { traceId });
    this.httpCode = httpCode;
    this.body = excerpt;
    this.retryAfter = hint.retryAfter;
  }
}

/** The response body was larger than the client's `maxResponseBytes`; reading stopped there. */
export class PyxisResponseTooLargeError extends PyxisHttpError {
  override name = 'PyxisResponseTooLargeError';
  /** The client's `maxResponseBytes`. */
  readonly limit: number;
  /** The size the server declared (`Content-Length`), or undefined when reading went past the limit. */
  readonly declaredSize: number | undefined;

  constructor(httpCode: number, limit: number, declaredSize: number | undefined, traceId?: string) {
    const size = declaredSize === undefined ? 'more than that' : `${declaredSize} bytes`;
    super(`response body is larger than maxResponseBytes (${limit} bytes): ${size}`, httpCode, '', traceId);
    this.limit = limit;
    this.declaredSize = declaredSize;
  }
}

/**
 * The server redirected the request somewhere the client does not follow: a 301, 302 or 303 (which would turn the
 * POST into a GET), more than 5 hops, a non-http(s) URL, from https to http (the body would travel in clear text),
 * or, for a client with a client certificate, to another origin. Never retried.
 */
export class PyxisRedirectError extends PyxisHttpError {
  override name = 'PyxisRedirectError';
  /** Where the server pointed, its query values redacted. */
  readonly location: string;

  constructor(reason: string, httpCode: number, location: string, traceId?: string) {
    super(reason, httpCode, '', traceId);
    this.location = location;
  }
}

/**
 * The response body nests arrays and objects deeper than `MAX_RESPONSE_DEPTH`: no Pyxis answer does (its deepest
 * is about 10 levels), and a result that deep could not be serialized (`JSON.stringify` overflows the stack). The
 * body is refused before it is parsed. Never retried.
 */
export class PyxisResponseTooDeepError extends PyxisHttpError {
  override name = 'PyxisResponseTooDeepError';
  /** The deepest nesting accepted (`MAX_RESPONSE_DEPTH`). */
  readonly limit: number;

  constructor(httpCode: number, limit: number, body: string, traceId?: string) {
    super(`response body nests arrays and objects deeper than ${limit} levels`, httpCode, body, traceId);
    this.limit = limit;
  }
}

/**
 * The request never got a whole answer: the connection was refused, reset or closed (before or while the body
 * arrived), the name did not resolve, or TLS failed. Retried, except for TLS certificate failures.
 */
export class PyxisNetworkError extends PyxisError {
  override name = 'PyxisNetworkError';
  /** The URL the request was sent to. */
  readonly url: string;
  /** The system's or undici's error code, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`, `SELF_SIGNED_CERT_IN_CHAIN`. */
  readonly code: string | undefined;

  constructor(url: string, reason: string, code: string | undefined, cause?: unknown) {
    super(`Pyxis request to ${url} failed: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}`, {
      cause,
    });
    this.url = url;
    this.code = code;
  }
}

/** One HTTP request took longer than its `timeout` (the limit of one attempt). Retried. */
export class PyxisTimeoutError extends PyxisError {
  override name = 'PyxisTimeoutError';
  /** The limit that passed, in milliseconds. */
  readonly timeout: number;

  constructor(timeout: number, message = `Pyxis request timed out after ${timeout} ms`) {
    super(message);
    this.timeout = timeout;
  }
}

/**
 * A call ran past its `deadline`: the limit of the whole call, every page and retry included. Never retried. A
 * `PyxisTimeoutError` too, so code that catches timeouts catches both; `timeout` holds the deadline. Its `cause` is
 * the failure of the attempt before the one the deadline cut short, if there was one.
 */
export class PyxisDeadlineError extends PyxisTimeoutError {
  override name = 'PyxisDeadlineError';
  /** The call's deadline, in milliseconds. */
  readonly deadline: number;

  constructor(deadline: number) {
    super(deadline, `Pyxis call exceeded its deadline of ${deadline} ms`);
    this.deadline = deadline;
  }
}

/**
 * Records on `error` how many attempts its request took, and says so in its message. For the transport: errors
 * are otherwise immutable once thrown.
 */
export function recordAttempts<E extends PyxisError>(error: E, attempts: number, note = ''): E {
  (error as { attempts: number }).attempts = attempts;
  if (attempts > 1 || note) {
    const prefix = attempts > 1 ? `Pyxis request failed after ${attempts} attempts: ` : '';
    error.message = `${prefix}${error.message}${note}`;
  }
  return error;
}

/**
 * Completes the message of a deadline error once its call is over: how many attempts were made, and why the one
 * before the last failed (kept as `cause`).
 */
export function recordDeadline(
  error: PyxisDeadlineError,
  attempts: number,
  previous: unknown,
  waiting: boolean,
): PyxisDeadlineError {
  (error as { attempts: number }).attempts = attempts;
  let message = `Pyxis call exceeded its deadline of ${error.deadline} ms`;
  if (previous !== undefined) {
    const reason = previous instanceof Error ? previous.message : String(previous);
    message += waiting
      ? ` while waiting to retry after attempt ${attempts} failed: ${reason}`
      : ` during attempt ${attempts}; attempt ${attempts - 1} had failed: ${reason}`;
    Object.defineProperty(error, 'cause', { value: previous, writable: true, configurable: true });
  } else if (attempts > 1) {
    message += ` during attempt ${attempts}`;
  }
  error.message = message;
  return error;
}
