/**
 * Whether `promise` settles within `milliseconds` (`Infinity`: no limit). Never rejects; the timer is set only
 * when a limit is asked for, and cleared as soon as the promise settles.
 */
export function settlesWithin(promise: Promise<unknown>, milliseconds: number): Promise<boolean> {
  if (milliseconds === Number.POSITIVE_INFINITY) return promise.then(settled, settled);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(resolve, milliseconds, false);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(done, done);
  });
}

function settled(): true {
  return true;
}

/**
 * Checks a duration given in milliseconds: a number, at least 0, `Infinity` allowed.
 * `what` names it in the error, e.g. 'option "closeTimeout"'.
 */
export function checkMilliseconds(value: unknown, what: string): number {
  if (typeof value !== 'number')
    throw new TypeError(`${what} must be a number of milliseconds, got ${describeValue(value)}`);
  if (Number.isNaN(value) || value < 0) {
    throw new RangeError(`${what} must be at least 0 milliseconds (Infinity for no limit), got ${value}`);
  }
  return value;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
