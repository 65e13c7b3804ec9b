// Content codings of response bodies: which the client asks for, which it can decode, and the streaming decoders
// the dispatcher path feeds chunk by chunk (the fetch path is decoded by fetch itself).
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';

/**
 * What the client asks for. Not `deflate`: the name has long meant two formats (zlib-wrapped, as RFC 9110 says,
 * and raw, as old servers sent it), and it compresses no better than gzip, which is the same algorithm in a
 * well-defined wrapper. A server that sends deflate unasked is still read, in either format, as fetch reads it.
 */
export const ACCEPT_ENCODING = 'gzip, br';

/** A coding the client decodes; `identity` is none at all. */
export type ContentCoding = 'identity' | 'gzip' | 'deflate' | 'br';

const CODINGS: Readonly<Record<string, ContentCoding>> = {
  identity: 'identity',
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
  br: 'br',
};

/**
 * The coding a `Content-Encoding` header names, or undefined when the client cannot decode it (an unknown coding,
 * or several stacked: no server of ours stacks them).
 */
export function contentCodingOf(header: string | null | undefined): ContentCoding | undefined {
  if (header === null || header === undefined || header === '') return 'identity';
  return CODINGS[header.trim().toLowerCase()];
}

/**
 * A streaming decoder of `coding` (not `identity`) for a body that starts with `first`. Deflate is zlib-wrapped
 * when its first byte names the deflate method (low nibble 8, as in every zlib header), raw otherwise.
 */
export function createDecoder(coding: Exclude<ContentCoding, 'identity'>, first: Uint8Array): Transform {
  if (coding === 'br') return createBrotliDecompress();
  if (coding === 'gzip') return createGunzip();
  return ((first[0] as number) & 0x0f) === 0x08 ? createInflate() : createInflateRaw();
}

/** The decoder's own error along the `cause` chain (fetch wraps it in a TypeError "terminated"), if any. */
export function decoderFailure(error: unknown): Error | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    // zlib's codes (Z_DATA_ERROR, Z_BUF_ERROR...) and brotli's (ERR__ERROR_FORMAT_PADDING_2...)
    if (typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR__ERROR_'))) return current;
    current = current.cause;
  }
  return undefined;
}

/** Why a `Content-Encoding` the client cannot decode is refused. */
export function unknownCodingReason(header: string): string {
  const shown = header.length > 40 ? `${header.slice(0, 40)}...` : header;
  return `response content-encoding is ${JSON.stringify(shown)}, which the client cannot decode (it accepts ${ACCEPT_ENCODING}, deflate or none)`;
}

/** The message of a decoder's failure, told as what was wrong with the body. */
export function corruptBodyReason(coding: string, error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `response body is not valid ${coding} (${detail})`;
}
