// One POST through undici's dispatcher API. `undici.request` wraps every response in a Node stream and follows its
// signal with an AbortController's listeners; the client reads whole, small bodies, and collecting the chunks
// as they come costs a fraction of that.
import type { Transform } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Attempt } from './attempt.js';
import { joined, type RawResponse, type ResponseHeaders, UndecodableBody } from './body.js';
import { type ContentCoding, contentCodingOf, corruptBodyReason, createDecoder } from './decode.js';

/** Posts `body` to `url` and resolves once the response's status and headers have arrived. */
export function post(
  dispatcher: Dispatcher,
  url: URL,
  headers: Record<string, string>,
  body: string,
  attempt: Attempt,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const handler = new ResponseCollector(resolve, reject);
    attempt.onAbort((reason) => handler.abort(reason));
    dispatcher.dispatch(
      { origin: url.origin, path: `${url.pathname}${url.search}`, method: 'POST', headers, body },
      handler,
    );
  });
}

type Settle<T> = { resolve(value: T): void; reject(error: unknown): void };

/** The body's end: the whole body, too large (undefined), or the error that cut it short. */
type BodyOutcome = { bytes: Uint8Array | undefined } | { error: unknown };

const DISCARDED = new Error('response body discarded');

class ResponseCollector implements Dispatcher.DispatchHandler {
  readonly #started: Settle<RawResponse>;
  #controller: Dispatcher.DispatchController | undefined;
  #abortReason: { reason: unknown } | undefined;
  #responded = false;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #limit = Number.POSITIVE_INFINITY;
  #outcome: BodyOutcome | undefined;
  #collector: Settle<Uint8Array | undefined> | undefined;
  /** The coding of a compressed body: it is decompressed as it arrives, and `#size` counts decompressed bytes. */
  #coding: Exclude<ContentCoding, 'identity'> | undefined;
  /** Made with the first chunk (which tells raw deflate from zlib's); none for an empty body, which stays empty. */
  #decoder: Transform | undefined;

  constructor(resolve: (response: RawResponse) => void, reject: (error: unknown) => void) {
    this.#started = { resolve, reject };
  }

  /** Stops the exchange now, whatever it is waiting for (a connection, the headers, the body). */
  abort(reason: unknown): void {
    this.#abortReason ??= { reason };
    this.#controller?.abort(reason as Error);
    this.#fail(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortReason) controller.abort(this.#abortReason.reason as Error);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200 || this.#responded) return; // 1xx: informational, the response is still to come
    this.#responded = true;
    const encoding = headers['content-encoding'];
    // Several Content-Encoding headers stack codings: none of ours does, so readBody refuses them as one.
    const coding = Array.isArray(encoding) ? undefined : contentCodingOf(encoding);
    // An unknown coding gets no decoder: readBody refuses it from the headers, before reading the body.
    if (coding !== undefined && coding !== 'identity') this.#coding = coding;
    this.#started.resolve({
      status: statusCode,
      headers: new UndiciHeaders(headers),
      collect: (limit) => this.#collect(limit),
      discard: async () => {
        if (!this.#outcome) this.#controller?.abort(DISCARDED);
      },
    });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#coding) {
      this.#decode(this.#coding, controller, chunk);
      return;
    }
    this.#size += chunk.length;
    if (this.#size > this.#limit) {
      this.#finish({ bytes: undefined });
      controller.abort(DISCARDED);
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#decoder)
      this.#decoder.end(); // the decoder's 'end' finishes the body
    else this.#finish({ bytes: joined(this.#chunks, this.#size) });
  }

  /** A decoder whose output is collected within the limit, as undecoded chunks are on the plain path. */
  #startDecoder(coding: Exclude<ContentCoding, 'identity'>, first: Buffer): Transform {
    const decoder = createDecoder(coding, first);
    decoder.on('data', (chunk: Buffer) => {
      if (this.#outcome) return;
      this.#size += chunk.length;
      if (this.#size > this.#limit) {
        // A compression bomb ends here: nothing more is decoded, and the connection is dropped.
        this.#finish({ bytes: undefined });
        this.#controller?.abort(DISCARDED);
        return;
      }
      this.#chunks.push(chunk);
    });
    decoder.on('end', () => this.#finish({ bytes: joined(this.#chunks, this.#size) }));
    decoder.on('error', (error) => {
      this.#finish({ error: new UndecodableBody(corruptBodyReason(coding, error)) });
      this.#controller?.abort(DISCARDED);
    });
    return decoder;
  }

  /** Feeds one compressed chunk to the decoder, holding the socket back while the decoder is behind. */
  #decode(
    coding: Exclude<ContentCoding, 'identity'>,
    controller: Dispatcher.DispatchController,
    chunk: Buffer,
  ): void {
    if (this.#outcome) return;
    this.#decoder ??= this.#startDecoder(coding, chunk);
    const decoder = this.#decoder;
    if (!decoder.write(chunk) && !controller.paused) {
      controller.pause();
      decoder.once('drain', () => {
        if (!this.#outcome) controller.resume();
      });
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#fail(this.#abortReason ? this.#abortReason.reason : error);
  }

  #collect(limit: number): Promise<Uint8Array | undefined> {
    if (this.#outcome) return settled(this.#outcome, limit, this.#size);
    this.#limit = limit;
    if (this.#size > limit) {
      this.#finish({ bytes: undefined });
      this.#controller?.abort(DISCARDED);
      return Promise.resolve(undefined);
    }
    return new Promise((resolve, reject) => {
      this.#collector = { resolve, reject };
    });
  }

  #fail(error: unknown): void {
    if (this.#responded) this.#finish({ error });
    else this.#started.reject(error);
  }

  #finish(outcome: BodyOutcome): void {
    if (this.#outcome) return;
    this.#outcome = outcome;
    this.#decoder?.destroy();
    const collector = this.#collector;
    if (!collector) return;
    if ('error' in outcome) collector.reject(outcome.error);
    else collector.resolve(outcome.bytes);
  }
}

function settled(outcome: BodyOutcome, limit: number, size: number): Promise<Uint8Array | undefined> {
  if ('error' in outcome) return Promise.reject(outcome.error);
  return Promise.resolve(size > limit ? undefined : outcome.bytes);
}

/**
 * undici's response headers (lower-case names) read like a fetch `Headers`: building a real `Headers` costs more
 * than the rest of handling a small response.
 */
class UndiciHeaders implements ResponseHeaders {
  readonly #headers: Record<string, string | string[] | undefined>;

  constructor(headers: Record<string, string | string[] | undefined>) {
    this.#headers = headers;
  }

  get(name: string): string | null {
    const value = this.#headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
}
