import { inspect } from 'node:util';

/** The parts of `process` that `run` uses; tests pass a stand-in. */
export interface RunProcess {
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  exit(code: number): void;
  exitCode?: number | string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stderr: { write(text: string): unknown };
}

export interface RunOptions {
  /** Whose signals, exit code and stderr `run` uses. Defaults to the global `process`. */
  readonly process?: RunProcess;
}

/**
 * The exit code of an interrupted script, as shells report an interrupted command (128 + SIGINT): after a second
 * interrupt, and when main ends by the first one's abort.
 */
export const INTERRUPTED_EXIT_CODE = 130;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The abort reason of `run`'s signal when the process is asked to stop. */
export class InterruptedError extends Error {
  override readonly name = 'AbortError';

  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`Interrupted by ${signal}`);
  }
}

/**
 * The entry point of a script, like Python's `asyncio.run`: calls `main(signal)` and turns its outcome into the
 * exit code. On success the exit code is 0 and the promise resolves to main's result. On failure the error's
 * message (its stack and details too when `DEBUG` is set) goes to stderr, the exit code is 1, and the promise
 * resolves to `undefined`: it never rejects.
 *
 * The first SIGINT or SIGTERM aborts `signal` (with an `InterruptedError`), so running fan-outs wind down; a
 * second one exits at once with code 130. When main then fails with that abort (its reason, or an error caused by
 * it), the exit code is 130 too, and nothing more is printed. The signal handlers are removed when main settles.
 */
export async function run<T>(
  main: (signal: AbortSignal) => T | PromiseLike<T>,
  options: RunOptions = {},
): Promise<T | undefined> {
  const target: RunProcess = options.process ?? process;
  const controller = new AbortController();
  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = () => {
      if (controller.signal.aborted) {
        target.exit(INTERRUPTED_EXIT_CODE);
        return;
      }
      writeSafely(target, `Received ${signal}, stopping (send it again to exit at once)\n`);
      controller.abort(new InterruptedError(signal));
    };
    target.on(signal, listener);
    return { signal, listener };
  });

  try {
    const result = await main(controller.signal);
    target.exitCode = 0;
    return result;
  } catch (error) {
    const debug = Boolean(target.env.DEBUG);
    if (endedByInterrupt(error, controller.signal)) {
      // The notice said why it stopped: shells and CI systems read 130 as "interrupted", not as a failure.
      target.exitCode = INTERRUPTED_EXIT_CODE;
      if (debug) writeSafely(target, `${describeFailure(error, debug)}\n`);
      return undefined;
    }
    target.exitCode = 1;
    writeSafely(target, `${describeFailure(error, debug)}\n`);
    return undefined;
  } finally {
    for (const { signal, listener } of listeners) target.off(signal, listener);
  }
}

/**
 * Main failed with the interrupt's own abort: the signal's reason itself (what the fan-outs and the client reject
 * with), or an error caused by it (Node's `AbortError` from `timers/promises` or `events.once`, a wrapper of the
 * caller's). A different error after an interrupt is a real failure and keeps exit code 1.
 */
function endedByInterrupt(error: unknown, signal: AbortSignal): boolean {
  if (!signal.aborted) return false;
  let current = error;
  try {
    // A few links at most: a cause chain can be made to loop.
    for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth += 1) {
      if (current === signal.reason) return true;
      current = (current as { cause?: unknown }).cause;
    }
  } catch {
    // A `cause` getter that throws: not the interrupt's doing, and `run` must not reject.
  }
  return false;
}

function describeFailure(error: unknown, debug: boolean): string {
  // `inspect` shows the stack, the `cause` chain and any fields an error class carries.
  if (debug) return inspect(error, { depth: 6 });
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `Error: ${inspect(error)}`;
}

// A broken stderr must not turn a handled failure into an escaping one.
function writeSafely(target: RunProcess, text: string): void {
  try {
    target.stderr.write(text);
  } catch {
    // Nowhere left to report it.
  }
}
