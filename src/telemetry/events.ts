// The client's `onEvent` hook: one typed event per HTTP attempt's start and end, per retry, and per answer that
// pauses the whole client, for users who log with pino or similar and run no OpenTelemetry.
import type { AttemptOutcome, ObservedRequest, OperationType, RequestObserver } from '../transport/index.js';
import { errorTypeOf } from './error-type.js';
import { safely } from './guard.js';

/** What every event says about its request. */
export interface PyxisRequestEventBase {
  /** The GraphQL operation's type; undefined for a raw document whose head cannot be read. */
  operationType: OperationType | undefined;
  /** The operation's name, e.g. `GetRepositoryByRegistryPath`, or `PyxisBatch` for an auto-batched request. */
  operationName: string | undefined;
  /** The endpoint, credentials and query values redacted. */
  url: string;
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  attempt: number;
  /** How many lookups the request carries: more than 1 when batched. */
  lookups: number;
}

/** An HTTP attempt starts (it has its request slot: the wait for one is not part of it). */
export interface PyxisRequestStartEvent extends PyxisRequestEventBase {
  type: 'request-start';
}

/** An HTTP attempt ended, with a response or without one. */
export interface PyxisRequestEndEvent extends PyxisRequestEventBase {
  type: 'request-end';
  /** The HTTP status, undefined when no response arrived (network error, timeout, abort). */
  status: number | undefined;
  /** How long the attempt took, in ms. */
  durationMs: number;
  /** Pyxis' `trace_id` response header: quote it to the Pyxis team. */
  traceId: string | undefined;
  /** The attempt's failure (usually a `PyxisError`), undefined when it succeeded. */
  error: unknown;
  /** Low-cardinality kind of the failure: the HTTP status (`"503"`) or the error's name (`"PyxisTimeoutError"`). */
  errorType: string | undefined;
}

/** An attempt failed and the request is sent again after `delayMs`; `attempt` is the one that failed. */
export interface PyxisRetryEvent extends PyxisRequestEventBase {
  type: 'retry';
  error: unknown;
  errorType: string;
  delayMs: number;
}

/**
 * The answer to this attempt (`status` 429 or 503) holds the whole client back: no attempt of any request goes out
 * for `pauseMs` from now. Comes after the attempt's `request-end`, before its `retry`.
 */
export interface PyxisPauseEvent extends PyxisRequestEventBase {
  type: 'pause';
  status: number;
  pauseMs: number;
}

export type PyxisEvent = PyxisRequestStartEvent | PyxisRequestEndEvent | PyxisRetryEvent | PyxisPauseEvent;

/** Hears of every event. It must not throw; if it does (or returns a promise that rejects), see `guarded`. */
export type PyxisEventHandler = (event: PyxisEvent) => void;

/**
 * The observer that turns the transport's notices into events for `onEvent`. A throw of the handler, or the
 * rejection of a promise it returns, goes to `report` instead of the request.
 */
export function eventObserver(handler: PyxisEventHandler, report: (error: unknown) => void): RequestObserver {
  const onEvent = (event: PyxisEvent) => safely(() => handler(event), report);
  const base = (request: ObservedRequest, attempt: number): PyxisRequestEventBase => ({
    operationType: request.operationType,
    operationName: request.operationName,
    url: request.url,
    attempt,
    lookups: request.lookups,
  });
  return {
    attemptStarted(request, attempt) {
      onEvent({ type: 'request-start', ...base(request, attempt) });
      return undefined;
    },
    attemptEnded(request, attempt, _handle, outcome: AttemptOutcome) {
      onEvent({
        type: 'request-end',
        ...base(request, attempt),
        status: outcome.status,
        durationMs: outcome.durationMs,
        traceId: outcome.traceId,
        error: outcome.error,
        errorType: outcome.error === undefined ? undefined : errorTypeOf(outcome.error, outcome.status),
      });
    },
    retrying(request, attempt, error, delayMs) {
      onEvent({
        type: 'retry',
        ...base(request, attempt),
        error,
        errorType: errorTypeOf(error, undefined),
        delayMs,
      });
    },
    paused(request, attempt, status, pauseMs) {
      onEvent({ type: 'pause', ...base(request, attempt), status, pauseMs });
    },
  };
}
