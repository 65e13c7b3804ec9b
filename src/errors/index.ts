import type { GraphQLFormattedError } from 'graphql';

/** The base of every error pyxis-gql raises about a Pyxis call. */
export class PyxisError extends Error {
  override name = 'PyxisError';
  /** The `trace_id` response header, when the server sent one: quote it when asking Pyxis' maintainers. */
  readonly traceId: string | undefined;

  constructor(message: string, options: { traceId?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.traceId = options.traceId;
  }
}

/** Pyxis answered, but set its own `error { status detail }` field on the response. */
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

/** The response carried GraphQL `errors` (a syntax or validation error, a resolver failure). */
export class PyxisGraphQLError extends PyxisError {
  override name = 'PyxisGraphQLError';
  readonly httpCode: number;
  readonly errors: readonly GraphQLFormattedError[];
  /** Whatever `data` came back beside the errors (GraphQL allows partial results). */
  readonly data: unknown;

  constructor(httpCode: number, errors: readonly GraphQLFormattedError[], traceId?: string, data?: unknown) {
    const first = errors[0]?.message ?? 'unknown error';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super(`Pyxis GraphQL error (HTTP ${httpCode}): ${first}${more}`, { traceId });
    this.httpCode = httpCode;
    this.errors = errors;
    this.data = data;
  }
}

/** How much of a response body an error keeps: enough to recognise an HTML error page, not a whole dump. */
export const BODY_EXCERPT_LENGTH = 500;

/** The server answered with something that is not a GraphQL response: a non-2xx status or a body that is not JSON. */
export class PyxisHttpError extends PyxisError {
  override name = 'PyxisHttpError';
  readonly httpCode: number;
  /** The start of the response body. */
  readonly body: string;

  constructor(reason: string, httpCode: number, body: string, traceId?: string) {
    const excerpt = body.length > BODY_EXCERPT_LENGTH ? `${body.slice(0, BODY_EXCERPT_LENGTH)}…` : body;
    super(`Pyxis HTTP ${httpCode}: ${reason}`, { traceId });
    this.httpCode = httpCode;
    this.body = excerpt;
  }
}

/** A request took longer than its `timeout`. */
export class PyxisTimeoutError extends PyxisError {
  override name = 'PyxisTimeoutError';
  readonly timeout: number;

  constructor(timeout: number) {
    super(`Pyxis request timed out after ${timeout} ms`);
    this.timeout = timeout;
  }
}
