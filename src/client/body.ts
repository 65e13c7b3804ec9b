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

/** A response as the transport reads it, whichever HTTP client brought it (fetch or undici). */
export interface RawResponse {
  status: number;
  headers: Headers;
  /** The body, chunk by chunk; leaving the loop early lets go of the rest. */
  chunks: AsyncIterable<Uint8Array>;
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
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.chunks) {
    size += chunk.byteLength;
    if (size > limit) throw new PyxisResponseTooLargeError(response.status, limit, undefined, traceIdOf());
    chunks.push(chunk);
  }
  const bytes = chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks, size);
  try {
    return decoder.decode(bytes);
  } catch {
    const excerpt = redact(new TextDecoder().decode(bytes.subarray(0, 200)));
    throw new PyxisHttpError('response body is not valid UTF-8', response.status, excerpt, traceIdOf());
  }
}
