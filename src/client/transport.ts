import { type DocumentNode, print } from 'graphql';
import { ClientError, GraphQLClient } from 'graphql-request';
import { Agent } from 'undici';
import { PyxisError, PyxisGraphQLError, PyxisHttpError, PyxisTimeoutError } from '../errors/index.js';
import type { CallOptions, Document, PyxisResponse, Transport, Variables } from '../execution/index.js';
import type { ResolvedOptions } from './options.js';

/** What the transport saw of the HTTP response, kept so that errors can quote it. */
interface SeenResponse {
  status: number;
  headers: Headers;
  body: string;
}

/** Sends GraphQL documents over HTTP with graphql-request, and turns every failure into a typed PyxisError. */
export class HttpTransport implements Transport {
  readonly #options: ResolvedOptions;
  readonly #dispatcher: Agent | undefined;
  /** Printing a document costs more than sending it: each of ours is printed once. */
  readonly #printed = new WeakMap<DocumentNode, string>();

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#dispatcher = options.tls ? new Agent({ connect: { ...options.tls } }) : undefined;
  }

  async send(document: Document, variables: Variables, options: CallOptions): Promise<PyxisResponse> {
    const callSignal = options.signal;
    callSignal?.throwIfAborted();
    const timeout = options.timeout ?? this.#options.timeout;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new PyxisTimeoutError(timeout)), timeout);
    const forwardAbort = () => controller.abort(callSignal?.reason);
    callSignal?.addEventListener('abort', forwardAbort, { once: true });

    let seen: SeenResponse | undefined;
    const fetchImpl = this.#options.fetch ?? globalThis.fetch;
    const dispatcher = this.#dispatcher;
    const client = new GraphQLClient(this.#options.url, {
      headers: this.#options.headers,
      excludeOperationName: true,
      fetch: async (url: URL | RequestInfo, init?: RequestInit) => {
        const response = await fetchImpl(url, dispatcher ? ({ ...init, dispatcher } as RequestInit) : init);
        seen = { status: response.status, headers: response.headers, body: await response.text() };
        return new Response(seen.body, { status: response.status, headers: response.headers });
      },
    });
    try {
      const result = await client.rawRequest<Record<string, unknown>>({
        query: this.#print(document),
        variables,
        signal: controller.signal,
      });
      const traceId = result.headers.get('trace_id') ?? undefined;
      if (typeof result.data !== 'object' || result.data === null) {
        throw new PyxisHttpError('response has no "data" object', result.status, seen?.body ?? '', traceId);
      }
      return { data: result.data, traceId };
    } catch (error) {
      throw this.#classify(error, controller.signal, callSignal, seen);
    } finally {
      clearTimeout(timer);
      callSignal?.removeEventListener('abort', forwardAbort);
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

  #classify(
    error: unknown,
    signal: AbortSignal,
    callSignal: AbortSignal | undefined,
    seen: SeenResponse | undefined,
  ): unknown {
    if (callSignal?.aborted) return callSignal.reason;
    if (signal.aborted && signal.reason instanceof PyxisTimeoutError) return signal.reason;
    if (error instanceof PyxisError) return error;
    if (error instanceof ClientError) {
      const { status, errors, data, headers, body } = error.response as typeof error.response & {
        body?: string;
      };
      const traceId = (headers as Headers | undefined)?.get('trace_id') ?? undefined;
      if (errors?.length) return new PyxisGraphQLError(status, errors, traceId, data);
      return new PyxisHttpError(describeStatus(status), status, body ?? seen?.body ?? '', traceId);
    }
    if (seen) {
      const traceId = seen.headers.get('trace_id') ?? undefined;
      return new PyxisHttpError(
        'response body is not a GraphQL JSON response',
        seen.status,
        seen.body,
        traceId,
      );
    }
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    return new PyxisError(`Pyxis request to ${this.#options.url} failed: ${reason}`, { cause: error });
  }
}

function describeStatus(status: number): string {
  return status >= 200 && status < 300
    ? 'response is not a GraphQL response'
    : `server answered with status ${status}`;
}
