// What the transport tells an observer (the client's `onEvent` hook, OpenTelemetry) about each HTTP attempt and
// each retry. The transport knows nothing of lookups or spans: who a request serves travels down in its
// RequestOptions (`calls`), opaque here and only counted.
import { type DocumentNode, Kind } from 'graphql';
import type { Document, RequestOptions } from './types.js';

export type OperationType = 'query' | 'mutation' | 'subscription';

/** One request (every attempt of it, retries included), as an observer sees it. */
export interface ObservedRequest {
  /** The GraphQL operation's type; undefined for a document string whose head cannot be read. */
  readonly operationType: OperationType | undefined;
  /** The operation's name (`PyxisBatch` for a merged request), undefined when it has none. */
  readonly operationName: string | undefined;
  /** The endpoint, credentials and query values redacted. */
  readonly url: string;
  /** How many lookups the request carries: more than 1 for an auto-batched or batch-context request. */
  readonly lookups: number;
  /** The request's options; `calls` holds what the layers above put there for their observer. */
  readonly options: RequestOptions;
}

/** How one HTTP attempt ended. */
export interface AttemptOutcome {
  /** The HTTP status of the last response, undefined when none arrived. */
  readonly status: number | undefined;
  /** From the attempt's start (once it had its request slot) to its end, in ms. */
  readonly durationMs: number;
  /** Pyxis' `trace_id` response header, when present. */
  readonly traceId: string | undefined;
  /** The attempt's failure (a PyxisError, or the call's abort reason), undefined when it succeeded. */
  readonly error: unknown;
}

/**
 * Hears of the transport's attempts and retries. Its methods must never throw: they run inside every request.
 * `attemptStarted` returns what `attemptEnded` is given back for that attempt (a span, say).
 */
export interface RequestObserver {
  /** `attempt` is 1 for the first attempt, 2 for the first retry... */
  attemptStarted(request: ObservedRequest, attempt: number): unknown;
  attemptEnded(request: ObservedRequest, attempt: number, handle: unknown, outcome: AttemptOutcome): void;
  /** Attempt number `attempt` failed with `error`, and the request is sent again after `delayMs`. */
  retrying(request: ObservedRequest, attempt: number, error: unknown, delayMs: number): void;
  /**
   * The answer to attempt `attempt` (a 429 or a 503) holds the whole client back: no attempt of any request goes
   * out for `pauseMs` from now (a longer pause that runs already is not shortened).
   */
  paused?(request: ObservedRequest, attempt: number, status: number, pauseMs: number): void;
  /**
   * False when the observer would record nothing of a request starting now (OpenTelemetry without an SDK): the
   * request is then not watched at all. Absent means always.
   */
  watching?(): boolean;
}

/** A watch of one request for `observer`, or undefined when it records nothing now. */
export function watchRequest(
  observer: RequestObserver,
  document: Document,
  url: string,
  options: RequestOptions,
): RequestWatch | undefined {
  return observer.watching?.() === false ? undefined : new RequestWatch(observer, document, url, options);
}

/** One request being watched for its observer: counts its attempts and times each one. */
export class RequestWatch implements ObservedRequest {
  readonly url: string;
  readonly options: RequestOptions;
  readonly #observer: RequestObserver;
  readonly #document: Document;
  /** Read from the document when an observer first asks: one without a tracer never does. */
  #operation: Operation | undefined;
  #attempts = 0;

  constructor(observer: RequestObserver, document: Document, url: string, options: RequestOptions) {
    this.#observer = observer;
    this.#document = document;
    this.url = url;
    this.options = options;
  }

  get operationType(): OperationType | undefined {
    this.#operation ??= operationOf(this.#document);
    return this.#operation.type;
  }

  get operationName(): string | undefined {
    this.#operation ??= operationOf(this.#document);
    return this.#operation.name;
  }

  get lookups(): number {
    return this.options.calls?.length ?? 1;
  }

  /** An attempt starts now; call `end` on what this returns when it is over. */
  start(): AttemptWatch {
    this.#attempts += 1;
    return new AttemptWatch(this, this.#observer, this.#attempts);
  }

  /** The last attempt's answer (`status`) paused the whole client for `pauseMs` from now. */
  paused(status: number, pauseMs: number): void {
    this.#observer.paused?.(this, this.#attempts, status, pauseMs);
  }

  /** For `retryRequest`: the attempt numbered `attempt` failed, and another follows after `delayMs`. */
  readonly retrying = (error: unknown, attempt: number, delayMs: number): void => {
    this.#observer.retrying(this, attempt, error, delayMs);
  };
}

export class AttemptWatch {
  readonly #request: RequestWatch;
  readonly #observer: RequestObserver;
  readonly #attempt: number;
  readonly #startedAt = performance.now();
  readonly #handle: unknown;

  constructor(request: RequestWatch, observer: RequestObserver, attempt: number) {
    this.#request = request;
    this.#observer = observer;
    this.#attempt = attempt;
    this.#handle = observer.attemptStarted(request, attempt);
  }

  end(status: number | undefined, traceId: string | undefined, error: unknown): void {
    const durationMs = performance.now() - this.#startedAt;
    this.#observer.attemptEnded(this.#request, this.#attempt, this.#handle, {
      status,
      durationMs,
      traceId,
      error,
    });
  }
}

interface Operation {
  type: OperationType | undefined;
  name: string | undefined;
}

const operations = new WeakMap<DocumentNode, Operation>();
/** The head of a document string: `query Name(`, `mutation {`, or a bare `{` (a query). */
const HEAD = /^\s*(?:(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?|(\{))/;

/** The type and name of a document's (first) operation; read once per parsed document. */
export function operationOf(document: Document): Operation {
  if (typeof document === 'string') {
    const match = HEAD.exec(document);
    if (match === null) return { type: undefined, name: undefined };
    return { type: match[3] ? 'query' : (match[1] as OperationType), name: match[2] };
  }
  let operation = operations.get(document);
  if (operation === undefined) {
    const definition = document.definitions.find((node) => node.kind === Kind.OPERATION_DEFINITION);
    operation = { type: definition?.operation as OperationType | undefined, name: definition?.name?.value };
    operations.set(document, operation);
  }
  return operation;
}
