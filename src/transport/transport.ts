import { type DocumentNode, print } from 'graphql';
import { ClientError, GraphQLClient } from 'graphql-request';
import { Agent } from 'undici';
import {
  PyxisClientClosedError,
  PyxisError,
  PyxisGraphQLError,
  PyxisHttpError,
  PyxisNetworkError,
  PyxisRedirectError,
  PyxisTimeoutError,
} from '../errors/index.js';
import { TRACE_ID_HEADER } from '../shared/headers.js';
import { queryCredentials, redactUrl } from '../shared/redact-url.js';
import { Attempt } from './attempt.js';
import { type BodyReading, collectChunks, type RawResponse, type ResponseHeaders, readBody } from './body.js';
import { post } from './dispatch.js';
import type { TransportOptions } from './options.js';
import { holdsOnlyQueries, isRetryable, parseRetryAfter, type RetryPolicy, retryRequest } from './retry.js';
import { Slots } from './slots.js';
import type { Document, PyxisResponse, RequestOptions, Transport, Variables } from './types.js';

/** What one attempt saw of the HTTP exchange, kept so that its failure can be told precisely. */
interface Exchange {
  /** Whether the request reached `fetch`: a failure before that is about the request, not the network. */
  sent: boolean;
  /** Where the request went last (after redirects). */
  url: string;
  status?: number;
  headers?: ResponseHeaders;
  /** The whole body, once read. */
  body?: string;
}

/**
 * Node's own fetch, unless something replaced it before this module loaded (MSW's stand-in is named `fetchProxy`).
 * While the global fetch is still this one, requests go through undici's dispatcher instead (see dispatch.ts): on
 * Node 20 that answers several times more requests per second than fetch. Once something patches the global fetch (MSW in a test), the
 * client goes through it, so mocks see every request.
 */
const NODE_FETCH = globalThis.fetch?.name === 'fetch' ? globalThis.fetch : undefined;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** The only request headers that follow a redirect to another origin: no credentials, no custom headers. */
const CROSS_ORIGIN_HEADERS = ['accept', 'content-type'];

/**
 * Sends GraphQL documents over HTTP with graphql-request, retries what may succeed on a second try, and turns every
 * failure into a typed PyxisError.
 */
export class HttpTransport implements Transport {
  readonly #options: TransportOptions;
  /** What never shows in an error: credential header values, and the long query values of the endpoint URL. */
  readonly #secrets: readonly string[];
  readonly #policy: RetryPolicy;
  readonly #body: BodyReading;
  /** Keep-alive connections, as many as requests may be in flight; it also carries the mTLS settings. */
  readonly #agent: Agent;
  readonly #slots: Slots;
  /** Printing a document costs more than sending it: each of ours is printed once. */
  readonly #printed = new WeakMap<DocumentNode, string>();
  /** Set by `close()`: every request after it is refused. */
  #closed = false;
  /** Aborts the requests in flight, and refuses any later one, once `abort()` is called. */
  readonly #closing = new AbortController();
  /** Requests between `send` and their settling (retries included), and what `close()` waits on. */
  #active = 0;
  #idle: (() => void) | undefined;
  #whenClosed: Promise<void> | undefined;

  constructor(options: TransportOptions) {
    this.#options = options;
    this.#secrets = [...options.secrets, ...queryCredentials(options.url)];
    this.#policy = { retries: options.retries, delay: options.retryDelay };
    this.#body = {
      limit: options.maxResponseBytes,
      decoder: new TextDecoder('utf-8', { fatal: true }),
      redact: (text) => this.#redact(text),
    };
    // Node's global fetch (its bundled undici 6 on Node 20) accepts this undici 7 Agent as its dispatcher too: the
    // Agent still speaks the handler protocol of undici 6. The mTLS tests prove it on every run.
    this.#agent = new Agent({
      connections: options.maxConcurrency,
      ...(options.tls && { connect: { ...options.tls } }),
    });
    this.#slots = new Slots(options.maxConcurrency);
  }

  /**
   * Refuses every request from now on, waits for those in flight (their retries included), then closes the
   * kept-alive connections. Every call resolves when that is done.
   */
  close(): Promise<void> {
    this.#closed = true;
    this.#whenClosed ??= this.#settled().then(async () => {
      await this.#agent.close();
    });
    return this.#whenClosed;
  }

  /** Stops every request in flight, and any sent from now on, with a PyxisClientClosedError. */
  abort(): void {
    if (!this.#closing.signal.aborted) this.#closing.abort(new PyxisClientClosedError(true));
  }

  #settled(): Promise<void> {
    if (this.#active === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idle = resolve;
    });
  }

  async send(document: Document, variables: Variables, options: RequestOptions): Promise<PyxisResponse> {
    if (this.#closed) throw new PyxisClientClosedError();
    this.#active += 1;
    try {
      return await this.#send(document, variables, options);
    } catch (error) {
      // Each request stopped by the close gets an error of its own (errors are annotated as they travel up).
      const stoppedByClose = this.#closing.signal.aborted && error === this.#closing.signal.reason;
      throw stoppedByClose ? new PyxisClientClosedError(true) : error;
    } finally {
      this.#active -= 1;
      if (this.#active === 0) this.#idle?.();
    }
  }

  async #send(document: Document, variables: Variables, options: RequestOptions): Promise<PyxisResponse> {
    const { signal } = options;
    const timeout = options.timeout ?? this.#options.timeout;
    const query = this.#print(document);
    const closing = this.#closing.signal;
    try {
      return await this.#attempt(query, variables, signal, timeout);
    } catch (error) {
      if (
        this.#policy.retries === 0 ||
        signal?.aborted ||
        closing.aborted ||
        !isRetryable(error) ||
        !holdsOnlyQueries(document)
      ) {
        throw error;
      }
      return retryRequest(
        () => this.#attempt(query, variables, signal, timeout),
        error,
        this.#policy,
        signal,
        closing,
        options.deadlineAt,
      );
    }
  }

  #print(document: Document): string {
    if (typeof document === 'string') return document;
    let text = this.#printed.get(document);
    if (text === undefined) {
      text = print(document);
      this.#printed.set(document, text);
    }
    return text;
  }

  /** One HTTP request in one of the client's slots, bounded by `timeout` (the wait for a slot is not counted). */
  async #attempt(
    query: string,
    variables: Variables,
    signal: AbortSignal | undefined,
    timeout: number,
  ): Promise<PyxisResponse> {
    signal?.throwIfAborted();
    this.#closing.signal.throwIfAborted();
    await this.#slots.acquire(signal);
    try {
      this.#closing.signal.throwIfAborted(); // closed with abort while this request waited for a slot
      return await this.#attemptInSlot(query, variables, signal, timeout);
    } finally {
      this.#slots.release();
    }
  }

  async #attemptInSlot(
    query: string,
    variables: Variables,
    signal: AbortSignal | undefined,
    timeout: number,
  ): Promise<PyxisResponse> {
    const attempt = new Attempt(timeout, signal, this.#closing.signal);
    const exchange: Exchange = { sent: false, url: this.#options.url };
    const client = new GraphQLClient(this.#options.url, {
      headers: this.#options.headers,
      excludeOperationName: true,
      fetch: (url: URL | RequestInfo, init?: RequestInit) => this.#fetch(url, init ?? {}, exchange, attempt),
    });
    try {
      const result = await client.rawRequest<Record<string, unknown>>({ query, variables });
      const traceId = result.headers.get(TRACE_ID_HEADER) ?? undefined;
      const data: unknown = result.data;
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        const reason = Array.isArray(data)
          ? 'response body is a JSON array, not a GraphQL response object'
          : 'response has no "data" object (and no "errors")';
        throw this.#httpError(reason, result.status, exchange, traceId);
      }
      return { data: data as Record<string, unknown>, traceId };
    } catch (error) {
      throw this.#classify(error, attempt, signal, exchange);
    } finally {
      attempt.end();
    }
  }

  /**
   * graphql-request's `fetch`: follows 307/308 redirects itself, so that credentials never go to another origin,
   * and reads the body within `maxResponseBytes`, as strict UTF-8.
   */
  async #fetch(
    url: URL | RequestInfo,
    init: RequestInit,
    exchange: Exchange,
    attempt: Attempt,
  ): Promise<Response> {
    let requestInit: RequestInit = init;
    let target = url;
    exchange.sent = true;
    let response = await this.#post(target, requestInit, attempt);
    for (let hops = 0; REDIRECT_STATUSES.has(response.status); hops++) {
      const location = response.headers.get('location');
      if (location === null) break;
      await response.discard();
      const from = new URL(String(target));
      const next = new URL(location, from);
      const refusal = this.#redirectRefusal(response.status, from, next, hops);
      if (refusal !== undefined) {
        const traceId = response.headers.get(TRACE_ID_HEADER) ?? undefined;
        throw new PyxisRedirectError(
          this.#redact(refusal),
          response.status,
          this.#redact(redactUrl(next.href)),
          traceId,
        );
      }
      if (next.origin !== from.origin) {
        requestInit = { ...requestInit, headers: withoutCredentials(requestInit.headers) };
      }
      target = next;
      exchange.url = next.href;
      response = await this.#post(target, requestInit, attempt);
    }
    exchange.status = response.status;
    exchange.headers = response.headers;
    exchange.body = await readBody(response, this.#body);
    return readResponse(response.status, response.headers, exchange.body);
  }

  /** Why the redirect from `from` to `next` is not followed, if it is not. */
  #redirectRefusal(status: number, from: URL, next: URL, hops: number): string | undefined {
    const setUrl = 'set the client\'s "url" to the new endpoint';
    const shown = redactUrl(next.href);
    if (status !== 307 && status !== 308) {
      return `redirected to ${shown}, and a ${status} redirect would turn the POST into a GET: ${setUrl}`;
    }
    if (hops === MAX_REDIRECTS) return `more than ${MAX_REDIRECTS} redirects`;
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
      return `redirected to a ${next.protocol} URL`;
    if (from.protocol === 'https:' && next.protocol === 'http:') {
      return `redirected to ${shown}: from https to http, the request would travel in clear text`;
    }
    // The Agent presents the client certificate on every TLS connection: another host would get it too.
    if (this.#options.tls?.cert !== undefined && next.origin !== from.origin) {
      return `redirected to another origin (${next.origin}), and a client with a client certificate follows redirects only within its own: ${setUrl}`;
    }
    return undefined;
  }

  /** One POST, redirects not followed: through the global (or given) fetch when patched, else through undici. */
  async #post(target: URL | RequestInfo, init: RequestInit, attempt: Attempt): Promise<RawResponse> {
    const fetchImpl = this.#options.fetch ?? (globalThis.fetch === NODE_FETCH ? undefined : globalThis.fetch);
    if (fetchImpl) {
      const controller = new AbortController();
      attempt.onAbort((reason) => controller.abort(reason));
      const response = await fetchImpl(target, {
        ...init,
        signal: controller.signal,
        redirect: 'manual',
        dispatcher: this.#agent,
      } as RequestInit);
      const body = response.body;
      return {
        status: response.status,
        headers: response.headers,
        // Node's ReadableStream is async iterable; the DOM typings do not say so.
        collect: async (limit) =>
          body ? collectChunks(body as unknown as AsyncIterable<Uint8Array>, limit) : new Uint8Array(),
        discard: async () => body?.cancel(),
      };
    }
    const url = target instanceof URL ? target : new URL(String(target));
    return post(this.#agent, url, Object.fromEntries(init.headers as Headers), init.body as string, attempt);
  }

  #classify(
    error: unknown,
    attempt: Attempt,
    callSignal: AbortSignal | undefined,
    exchange: Exchange,
  ): unknown {
    if (callSignal?.aborted) return callSignal.reason;
    if (attempt.aborted && attempt.reason instanceof PyxisTimeoutError) return attempt.reason;
    if (attempt.aborted && attempt.reason === this.#closing.signal.reason) return attempt.reason;
    if (error instanceof PyxisError) return error;
    if (error instanceof ClientError) {
      const { status, errors, data } = error.response;
      const headers = exchange.headers;
      const traceId = headers?.get(TRACE_ID_HEADER) ?? undefined;
      const hint = { retryAfter: retryAfterOf(status, headers) };
      if (errors?.length) {
        return new PyxisGraphQLError(status, this.#redactJson(errors), traceId, this.#redactJson(data), hint);
      }
      return this.#httpError(describeStatus(status, headers), status, exchange, traceId);
    }
    if (!exchange.sent) {
      const reason = error instanceof Error ? error.message : String(error);
      return new TypeError(`Pyxis request could not be built: ${reason}`, { cause: error });
    }
    if (exchange.body !== undefined && exchange.status !== undefined) {
      return this.#httpError(describeBody(exchange), exchange.status, exchange);
    }
    return this.#networkError(error, exchange);
  }

  #networkError(error: unknown, exchange: Exchange): PyxisNetworkError {
    const code = codeOf(error);
    let reason: string;
    if (exchange.status !== undefined) {
      reason = `the connection broke while the response body arrived (HTTP ${exchange.status})`;
    } else if (code === 'UND_ERR_SOCKET') {
      reason = 'the server closed the connection without answering';
      if (exchange.url.startsWith('https:')) {
        reason +=
          '; a server that requires a client certificate does this when it gets none or rejects the one sent' +
          ' (see the "cert", "key" and "ca" options)';
      }
    } else {
      reason = innermostMessage(error);
    }
    return new PyxisNetworkError(redactUrl(exchange.url), this.#redact(reason), code, error);
  }

  #httpError(reason: string, status: number, exchange: Exchange, traceId?: string): PyxisHttpError {
    const headers = exchange.headers;
    return new PyxisHttpError(
      this.#redact(reason),
      status,
      this.#redact(exchange.body ?? ''),
      traceId ?? headers?.get(TRACE_ID_HEADER) ?? undefined,
      { retryAfter: retryAfterOf(status, headers) },
    );
  }

  /** Hides the client's credentials in text taken from a response, in case the server echoed a request header. */
  #redact(text: string): string {
    for (const secret of this.#secrets) {
      if (text.includes(secret)) text = text.replaceAll(secret, '[redacted]');
    }
    return text;
  }

  #redactJson<T>(value: T): T {
    if (value === undefined || this.#secrets.length === 0) return value;
    const text = JSON.stringify(value);
    const redacted = this.#redact(text);
    return redacted === text ? value : (JSON.parse(redacted) as T);
  }
}

/**
 * The part of a fetch `Response` that graphql-request reads, over a body already read and checked: cheaper than a
 * second `Response`, which would wrap the text in a new stream only for graphql-request to read it back.
 */
function readResponse(status: number, headers: ResponseHeaders, body: string): Response {
  const read: Pick<Response, 'status' | 'ok' | 'text'> & { headers: ResponseHeaders } = {
    status,
    ok: status >= 200 && status < 300,
    headers, // graphql-request only calls `get` on them
    text: () => Promise.resolve(body),
  };
  return read as Response;
}

function withoutCredentials(headers: HeadersInit | undefined): Headers {
  const from = new Headers(headers);
  const kept = new Headers();
  for (const name of CROSS_ORIGIN_HEADERS) {
    const value = from.get(name);
    if (value !== null) kept.set(name, value);
  }
  return kept;
}

function retryAfterOf(status: number, headers: ResponseHeaders | undefined): number | undefined {
  return status === 429 || status === 503 ? parseRetryAfter(headers?.get('retry-after') ?? null) : undefined;
}

function describeStatus(status: number, headers: ResponseHeaders | undefined): string {
  const type = headers?.get('content-type');
  if (status >= 200 && status < 300) return 'response is not a GraphQL response';
  return `server answered with status ${status}${type ? ` (${type.split(';')[0]})` : ''}`;
}

/** Why a 2xx body is not a GraphQL response, as precisely as can be told. */
function describeBody(exchange: Exchange): string {
  const body = exchange.body ?? '';
  if (body.trim() === '') return 'response body is empty';
  const type = exchange.headers?.get('content-type') ?? null;
  if (type === null) return 'response has no content-type (expected application/json)';
  const mediaType = type.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && mediaType !== 'application/graphql-response+json') {
    return `response content-type is ${mediaType}, not application/json`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return `response body is not valid JSON (${(error as Error).message})`;
  }
  if (Array.isArray(parsed)) return 'response body is a JSON array, not a GraphQL response object';
  if (typeof parsed !== 'object' || parsed === null) return 'response body is JSON, but not an object';
  return 'response body is not a GraphQL response ("data", "errors" or "extensions" has the wrong type)';
}

/** The first error code along the `cause` chain: undici and the system put the useful one deep inside. */
function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

function innermostMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.message) message = current.message;
    current = current.cause;
  }
  return message;
}
