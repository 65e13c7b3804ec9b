// Small promise helpers shared by the parts of the package that coordinate async work.

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** A promise with its `resolve` and `reject` at hand, for whoever settles it later. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

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
