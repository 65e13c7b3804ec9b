import type { Document, PyxisResponse, RequestOptions, Variables } from '../transport/index.js';

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

/** Sends one document, bound to the options of the call it belongs to (signal, timeout). */
export type Send = (document: Document, variables: Variables) => Promise<PyxisResponse>;

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
  /**
   * Whether a first response that holds both `data` and GraphQL errors is completed (with `errors` set) instead
   * of failing the lookup with its PyxisGraphQLError (`request(..., { errors: 'return' })`).
   */
  readonly partial?: boolean;
  complete(response: PyxisResponse, send: Send): T | Promise<T>;
}

/** Decides what a method call returns: the default executor sends at once and returns a promise of the value. */
export interface Executor {
  execute<T>(lookup: Lookup<T>, options: CallOptions): unknown;
  /** What a call returns when its arguments are refused before any request. */
  refuse(error: unknown): unknown;
}

/** The subset of an executor that answers with promises: the default and the auto-batching executors. */
export interface PromiseExecutor extends Executor {
  /** Below `DeadlineExecutor` the options are a request's: the call's deadline is already in force. */
  execute<T>(lookup: Lookup<T>, options: RequestOptions): Promise<T>;
  refuse(error: unknown): Promise<never>;
}
