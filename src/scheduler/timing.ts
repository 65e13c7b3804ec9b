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

/** The scheduler's durations: at least 0 milliseconds, `Infinity` for no limit. */
export const SCHEDULER_DURATION = { zero: true, infinity: true } as const;
