import { InvalidOptionError } from './errors.js';
import type { FanoutOptions, FanoutProgress } from './types.js';

export const DEFAULT_CONCURRENCY = 16;

/** The options of one fan-out, checked and with their defaults filled in. */
export interface ResolvedOptions<T> {
  readonly concurrency: number;
  readonly signal: AbortSignal | undefined;
  readonly settle: boolean;
  readonly skip: ((value: T, index: number) => boolean) | undefined;
  readonly onProgress: ((progress: FanoutProgress) => void) | undefined;
}

export function resolveOptions<T>(options: FanoutOptions<T> | undefined): ResolvedOptions<T> {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new InvalidOptionError('options', options, 'an object');
  }
  const { concurrency = DEFAULT_CONCURRENCY, signal, settle = false, skip, onProgress } = options ?? {};
  if (!(Number.isSafeInteger(concurrency) && concurrency >= 1) && concurrency !== Number.POSITIVE_INFINITY) {
    throw new InvalidOptionError('concurrency', concurrency, 'a positive integer or Infinity');
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new InvalidOptionError('signal', signal, 'an AbortSignal');
  }
  if (typeof settle !== 'boolean') throw new InvalidOptionError('settle', settle, 'a boolean');
  if (skip !== undefined && typeof skip !== 'function') {
    throw new InvalidOptionError('skip', skip, 'a function');
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new InvalidOptionError('onProgress', onProgress, 'a function');
  }
  return { concurrency, signal, settle, skip, onProgress };
}

// Duck-typed rather than `instanceof`, so a signal from another realm or a polyfill is accepted too.
function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AbortSignal).aborted === 'boolean' &&
    typeof (value as AbortSignal).addEventListener === 'function' &&
    typeof (value as AbortSignal).removeEventListener === 'function'
  );
}
