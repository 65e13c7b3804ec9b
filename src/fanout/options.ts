import { checkBoolean, checkFunction, checkOptionsObject, optionNames } from '../shared/options.js';
import { InvalidOptionError } from './errors.js';
import type { FanoutOptions, FanoutProgress } from './types.js';

export const DEFAULT_CONCURRENCY = 16;

/** Every option's name: a new option must be added here, or a fan-out refuses it as unknown. */
const FANOUT_OPTIONS = optionNames<FanoutOptions<unknown>>({
  concurrency: true,
  signal: true,
  settle: true,
  skip: true,
  onProgress: true,
});

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
  checkOptionsObject(options as unknown, FANOUT_OPTIONS, 'fan-out options');
  const { concurrency = DEFAULT_CONCURRENCY, signal, settle = false, skip, onProgress } = options ?? {};
  if (!(Number.isSafeInteger(concurrency) && concurrency >= 1) && concurrency !== Number.POSITIVE_INFINITY) {
    throw new InvalidOptionError('concurrency', concurrency, 'a positive integer or Infinity');
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new InvalidOptionError('signal', signal, 'an AbortSignal');
  }
  checkBoolean('settle', settle);
  checkFunction('skip', skip);
  checkFunction('onProgress', onProgress);
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
