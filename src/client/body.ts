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

/**
 * The body of `response` as text. Refuses a declared `Content-Length` over the limit before reading anything,
 * and stops reading (cancelling the rest) as soon as the bytes read pass it.
 */
export async function readBody(response: Response, { limit, decoder, redact }: BodyReading): Promise<string> {
  const traceIdOf = () => response.headers.get(TRACE_ID_HEADER) ?? undefined;
  const declared = response.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) {
    await response.body?.cancel();
    throw new PyxisResponseTooLargeError(response.status, limit, Number(declared), traceIdOf());
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new PyxisResponseTooLargeError(response.status, limit, undefined, traceIdOf());
    }
    chunks.push(value);
  }
  const bytes = chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks, size);
  try {
    return decoder.decode(bytes);
  } catch {
    const excerpt = redact(new TextDecoder().decode(bytes.subarray(0, 200)));
    throw new PyxisHttpError('response body is not valid UTF-8', response.status, excerpt, traceIdOf());
  }
}
