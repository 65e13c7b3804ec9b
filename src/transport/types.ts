import type { DocumentNode } from 'graphql';

export type Variables = Record<string, unknown>;

/** A parsed document, or a GraphQL string sent as it is (so that a syntax error comes from the server). */
export type Document = DocumentNode | string;

/** One GraphQL response, as the transport hands it over. */
export interface PyxisResponse {
  data: Record<string, unknown>;
  /** The `trace_id` response header, when present. */
  traceId: string | undefined;
}

/** What one request is bound to: the options of the call it belongs to, as the executors pass them down. */
export interface RequestOptions {
  /** Aborting it stops the request (and its retries) with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Milliseconds one HTTP attempt may take; overrides the transport's default. */
  timeout?: number | undefined;
  /**
   * When the call this request belongs to must be over, on the `performance.now()` clock (monotonic: a change of
   * the wall clock moves no deadline). Set by the one place that puts the call's deadline in force; a retry whose
   * wait would pass it is not made.
   */
  deadlineAt?: number | undefined;
  /**
   * The calls this request serves, one entry each, for the observers of the client (its telemetry puts a span
   * there): set where a call starts, gathered by batching. Opaque to the transport, which only counts them.
   */
  calls?: readonly unknown[] | undefined;
}

/** Whatever can send a GraphQL document: the HTTP transport, or a test double. */
export interface Transport {
  send(document: Document, variables: Variables, options: RequestOptions): Promise<PyxisResponse>;
}
