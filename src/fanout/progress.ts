import type { FanoutProgress } from './types.js';

/** The counters behind `onProgress`, kept whether or not anyone listens (they are cheap). */
export class ProgressCounter {
  done = 0;
  failed = 0;
  skipped = 0;
  running = 0;

  readonly #onProgress: ((progress: FanoutProgress) => void) | undefined;
  readonly #source: { readonly total: number | undefined };

  constructor(
    onProgress: ((progress: FanoutProgress) => void) | undefined,
    source: { readonly total: number | undefined },
  ) {
    this.#onProgress = onProgress;
    this.#source = source;
  }

  /** Passes a fresh snapshot, so a listener may keep it. */
  report(): void {
    if (this.#onProgress === undefined) return;
    this.#onProgress({
      done: this.done,
      failed: this.failed,
      skipped: this.skipped,
      running: this.running,
      total: this.#source.total,
    });
  }
}
