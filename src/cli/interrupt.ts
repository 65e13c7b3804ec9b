// Ctrl-C, with the conventions of `run()`: the first SIGINT or SIGTERM aborts the run's signal (with an
// InterruptedError) so the fan-out winds down and the output is closed properly; the second exits at once with
// code 130. The CLI keeps its own handler rather than calling `run()` because it must give the terminal back
// (the progress bar hides the cursor) before that immediate exit.
import { InterruptedError } from '../run/index.js';
import { EXIT_INTERRUPTED } from './exit-codes.js';

export interface SignalProcess {
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  exit(code: number): void;
}

export interface Interrupts {
  readonly signal: AbortSignal;
  /**
   * Called on each interrupt before anything is written or the process exits: the progress bar is stopped here,
   * so that the message does not land in the middle of it and the cursor is shown again.
   */
  restoreTerminal: (() => void) | undefined;
  /** Removes the handlers. */
  dispose(): void;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function handleInterrupts(
  target: SignalProcess,
  stderr: { write(text: string): unknown },
): Interrupts {
  const controller = new AbortController();
  const interrupts: Interrupts = {
    signal: controller.signal,
    restoreTerminal: undefined,
    dispose: () => {
      for (const { name, listener } of listeners) target.off(name, listener);
    },
  };
  const listeners = STOP_SIGNALS.map((name) => {
    const listener = () => {
      try {
        interrupts.restoreTerminal?.();
      } catch {
        // Stopping matters more than the terminal's looks.
      }
      if (controller.signal.aborted) {
        target.exit(EXIT_INTERRUPTED);
        return;
      }
      stderr.write(`Received ${name}, stopping (press Ctrl-C again to exit at once)\n`);
      controller.abort(new InterruptedError(name));
    };
    target.on(name, listener);
    return { name, listener };
  });
  return interrupts;
}
