// Observers run inside every request: one that throws must never break a request, nor leave an unhandled
// rejection behind. Its failure is caught, and reported once per client as a process warning.
import type { RequestObserver } from '../transport/index.js';

/** What a throwing observer becomes: a warning, once (a hook that throws usually throws on every request). */
export function warnOnce(what: string): (error: unknown) => void {
  let warned = false;
  return (error) => {
    if (warned) return;
    warned = true;
    const reason = error instanceof Error ? error.message : String(error);
    process.emitWarning(`${what} threw, and was ignored (the request went on): ${reason}`, {
      type: 'PyxisObserverWarning',
      detail: 'Further failures of it are not reported.',
    });
  };
}

/** Calls `run`, and hands its exception, or the rejection of the promise it returns, to `report`. */
export function safely<T>(run: () => T, report: (error: unknown) => void): T | undefined {
  try {
    return settled(run(), report);
  } catch (error) {
    report(error);
    return undefined;
  }
}

/** `result`, after handing the rejection of it to `report` if it is a promise (a hook typed void may return one). */
function settled<T>(result: T, report: (error: unknown) => void): T {
  const thenable = result as { then?: unknown } | undefined;
  if (typeof thenable?.then === 'function') (result as PromiseLike<unknown>).then(undefined, report);
  return result;
}

/** The observers as one, each guarded: a failing one neither breaks the request nor silences the others. */
export function combineObservers(
  observers: ReadonlyArray<{ observer: RequestObserver; report: (error: unknown) => void }>,
): RequestObserver | undefined {
  if (observers.length === 0) return undefined;
  if (observers.length === 1) return guarded(observers[0] as (typeof observers)[number]);
  return {
    attemptStarted(request, attempt) {
      return observers.map(({ observer, report }) =>
        safely(() => observer.attemptStarted(request, attempt), report),
      );
    },
    attemptEnded(request, attempt, handles, outcome) {
      observers.forEach(({ observer, report }, index) => {
        const handle = (handles as unknown[])[index];
        safely(() => observer.attemptEnded(request, attempt, handle, outcome), report);
      });
    },
    retrying(request, attempt, error, delayMs) {
      for (const { observer, report } of observers) {
        safely(() => observer.retrying(request, attempt, error, delayMs), report);
      }
    },
    paused(request, attempt, status, pauseMs) {
      for (const { observer, report } of observers) {
        safely(() => observer.paused?.(request, attempt, status, pauseMs), report);
      }
    },
    // Every part is told of every attempt (their handles line up): watched when any part would record.
    watching: () =>
      observers.some(({ observer, report }) => safely(() => observer.watching?.() ?? true, report)),
  };
}

/** One observer, guarded; written out rather than through `safely`, so that no closure is made per call. */
function guarded({
  observer,
  report,
}: {
  observer: RequestObserver;
  report: (error: unknown) => void;
}): RequestObserver {
  return {
    attemptStarted(request, attempt) {
      try {
        return settled(observer.attemptStarted(request, attempt), report);
      } catch (error) {
        report(error);
        return undefined;
      }
    },
    attemptEnded(request, attempt, handle, outcome) {
      try {
        settled(observer.attemptEnded(request, attempt, handle, outcome), report);
      } catch (error) {
        report(error);
      }
    },
    retrying(request, attempt, error, delayMs) {
      try {
        settled(observer.retrying(request, attempt, error, delayMs), report);
      } catch (thrown) {
        report(thrown);
      }
    },
    paused(request, attempt, status, pauseMs) {
      try {
        settled(observer.paused?.(request, attempt, status, pauseMs), report);
      } catch (thrown) {
        report(thrown);
      }
    },
    watching() {
      try {
        return observer.watching?.() ?? true;
      } catch (error) {
        report(error);
        return true;
      }
    },
  };
}
