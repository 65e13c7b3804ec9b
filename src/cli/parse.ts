// Parsers for option values: each returns the value or throws commander's InvalidArgumentError, whose message
// commander prints as "error: option '--x <n>' argument 'abc' is invalid. <message>" and we turn into exit code 2.
import { InvalidArgumentError } from 'commander';
// The fault kinds alone, not the server's index: a lookup command must not load the server to read its options.
import { FAULT_KINDS, type FaultKind, type FaultOptions } from '../server/faults.js';
import { MAX_TIMER_MS } from '../shared/options.js';

/** A positive integer, written in decimal: `16`. Not `0`, `1.5`, `abc`, `1e3` or `0x10`. */
export function parsePositiveInteger(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new InvalidArgumentError('Expected a positive integer.');
  }
  return Number(text);
}

/** `--concurrency`: a positive integer, or `auto` (the cap follows the server). */
export function parseConcurrency(text: string): number | 'auto' {
  if (text.trim() === 'auto') return 'auto';
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new InvalidArgumentError('Expected a positive integer, or auto.');
  }
  return Number(text);
}

const RATE_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * `--rate`: requests per unit of time, `10/s`, `600/min`, `5/100ms` or `1000/h`, as the client's
 * `rateLimit: { requests, perMs }`.
 */
export function parseRate(text: string): { requests: number; perMs: number } {
  const match = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)?\s*(ms|s|m|min|h)$/.exec(text.trim());
  const requests = match ? Number(match[1]) : Number.NaN;
  const perMs = match ? Number(match[2] ?? 1) * (RATE_UNITS[match[3] ?? ''] ?? Number.NaN) : Number.NaN;
  if (!(requests >= 1) || !Number.isSafeInteger(requests) || !(perMs > 0) || perMs > MAX_TIMER_MS) {
    throw new InvalidArgumentError('Expected requests per time, such as 10/s, 600/min or 5/100ms.');
  }
  return { requests, perMs };
}

/** A non-negative integer: `0`, `3`. */
export function parseNonNegativeInteger(text: string): number {
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
    throw new InvalidArgumentError('Expected a non-negative integer.');
  }
  return Number(text);
}

/** A TCP port, 0 to 65535 (0 picks a free one). */
export function parsePort(text: string): number {
  const port = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw new InvalidArgumentError('Expected a port number from 0 to 65535.');
  return port;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };

/**
 * A duration in milliseconds: `250`, `250ms`, `1.5s` or `2m`. A bare number is milliseconds, as in the library's
 * options. `allowZero` admits `0` (a latency may be none; a timeout may not).
 */
export function parseDuration(text: string, allowZero = false): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(text.trim());
  const ms = match ? Number(match[1]) * (DURATION_UNITS[match[2] ?? 'ms'] ?? 1) : Number.NaN;
  if (!(ms >= 0) || ms > MAX_TIMER_MS || (!allowZero && ms === 0)) {
    throw new InvalidArgumentError(
      `Expected a ${allowZero ? 'non-negative' : 'positive'} duration such as 500, 500ms, 1.5s or 2m.`,
    );
  }
  return ms;
}

/** A duration that may be zero: for latencies. */
export function parseDelay(text: string): number {
  return parseDuration(text, true);
}

/** Any finite number: a dataset seed. */
export function parseSeed(text: string): number {
  const seed = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(seed)) throw new InvalidArgumentError('Expected a number.');
  return seed;
}

/**
 * Fault rates for the embedded server: `http500=0.01,http429=0.02,drop=0.001,stall=0`. Each rate is in [0, 1]
 * and their sum at most 1.
 */
export function parseFaults(text: string): FaultOptions {
  const faults: FaultOptions = {};
  let sum = 0;
  for (const part of text.split(',')) {
    const [name = '', rateText = '', ...rest] = part.split('=').map((piece) => piece.trim());
    const rate = rateText === '' ? Number.NaN : Number(rateText);
    if (!(FAULT_KINDS as readonly string[]).includes(name) || rest.length > 0 || !(rate >= 0 && rate <= 1)) {
      throw new InvalidArgumentError(
        `Expected comma-separated kind=rate pairs, kinds ${FAULT_KINDS.join(', ')}, rates from 0 to 1 (e.g. http500=0.01,drop=0.001).`,
      );
    }
    faults[name as FaultKind] = rate;
    sum += rate;
  }
  if (sum > 1 + 1e-9) throw new InvalidArgumentError('The fault rates add up to more than 1.');
  return faults;
}

/** A JSON object: the `--variables` of a query. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`Expected a JSON object: ${(error as Error).message}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError('Expected a JSON object, e.g. {"nvr": "ubi9-container-9.4-1"}.');
  }
  return value as Record<string, unknown>;
}
