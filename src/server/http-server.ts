// The embedded Pyxis on node:http: a GraphQL-over-HTTP endpoint on loopback, with latency and fault knobs,
// request statistics, and a close() that ends every connection, idle keep-alive and stalled ones included.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { TRACE_ID_HEADER } from '../shared/headers.js';
import { checkInteger, checkOptionsObject, InvalidOptionError, optionNames } from '../shared/options.js';
import { API_KEY_HEADER, checkRequireApiKey, refusalOf, refusingOverrides } from './auth.js';
import { CapacityGate, type CapacityStats } from './capacity.js';
import {
  CONTENT_ENCODINGS,
  Compression,
  type CompressionOptions,
  type ContentEncoding,
  compress,
} from './compression.js';
import type { DatasetOptions, PyxisDataset } from './dataset.js';
import { PyxisEngine } from './engine.js';
import {
  type AnswerFaultKind,
  FAULT_KINDS,
  type FaultKind,
  type FaultOptions,
  FaultPlan,
  isAnswerFault,
  Latency,
  type LatencyOptions,
} from './faults.js';
import { type GraphQLHttpResponse, JSON_CONTENT_TYPE, newTraceId, textResponse } from './protocol.js';

/** Where the GraphQL endpoint is served: the same path as the real service's. */
export const PYXIS_GRAPHQL_PATH = '/api/containers/graphql/';

export interface PyxisServerOptions {
  /** The port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** The address to listen on. Default '127.0.0.1'. */
  host?: string;
  /** The data to serve: a dataset, or the options to generate one with. Default: `createDataset()`. */
  dataset?: PyxisDataset | DatasetOptions;
  /** Added to every request to the endpoint before it is answered. */
  latency?: LatencyOptions;
  /** Rates of injected faults, each in [0, 1], and how they are drawn (`seed`, `keyed`). */
  faults?: FaultOptions;
  /** The largest `page_size` served; larger requests are clamped to it. Default 500. */
  maxPageSize?: number;
  /** Largest accepted request body, in bytes; larger ones get HTTP 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Answer only requests that send this key as `X-API-KEY`, as Pyxis answers partners: without a key each data
   * field reports a 401 in its `error`, with another key a 403 (`get_ping` answers either way). Default: no key.
   */
  requireApiKey?: string;
  /**
   * Requests worked on at once, like a service with that many workers: the ones beyond wait in line for a slot,
   * first come first served, and each holds its slot for its `latency` and until its answer is sent, so latency
   * grows with the queue. A positive integer or Infinity. Default Infinity (every request at once).
   */
  capacity?: number;
  /**
   * Requests in flight at most (running and queued); one more is answered 429 at once, with `Retry-After:
   * overloadRetryAfterSeconds`. At least `capacity`. Default 4 x `capacity` (Infinity without a capacity).
   */
  maxInFlight?: number;
  /** Seconds sent in `Retry-After` with the 429s of `maxInFlight`. Default 1. */
  overloadRetryAfterSeconds?: number;
  /**
   * Compress answers of at least `minBytes` (default 1024) with br or gzip when the request's Accept-Encoding asks
   * for one (q-values honoured; br preferred on a tie), as Pyxis' fronts do. `false`: never. Default true.
   */
  compression?: boolean | CompressionOptions;
}

export interface PyxisServerStats extends CapacityStats {
  /** Every HTTP request received, faulted and rejected ones included. */
  httpRequests: number;
  /** Root fields executed (an aliased document with 50 root fields counts 50). */
  rootFields: number;
  /** Root fields executed, by field name. */
  rootFieldsByName: Record<string, number>;
  /** Faults injected, by kind. */
  faults: Record<FaultKind, number>;
  /** Answers sent compressed because the request asked, by encoding (`gzipUnasked` and bombs not included). */
  compressed: Record<ContentEncoding, number>;
  /** Bytes of response bodies sent, as sent (compressed ones compressed): the payload on the wire. */
  responseBodyBytes: number;
}

export interface PyxisServer {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:41234/api/containers/graphql/`. */
  readonly url: string;
  readonly port: number;
  /** The data served. */
  readonly dataset: PyxisDataset;
  /** Requests worked on at once (the `capacity` option; Infinity: no limit). */
  readonly capacity: number;
  /** Requests in flight past which it answers 429 (the `maxInFlight` option, or its default). */
  readonly maxInFlight: number;
  /** A snapshot of the counters; `{ reset: true }` zeroes them after taking it. */
  stats(options?: { reset?: boolean }): PyxisServerStats;
  /** Stops listening, ends every connection (keep-alive, stalled, waiting on latency), and resolves when closed. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Every option's name: a new option must be added here, or `startPyxisServer` refuses it as unknown. */
const SERVER_OPTIONS = optionNames<PyxisServerOptions>({
  port: true,
  host: true,
  dataset: true,
  latency: true,
  faults: true,
  maxPageSize: true,
  maxBodyBytes: true,
  requireApiKey: true,
  capacity: true,
  maxInFlight: true,
  overloadRetryAfterSeconds: true,
  compression: true,
});
/** What a stalled response sends before going silent: enough for a client to start reading a body. */
const STALLED_BODY_START = '{"data":';

export async function startPyxisServer(options: PyxisServerOptions = {}): Promise<PyxisServer> {
  const server = new EmbeddedPyxisServer(options);
  await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return server;
}

class EmbeddedPyxisServer implements PyxisServer {
  readonly dataset: PyxisDataset;
  readonly #engine: PyxisEngine;
  readonly #latency: Latency;
  readonly #faults: FaultPlan;
  readonly #gate: CapacityGate;
  readonly #compression: Compression;
  readonly #maxBodyBytes: number;
  readonly #requiredApiKey: string | undefined;
  readonly #http: Server;
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #stats: OwnStats = emptyStats();
  #url = '';
  #port = 0;
  #closed: Promise<void> | undefined;

  constructor(options: PyxisServerOptions) {
    // Options first: a typo should fail at once, not after generating a dataset.
    checkOptionsObject(options, SERVER_OPTIONS, 'startPyxisServer options');
    checkInteger('port', options.port, { min: 0, max: 65535 });
    if (options.host !== undefined && typeof options.host !== 'string') {
      throw new InvalidOptionError('host', options.host, 'a host name or address');
    }
    this.#latency = new Latency(options.latency);
    this.#faults = new FaultPlan(options.faults);
    this.#gate = new CapacityGate(options);
    this.#compression = new Compression(options.compression);
    this.#maxBodyBytes =
      checkInteger('maxBodyBytes', options.maxBodyBytes, { min: 1 }) ?? DEFAULT_MAX_BODY_BYTES;
    this.#requiredApiKey = checkRequireApiKey(options.requireApiKey);
    this.#engine = new PyxisEngine({ dataset: options.dataset, maxPageSize: options.maxPageSize });
    this.dataset = this.#engine.dataset;
    // HTTP keep-alive is node:http's default; `keepAlive` here also keeps idle TCP connections probed.
    this.#http = createServer({ keepAlive: true }, (request, response) => this.#onRequest(request, response));
    this.#http.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  get url(): string {
    return this.#url;
  }

  get port(): number {
    return this.#port;
  }

  get capacity(): number {
    return this.#gate.capacity;
  }

  get maxInFlight(): number {
    return this.#gate.maxInFlight;
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#http.once('error', reject);
      this.#http.listen(port, host, () => {
        this.#http.off('error', reject);
        const address = this.#http.address() as AddressInfo;
        this.#port = address.port;
        const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        this.#url = `http://${hostname}:${address.port}${PYXIS_GRAPHQL_PATH}`;
        resolve();
      });
    });
  }

  stats(options: { reset?: boolean } = {}): PyxisServerStats {
    const { httpRequests, rootFields, rootFieldsByName, faults, compressed, responseBodyBytes } = this.#stats;
    const snapshot = {
      httpRequests,
      rootFields,
      rootFieldsByName: { ...rootFieldsByName },
      faults: { ...faults },
      compressed: { ...compressed },
      responseBodyBytes,
      ...this.#gate.stats(options),
    };
    if (options.reset) this.#stats = emptyStats();
    return snapshot;
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = new Promise((resolve) => this.#http.close(() => resolve()));
      this.#gate.stop();
      for (const timer of this.#timers) clearTimeout(timer);
      this.#timers.clear();
      // server.close() only waits for connections to end; stalled and keep-alive ones never would.
      for (const socket of this.#sockets) socket.destroy();
    }
    return this.#closed;
  }

  #onRequest(request: IncomingMessage, response: ServerResponse): void {
    this.#stats.httpRequests++;
    const traceId = newTraceId();
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const search = queryStart === -1 ? '' : url.slice(queryStart);
    if (path !== PYXIS_GRAPHQL_PATH && `${path}/` !== PYXIS_GRAPHQL_PATH) {
      request.resume();
      this.#send(response, textResponse(404, 'Not Found'), traceId);
      return;
    }
    this.#readBody(request, (body) => {
      if (body === undefined) {
        this.#send(response, textResponse(413, 'Payload Too Large'), traceId);
        return;
      }
      const leave = this.#gate.enter(() => {
        // Latency is the time a request holds its slot, as work would: a queued one waits for it first.
        const delay = this.#latency.next();
        if (delay > 0) this.#later(delay, () => this.#answer(request, response, search, body, traceId));
        else this.#answer(request, response, search, body, traceId);
      });
      if (!leave) {
        const retryAfter = String(this.#gate.retryAfterSeconds);
        this.#send(response, textResponse(429, 'Too Many Requests', { 'retry-after': retryAfter }), traceId);
        return;
      }
      // The slot is free again once the answer is out, or once the client has gone (a stalled answer, a drop).
      response.once('finish', () => leave(true));
      response.once('close', () => leave(false));
    });
  }

  #answer(
    request: IncomingMessage,
    response: ServerResponse,
    search: string,
    body: string,
    traceId: string,
  ): void {
    if (response.destroyed) return;
    const fault = this.#faults.next(body);
    if (fault) this.#stats.faults[fault]++;
    if (fault && !isAnswerFault(fault)) {
      this.#inject(fault, request, response, traceId);
      return;
    }
    let answer: GraphQLHttpResponse;
    try {
      const refusal = refusalOf(this.#requiredApiKey, headerValue(request.headers[API_KEY_HEADER]));
      answer = this.#engine.handle(
        { method: request.method ?? 'GET', search, body },
        refusal && refusingOverrides(refusal),
      );
    } catch (error) {
      answer = textResponse(500, `Internal Server Error: ${(error as Error).message}`);
    }
    this.#stats.rootFields += answer.rootFields.length;
    const byName = this.#stats.rootFieldsByName;
    for (const name of answer.rootFields) byName[name] = (byName[name] ?? 0) + 1;
    this.#sendAnswer(request, response, answer, traceId, fault);
  }

  /** An answer of the engine: compressed when the request asks (or a fault says so), otherwise as it is. */
  #sendAnswer(
    request: IncomingMessage,
    response: ServerResponse,
    answer: GraphQLHttpResponse,
    traceId: string,
    fault: AnswerFaultKind | undefined,
  ): void {
    const body = Buffer.from(answer.body);
    if (fault === 'gzipBomb') {
      this.#send(response, answer, traceId, this.#faults.gzipBomb.wrap(body), 'gzip');
      return;
    }
    const encoding =
      fault === 'gzipUnasked'
        ? 'gzip'
        : this.#compression.choose(headerValue(request.headers['accept-encoding']), body.length);
    if (encoding === undefined) {
      this.#send(response, answer, traceId, body);
      return;
    }
    compress(body, encoding, (error, compressed) => {
      // zlib fails on a memory shortage only; the answer still goes out, as it is.
      if (error) this.#send(response, answer, traceId, body);
      else {
        if (fault === undefined) this.#stats.compressed[encoding]++;
        this.#send(response, answer, traceId, compressed, encoding);
      }
    });
  }

  #inject(fault: FaultKind, request: IncomingMessage, response: ServerResponse, traceId: string): void {
    switch (fault) {
      case 'http500':
        this.#send(response, textResponse(500, 'Internal Server Error'), traceId);
        return;
      case 'http429':
        this.#send(
          response,
          textResponse(429, 'Too Many Requests', { 'retry-after': String(this.#faults.retryAfterSeconds) }),
          traceId,
        );
        return;
      case 'drop':
        request.socket.destroy();
        return;
      case 'stall':
        // Headers and the start of a body, then silence, until the client gives up or close() ends the socket.
        response.writeHead(200, { 'content-type': JSON_CONTENT_TYPE, [TRACE_ID_HEADER]: traceId });
        response.write(STALLED_BODY_START);
        this.#stats.responseBodyBytes += STALLED_BODY_START.length;
        return;
    }
  }

  /** Sends `answer`, or its status and headers with `body` (its body compressed with `encoding`) instead. */
  #send(
    response: ServerResponse,
    answer: GraphQLHttpResponse,
    traceId: string,
    body: Buffer | string = answer.body,
    encoding?: ContentEncoding,
  ): void {
    if (response.destroyed) return;
    const length = Buffer.byteLength(body);
    response.writeHead(answer.status, {
      ...answer.headers,
      'content-length': length,
      ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
      ...(this.#compression.minBytes === undefined ? {} : { vary: 'accept-encoding' }),
      [TRACE_ID_HEADER]: traceId,
    });
    this.#stats.responseBodyBytes += length;
    response.end(body);
  }

  /** The whole body as text, or undefined once it grows past the limit. */
  #readBody(request: IncomingMessage, done: (body: string | undefined) => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.#maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    request.once('end', () => done(tooLarge ? undefined : Buffer.concat(chunks, size).toString('utf8')));
    // A client that goes away mid-body leaves nothing to answer.
    request.once('error', () => undefined);
  }

  /**
   * Runs `run` `ms` from now. A timer alone fires up to a millisecond late (libuv counts whole milliseconds), which
   * on a 20 ms latency is a 5% error in every benchmark built on it: the last millisecond is waited out on the
   * event loop instead.
   */
  #later(ms: number, run: () => void): void {
    const due = performance.now() + ms;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#at(due, run);
    }, ms - 1);
    this.#timers.add(timer);
  }

  #at(due: number, run: () => void): void {
    if (this.#closed) return;
    if (performance.now() >= due) run();
    else setImmediate(() => this.#at(due, run));
  }
}

/** Node joins repeated headers it does not know with ", "; an array only comes from set-cookie and the like. */
function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The counters the server keeps itself; the capacity gate keeps its own. */
type OwnStats = Omit<PyxisServerStats, keyof CapacityStats>;

function emptyStats(): OwnStats {
  return {
    httpRequests: 0,
    rootFields: 0,
    rootFieldsByName: {},
    faults: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>,
    compressed: Object.fromEntries(CONTENT_ENCODINGS.map((encoding) => [encoding, 0])) as Record<
      ContentEncoding,
      number
    >,
    responseBodyBytes: 0,
  };
}
