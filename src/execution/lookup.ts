import type { DocumentNode } from 'graphql';
import type { AsyncJob } from './async.js';
import type { BatchJob } from './batch.js';

export type Variables = Record<string, unknown>;

/** Per-call options that every method accepts as the last argument. */
export interface CallOptions {
  /** Aborting it rejects the call with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Milliseconds one HTTP request may take (each attempt, when retried); overrides the client's `timeout`. */
  timeout?: number | undefined;
  /**
   * Milliseconds the whole call may take, every page, retry and wait included; overrides the client's
   * `deadline`. Past it the call rejects with a `PyxisDeadlineError`.
   */
  deadline?: number | undefined;
}

/** One GraphQL response, as the transport hands it over. */
export interface PyxisResponse {
  data: Record<string, unknown>;
  /** The `trace_id` response header, when present. */
  traceId: string | undefined;
}

/** Sends one document, bound to the options of the call it belongs to (signal, timeout). */
export type Send = (document: Document, variables: Variables) => Promise<PyxisResponse>;

/** A parsed document, or a GraphQL string sent as it is (so that a syntax error comes from the server). */
export type Document = DocumentNode | string;

/** Whatever can send a GraphQL document: the HTTP transport, or a test double. */
export interface Transport {
  send(document: Document, variables: Variables, options: CallOptions): Promise<PyxisResponse>;
}

/**
 * One Pyxis method call, described rather than performed: the document and variables of its first request,
 * and how to turn that response into the typed result. Executors decide when and how it is sent; `complete`
 * may send more requests (further pages) through `send`.
 */
export interface Lookup<T> {
  /** What `complete` makes of the response (the method's name): identical lookups share one request. */
  readonly kind: string;
  readonly document: Document;
  readonly variables: Variables;
  complete(response: PyxisResponse, send: Send): T | Promise<T>;
}

/** Decides what a method call returns: the default executor sends at once and returns a promise of the value. */
export interface Executor {
  execute<T>(lookup: Lookup<T>, options: CallOptions): unknown;
  /** What a call returns when its arguments are refused before any request. */
  refuse(error: unknown): unknown;
}

/**
 * How a client runs its calls, and so what its methods return: a promise of the value (`default`), an `AsyncJob`
 * (`async`), a `BatchJob` (`batch`), or nothing at all (`async-fire`, `batch-fire`: `returnResult: false`).
 */
export type ExecutionMode = 'default' | 'async' | 'async-fire' | 'batch' | 'batch-fire';

export type Outcome<M extends ExecutionMode, T> = M extends 'default'
  ? Promise<T>
  : M extends 'async'
    ? AsyncJob<T>
    : M extends 'batch'
      ? BatchJob<T>
      : undefined;

/** The `context` property of a client in each mode, as python-arango names them. */
export type ContextOf<M extends ExecutionMode> = M extends 'async' | 'async-fire'
  ? 'async'
  : M extends 'batch' | 'batch-fire'
    ? 'batch'
    : 'default';
