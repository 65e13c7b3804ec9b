// Reading a response body within a size limit, as strict UTF-8, nested no deeper than a limit: a huge, garbled or
// absurdly deep body becomes a typed error instead of an out-of-memory crash, text full of U+FFFD, or a result
// that overflows the stack of whatever serializes it.
import { PyxisHttpError, PyxisResponseTooDeepError, PyxisResponseTooLargeError } from '../errors/index.js';
import { TRACE_ID_HEADER } from '../shared/headers.js';
import { contentCodingOf, corruptBodyReason, decoderFailure, unknownCodingReason } from './decode.js';

/**
 * The deepest nesting of arrays and objects accepted in a response body. Pyxis' deepest answers nest about 10
 * levels; `JSON.stringify` and `structuredClone` overflow the stack somewhere past a few thousand.
 */
export const MAX_RESPONSE_DEPTH = 1000;

/** How the body is read: the size limit, a strict UTF-8 decoder, and what hides secrets in quoted text. */
export interface BodyReading {
  limit: number;
  decoder: TextDecoder;
  redact(text: string): string;
}

/** The part of a response's headers the client reads: a fetch `Headers` is one. */
export interface ResponseHeaders {
  get(name: string): string | null;
}

/** A response as the transport reads it, whichever HTTP client brought it (fetch or undici). */
export interface RawResponse {
  status: number;
  headers: ResponseHeaders;
  /**
   * The whole body, decompressed, or undefined as soon as the decompressed bytes pass `limit` (the rest is
   * dropped unread). Rejects with an UndecodableBody when the compressed body is corrupt.
   */
  collect(limit: number): Promise<Uint8Array | undefined>;
  /** Drops the body unread. */
  discard(): Promise<void>;
}

/** A compressed body that does not decompress: its message says why. */
export class UndecodableBody extends Error {}

/**
 * The body of `response` as text. Refuses a `Content-Encoding` the client cannot decode, and a declared
 * `Content-Length` over the limit of an uncompressed body, before reading anything; stops reading (dropping the
 * rest) as soon as the bytes read, decompressed, pass it; and refuses a body nested deeper than
 * `MAX_RESPONSE_DEPTH` before anything parses it.
 */
export async function readBody(
  response: RawResponse,
  { limit, decoder, redact }: BodyReading,
): Promise<string> {
  const traceIdOf = () => response.headers.get(TRACE_ID_HEADER) ?? undefined;
  const encoding = response.headers.get('content-encoding');
  const coding = encoding === null ? 'identity' : contentCodingOf(encoding);
  if (coding === undefined) {
    await response.discard();
    throw new PyxisHttpError(
      redact(unknownCodingReason(encoding as string)),
      response.status,
      '',
      traceIdOf(),
    );
  }
  // A compressed body's Content-Length counts compressed bytes: the limit is on what they decompress to.
  const declared = coding === 'identity' ? response.headers.get('content-length') : null;
  if (declared !== null && Number(declared) > limit) {
    await response.discard();
    throw new PyxisResponseTooLargeError(response.status, limit, Number(declared), traceIdOf());
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = await response.collect(limit);
  } catch (error) {
    if (!(error instanceof UndecodableBody)) throw error;
    throw new PyxisHttpError(redact(error.message), response.status, '', traceIdOf());
  }
  if (bytes === undefined) {
    throw new PyxisResponseTooLargeError(response.status, limit, undefined, traceIdOf());
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const excerpt = redact(new TextDecoder().decode(bytes.subarray(0, 200)));
    throw new PyxisHttpError('response body is not valid UTF-8', response.status, excerpt, traceIdOf());
  }
  if (nestsDeeperThan(text, MAX_RESPONSE_DEPTH)) {
    const excerpt = redact(text.slice(0, 200));
    throw new PyxisResponseTooDeepError(response.status, MAX_RESPONSE_DEPTH, excerpt, traceIdOf());
  }
  return text;
}

/**
 * Whether the JSON `text` nests arrays and objects deeper than `limit`, told by counting brackets outside strings
 * (strings are skipped with `indexOf`, which is most of the text). A text too short to nest that deep is not
 * scanned at all. Text that is not JSON gets an answer that does not matter: parsing it fails next.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  if (text.length <= 2 * limit) return false; // each level takes two characters at least
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index = closingQuote(text, index);
      if (index < 0) return false;
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** The index of the quote that ends the string opened at `open`, or -1 if it never ends. */
function closingQuote(text: string, open: number): number {
  let quote = open;
  for (;;) {
    quote = text.indexOf('"', quote + 1);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote; // an even run of backslashes escapes itself, not the quote
  }
}

/**
 * Collects a web stream's chunks (a fetch body, which fetch has decompressed) up to `limit` bytes. A body that
 * fetch could not decompress rejects with an UndecodableBody, told apart from a dropped connection by the
 * decoder's error under fetch's.
 */
export async function collectChunks(
  chunks: AsyncIterable<Uint8Array>,
  limit: number,
  encoding: string | null,
): Promise<Uint8Array | undefined> {
  const collected: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of chunks) {
      size += chunk.byteLength;
      if (size > limit) return undefined; // leaving the loop cancels the stream
      collected.push(chunk);
    }
  } catch (error) {
    const failure = encoding === null ? undefined : decoderFailure(error);
    if (failure) throw new UndecodableBody(corruptBodyReason(encoding as string, failure));
    throw error;
  }
  return joined(collected, size);
}

/** The chunks of a body as one array of bytes. */
export function joined(chunks: readonly Uint8Array[], size: number): Uint8Array {
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks, size);
}
