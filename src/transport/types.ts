import type { DocumentNode, GraphQLFormattedError } from 'graphql';

export type Variables = Record<string, unknown>;

/** A parsed document, or a GraphQL string sent as it is (so that a syntax error comes from the server). */
export type Document = DocumentNode | string;

/** One GraphQL response, as the transport hands it over. */
export interface PyxisResponse {
  data: Record<string, unknown>;
  /** The `trace_id` response header, when present. */
  traceId: string | undefined;
  /**
   * The GraphQL errors beside `data`: only on a response a lookup taking partial data was handed (the transport
   * itself rejects such a response with a PyxisGraphQLError).
   */
  errors?: readonly GraphQLFormattedError[];
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

/** What a client's traffic control is doing, for logs and the CLI's summary. */
export interface Traffic {
  /** The cap on requests in flight now (it moves when `maxConcurrency` is adaptive). */
  concurrency: number;
  /** Requests holding one of those slots now. */
  inFlight: number;
  /** Answers 429 or 503 that paused the client. */
  throttled: number;
  /** Milliseconds the client held every new request back, in all. */
  pausedMs: number;
}
