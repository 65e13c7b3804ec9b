// Reading a response body within a size limit, as strict UTF-8: a huge or garbled body becomes a typed error
// instead of an out-of-memory crash or text full of U+FFFD.
import { PyxisHttpError, PyxisResponseTooLargeError } from '../errors/index.js';

/** Pyxis' response header naming the request in its logs. */
export const TRACE_ID_HEADER = 'trace_id';

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
  /** The whole body, or undefined as soon as it grows past `limit` bytes (the rest is dropped unread). */
  collect(limit: number): Promise<Uint8Array | undefined>;
  /** Drops the body unread. */
  discard(): Promise<void>;
}

/**
 * The body of `response` as text. Refuses a declared `Content-Length` over the limit before reading anything,
 * and stops reading (dropping the rest) as soon as the bytes read pass it.
 */
export async function readBody(
  response: RawResponse,
  { limit, decoder, redact }: BodyReading,
): Promise<string> {
  const traceIdOf = () => response.headers.get(TRACE_ID_HEADER) ?? undefined;
  const declared = response.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) {
    await response.discard();
    throw new PyxisResponseTooLargeError(response.status, limit, Number(declared), traceIdOf());
  }
  const bytes = await response.collect(limit);
  if (bytes === undefined) {
    throw new PyxisResponseTooLargeError(response.status, limit, undefined, traceIdOf());
  }
  try {
    return decoder.decode(bytes);
  } catch {
    const excerpt = redact(new TextDecoder().decode(bytes.subarray(0, 200)));
    throw new PyxisHttpError('response body is not valid UTF-8', response.status, excerpt, traceIdOf());
  }
}

/** Collects a web stream's chunks (a fetch body) up to `limit` bytes. */
export async function collectChunks(
  chunks: AsyncIterable<Uint8Array>,
  limit: number,
): Promise<Uint8Array | undefined> {
  const collected: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) return undefined; // leaving the loop cancels the stream
    collected.push(chunk);
  }
  return joined(collected, size);
}

/** The chunks of a body as one array of bytes. */
export function joined(chunks: readonly Uint8Array[], size: number): Uint8Array {
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks, size);
}
