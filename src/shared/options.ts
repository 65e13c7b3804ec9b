// Option errors for the whole package: one class, one way to quote what was received. Every constructor and
// function that takes an options object reports a bad option through this, so a caller can read `option` and
// `received` whichever part of the package refused it.

/** An option has a value that cannot be used, or its name is not an option at all. */
export class InvalidOptionError extends TypeError {
  override readonly name = 'InvalidOptionError';

  /**
   * @param option the option's name as the caller wrote it (`timeout`, `retry.retries`)
   * @param received the value that was refused
   * @param expected what the option takes, as a phrase: `a positive integer`
   * @param hint a short suggestion appended in parentheses: `use milliseconds, e.g. 5000`
   */
  constructor(
    readonly option: string,
    readonly received: unknown,
    expected: string,
    hint?: string,
  ) {
    super(
      `Expected the \`${option}\` option to be ${expected}, got ${describe(received)}${hint ? ` (${hint})` : ''}`,
    );
  }

  /** The error for an option name that is not one of `known`; it names the nearest known one. */
  static unknown(option: string, known: readonly string[], where = 'options'): InvalidOptionError {
    const nearest = nearestName(option, known);
    return InvalidOptionError.withMessage(
      option,
      undefined,
      `Unknown option \`${option}\` in ${where}${nearest ? ` (did you mean \`${nearest}\`?)` : ''}`,
    );
  }

  /**
   * The error for an option whose value may be a secret (an API key, a header value, a private key): `problem`
   * says what is wrong with it, and neither the message nor `received` holds the value.
   */
  static secret(option: string, problem: string): InvalidOptionError {
    return InvalidOptionError.withMessage(option, REDACTED, `The \`${option}\` option ${problem}`);
  }

  /** The error for `option` with a message of its own, where "expected ..., got ..." does not read well. */
  static withMessage(option: string, received: unknown, message: string): InvalidOptionError {
    const error = new InvalidOptionError(option, received, '');
    error.message = message;
    return error;
  }
}

/** What `received` holds for an option whose value is not shown. */
export const REDACTED = '[redacted]';

/** The longest delay `setTimeout` keeps; a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * A value as an error message quotes it: its type always, and the value itself when it is short and safe to show.
 * Strings are cut to 40 characters, so a secret passed in the wrong place is never printed whole.
 */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `the ${typeof value} ${String(value)}`;
  }
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'symbol') return 'a symbol';
  return 'an object';
}

/** The known name closest to `name` (edit distance at most 2, or a case-only difference), if any. */
function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    if (candidate.toLowerCase() === name.toLowerCase()) return candidate;
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** Refuses a non-object `options` and any key not in `known`. */
export function checkOptionsObject(
  options: unknown,
  known: readonly string[],
  where = 'options',
): asserts options is Record<string, unknown> | undefined {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw InvalidOptionError.withMessage(
      where,
      options,
      `Expected ${where} to be an object, got ${describe(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw InvalidOptionError.unknown(key, known, where);
  }
}

/** The names an options type takes, from a record with one entry per name (see `checkOptionsObject`). */
export function optionNames<T>(names: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(names);
}

/** How `checkMilliseconds` bounds a duration. */
export interface MillisecondsRule {
  /** 0 is allowed (a duration of at least 0 rather than more than 0). Default false. */
  zero?: boolean;
  /** `Infinity` is allowed (meaning no limit); otherwise a duration must fit in `setTimeout`. Default false. */
  infinity?: boolean;
}

/** Checks a duration in milliseconds; undefined passes (the option was not given). */
export function checkMilliseconds(
  option: string,
  value: unknown,
  rule?: MillisecondsRule,
): number | undefined {
  // Read after this check: a default `{}` here cost every method call two objects (timeout, deadline unset).
  if (value === undefined) return undefined;
  const zero = rule?.zero ?? false;
  const infinity = rule?.infinity ?? false;
  const inRange =
    typeof value === 'number' &&
    (zero ? value >= 0 : value > 0) &&
    (value <= MAX_TIMER_MS || (infinity && value === Number.POSITIVE_INFINITY));
  if (!inRange) {
    const expected = `${zero ? 'a number of milliseconds >= 0' : 'a positive number of milliseconds'}${
      infinity ? ' or Infinity' : ` up to ${MAX_TIMER_MS}`
    }`;
    throw new InvalidOptionError(
      option,
      value,
      expected,
      typeof value === 'string' ? 'use milliseconds, e.g. 5000' : undefined,
    );
  }
  return value;
}

/** How `checkInteger` bounds a count. */
export interface IntegerRule {
  min: number;
  max?: number;
  /** `Infinity` is allowed (meaning no limit). Default false. */
  infinity?: boolean;
}

/** Checks a whole number within `min`..`max`; undefined passes (the option was not given). */
export function checkInteger(
  option: string,
  value: unknown,
  { min, max = Number.MAX_SAFE_INTEGER, infinity = false }: IntegerRule,
): number | undefined {
  if (value === undefined) return undefined;
  if (infinity && value === Number.POSITIVE_INFINITY) return value;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    const range =
      max !== Number.MAX_SAFE_INTEGER
        ? `an integer from ${min} to ${max}`
        : min === 0
          ? 'a non-negative integer'
          : min === 1
            ? 'a positive integer'
            : `an integer of at least ${min}`;
    throw new InvalidOptionError(option, value, `${range}${infinity ? ' or Infinity' : ''}`);
  }
  return value as number;
}

/** Checks a boolean; undefined passes (the option was not given). */
export function checkBoolean(option: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InvalidOptionError(option, value, 'a boolean');
  }
  return value;
}

/** Checks a function; undefined passes (the option was not given). */
export function checkFunction<F extends (...args: never[]) => unknown>(
  option: string,
  value: F | undefined,
): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidOptionError(option, value, 'a function');
  }
  return value;
}

/** An option that takes an object of sub-options: a plain object, with no name outside `known`. */
export function checkSubOptions(
  option: string,
  value: unknown,
  known: readonly string[],
): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) throw new InvalidOptionError(option, value, 'an object');
  checkOptionsObject(value, known, `\`${option}\``);
}

/** Whether `value` is an object literal's kind of object (not an array, a class instance or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
