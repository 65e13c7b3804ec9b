// The job format on the queue: what a producer puts in a BullMQ job and what a worker answers. Plain JSON that a
// dashboard (bull-board and the like) shows as it is: method names and their arguments, outcomes as data.
import { print } from 'graphql';
import { PyxisMethods } from '../pyxis/index.js';

/** The most lookups one job carries: one batched request's worth, so the queue costs little per lookup. */
export const MAX_CHUNK = 50;

/** The name of a job that carries several lookups; a job of one lookup is named after its method. */
export const CHUNK_JOB_NAME = 'lookups';

/** One method call, as data: `pyxis[method](...args)` on the worker's client. */
export interface LookupCall {
  /** A `PyxisClient` method that looks something up: `getRepositoryByPath`, `findImagesByNvr`, `request`... */
  method: string;
  /** Its arguments, encoded by `encodeArgs` (JSON; see there for the few values JSON lacks). */
  args: unknown[];
  /** The durable async job this call is, if it is one: the worker stores its outcome there. */
  asyncId?: string;
}

/** The data of one job: up to `MAX_CHUNK` calls, run together on the worker's client (so batched together). */
export interface LookupChunk {
  lookups: LookupCall[];
}

/** A job's return value: one outcome per call, in the chunk's order. */
export type ChunkResult = LookupOutcome[];

/** How one call ended: its value, or its error as data (see outcomes.ts). */
export type LookupOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: SerializedError }
  /** A durable async call that was cancelled or cleared before the worker reached it: not run. */
  | { ok: false; skipped: true };

export interface SerializedError {
  name: string;
  message: string;
  /** The error's own fields (`httpCode`, `status`, `attempts`...), JSON-encoded as arguments are. */
  fields: Record<string, unknown>;
  cause?: SerializedError;
}

/**
 * The methods a job may name: every method of the Pyxis method set, and nothing else (not `close`, not
 * `beginAsyncExecution`): read from the class, so a method added there travels at once.
 */
export const LOOKUP_METHODS: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(PyxisMethods.prototype).filter(
    (name) =>
      name !== 'constructor' &&
      typeof Object.getOwnPropertyDescriptor(PyxisMethods.prototype, name)?.value === 'function',
  ),
);

/** The job name bull-board shows: the method for a job of one call, `lookups` for a chunk. */
export function jobName(chunk: LookupChunk): string {
  return chunk.lookups.length === 1 ? (chunk.lookups[0] as LookupCall).method : CHUNK_JOB_NAME;
}

// JSON lacks undefined (in an argument list), Infinity (`maxItems: Infinity`) and NaN: they travel as
// `{ "$pyxis": "undefined" }` and the like. A GraphQL document travels printed; a call's `signal` stays home.
const MARK = '$pyxis';

function encodeValue(value: unknown): unknown {
  if (value === undefined) return { [MARK]: 'undefined' };
  if (typeof value === 'number' && !Number.isFinite(value)) return { [MARK]: String(value) };
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value instanceof AbortSignal) return undefined;
  if ((value as { kind?: unknown }).kind === 'Document') return print(value as Parameters<typeof print>[0]);
  const encoded: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // An absent option and an undefined one mean the same: leave it out.
    if (item === undefined || item instanceof AbortSignal) continue;
    encoded[key] = encodeValue(item);
  }
  return encoded;
}

function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const record = value as Record<string, unknown>;
  const mark = record[MARK];
  if (typeof mark === 'string' && Object.keys(record).length === 1) {
    if (mark === 'undefined') return undefined;
    return Number(mark);
  }
  const decoded: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) decoded[key] = decodeValue(item);
  return decoded;
}

/** A call's arguments as JSON-safe data (trailing undefined ones dropped). */
export function encodeArgs(args: readonly unknown[]): unknown[] {
  const kept = [...args];
  while (kept.length > 0 && kept[kept.length - 1] === undefined) kept.pop();
  return kept.map(encodeValue);
}

export function decodeArgs(args: readonly unknown[]): unknown[] {
  return args.map(decodeValue);
}

/** Encodes any value held in a job (a result, an error's fields) the way arguments are. */
export const encodeData = encodeValue;
export const decodeData = decodeValue;
