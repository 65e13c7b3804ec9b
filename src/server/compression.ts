// Compressed answers, as the fronts of a real Pyxis send them: gzip or brotli when the request's Accept-Encoding
// asks for one, and, for the faults, gzip unasked and a gzip bomb (a small body that inflates enormously).
import zlib from 'node:zlib';
import { checkInteger, checkOptionsObject, InvalidOptionError, optionNames } from '../shared/options.js';

export type ContentEncoding = 'br' | 'gzip';

/** The encodings served, in the order the server prefers them when a request accepts both equally. */
export const CONTENT_ENCODINGS: readonly ContentEncoding[] = ['br', 'gzip'];

export interface CompressionOptions {
  /** Bodies shorter than this many bytes are sent as they are (compressing them gains nothing). Default 1024. */
  minBytes?: number;
}

const COMPRESSION_OPTIONS = optionNames<CompressionOptions>({ minBytes: true });
const DEFAULT_MIN_BYTES = 1024;
/** Brotli's default quality (11) is for files compressed once; fronts compressing on the fly use about 4. */
const BROTLI_QUALITY = 4;

/** Whether and when answers are compressed: the `compression` option. */
export class Compression {
  /** Undefined when compression is off. */
  readonly minBytes: number | undefined;

  constructor(option: boolean | CompressionOptions | undefined) {
    if (option === false) {
      this.minBytes = undefined;
      return;
    }
    if (option !== undefined && option !== true) {
      if (typeof option !== 'object' || option === null || Array.isArray(option)) {
        throw new InvalidOptionError('compression', option, 'a boolean or an object ({ minBytes })');
      }
      checkOptionsObject(option, COMPRESSION_OPTIONS, '`compression`');
    }
    const minBytes = option === true || option === undefined ? undefined : option.minBytes;
    this.minBytes = checkInteger('compression.minBytes', minBytes, { min: 0 }) ?? DEFAULT_MIN_BYTES;
  }

  /** The encoding to answer with, for a body of `size` bytes and the request's Accept-Encoding; undefined: none. */
  choose(acceptEncoding: string | undefined, size: number): ContentEncoding | undefined {
    if (this.minBytes === undefined || size < this.minBytes || !acceptEncoding) return undefined;
    return preferredEncoding(acceptEncoding);
  }
}

/**
 * The encoding an Accept-Encoding header accepts with the highest q-value (RFC 9110 12.5.3), the server's
 * preference breaking ties; `*` stands for any encoding not named; `q=0` refuses one.
 */
export function preferredEncoding(acceptEncoding: string): ContentEncoding | undefined {
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [token = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (token === '') continue;
    let weight = 1;
    for (const parameter of parameters) {
      // An unreadable q-value refuses the encoding rather than guessing at it.
      const match = /^q\s*=\s*(.*)$/.exec(parameter);
      if (match) weight = /^[0-9.]+$/.test(match[1] ?? '') ? Number(match[1]) : 0;
    }
    weights.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(weight) ? weight : 0);
  }
  let best: ContentEncoding | undefined;
  let bestWeight = 0;
  for (const encoding of CONTENT_ENCODINGS) {
    const weight = weights.get(encoding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) {
      best = encoding;
      bestWeight = weight;
    }
  }
  return best;
}

/** Compresses `body` off the event loop (zlib's thread pool), as a busy front would. */
export function compress(
  body: Buffer,
  encoding: ContentEncoding,
  done: (error: Error | null, compressed: Buffer) => void,
): void {
  if (encoding === 'gzip') zlib.gzip(body, done);
  else
    zlib.brotliCompress(
      body,
      {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      },
      done,
    );
}

const MiB = 1024 * 1024;
/** The default inflated size of a gzip bomb: 8 times the client's default `maxResponseBytes` (32 MiB). */
export const DEFAULT_GZIP_BOMB_BYTES = 256 * MiB;
/** The largest bomb: a gzip trailer holds the inflated size modulo 2^32, and the padding's CRC takes a while. */
export const MAX_GZIP_BOMB_BYTES = 2 ** 32 - 1;
/** A gzip member header: deflate, no name, no time, unknown OS. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);

/**
 * A gzip body of `paddingBytes` spaces and then the real answer: valid gzip and valid JSON (leading whitespace is
 * allowed), so that only a limit on the inflated size stops a client from reading it all. 256 MiB of padding
 * is about 260 KB on the wire. Built by repeating one compressed MiB: each ends in a full flush, which resets the
 * compressor, so the same input gives the same bytes and the copies join into one deflate stream.
 */
export class GzipBomb {
  readonly #paddingBytes: number;
  #padding: { deflated: Buffer; crc: number } | undefined;

  constructor(paddingBytes: number) {
    this.#paddingBytes = paddingBytes;
  }

  /** The bomb around `answer` (built once, on first use: its CRC reads every padding byte). */
  wrap(answer: Buffer): Buffer {
    const padding = this.#build();
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(zlib.crc32(answer, padding.crc) >>> 0, 0);
    trailer.writeUInt32LE((this.#paddingBytes + answer.length) % 2 ** 32, 4);
    return Buffer.concat([GZIP_HEADER, padding.deflated, zlib.deflateRawSync(answer), trailer]);
  }

  #build(): { deflated: Buffer; crc: number } {
    if (this.#padding) return this.#padding;
    const flushed = { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH };
    const whole = Buffer.alloc(MiB, ' ');
    const wholeDeflated = zlib.deflateRawSync(whole, flushed);
    const copies = Math.floor(this.#paddingBytes / MiB);
    const rest = Buffer.alloc(this.#paddingBytes % MiB, ' ');
    let crc = 0;
    for (let copy = 0; copy < copies; copy++) crc = zlib.crc32(whole, crc);
    crc = zlib.crc32(rest, crc);
    const parts = Array.from({ length: copies }, () => wholeDeflated);
    if (rest.length > 0) parts.push(zlib.deflateRawSync(rest, flushed));
    this.#padding = { deflated: Buffer.concat(parts), crc };
    return this.#padding;
  }
}

/** Node added `zlib.crc32` in 20.15; the bomb needs it for its trailer. */
export function checkGzipBombSupported(option: string, rate: number): void {
  if (rate > 0 && typeof (zlib as { crc32?: unknown }).crc32 !== 'function') {
    throw new InvalidOptionError(
      option,
      rate,
      '0 on this Node',
      'the gzip bomb needs zlib.crc32, Node >= 20.15',
    );
  }
}
