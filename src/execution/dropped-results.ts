/** How long one burst of dropped results is gathered into one line on stderr. */
export const DROP_SUMMARY_WINDOW_MS = 1000;

/** Summaries with a line pending, all written by one `exit` listener if the process ends first. */
const pending = new Set<DroppedResultsSummary>();

function flushPending(): void {
  for (const summary of pending) summary.flush();
}

/**
 * What stderr hears of async results dropped by `maxStoredResults` when nobody gave the scheduler an exception
 * handler: one line per burst (how many, since when, the cap), not a stack trace per drop. A busy service can drop
 * tens of thousands in a second, and that many traces would bury everything else on stderr. The first drop opens
 * a window of `DROP_SUMMARY_WINDOW_MS`; its line is written when the window closes, or when the process exits
 * first. The timer is unref'd: a pending summary never keeps the process alive.
 */
export class DroppedResultsSummary {
  readonly #cap: () => number;
  #count = 0;
  #since = 0;
  #timer: NodeJS.Timeout | undefined;
  readonly #flush = () => this.flush();

  /** `cap` reads the current `maxStoredResults`, for the line. */
  constructor(cap: () => number) {
    this.#cap = cap;
  }

  /** Counts one dropped result. */
  add(): void {
    this.#count += 1;
    if (this.#count > 1) return;
    this.#since = Date.now();
    this.#timer = setTimeout(this.#flush, DROP_SUMMARY_WINDOW_MS);
    this.#timer.unref();
    // One listener for every client, and only while a line is pending: nothing piles up on `process`.
    if (pending.size === 0) process.on('exit', flushPending);
    pending.add(this);
  }

  /** Writes the pending line, if any, and closes the window. */
  flush(): void {
    if (this.#count === 0) return;
    const count = this.#count;
    this.#count = 0;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    pending.delete(this);
    if (pending.size === 0) process.off('exit', flushPending);
    const results = count === 1 ? 'result' : 'results';
    try {
      process.stderr.write(
        `[pyxis-gql] ${count} async job ${results} dropped unfetched since ${new Date(this.#since).toISOString()}: ` +
          `maxStoredResults (${this.#cap()}) reached. Fetch or clear results sooner, raise maxStoredResults, or ` +
          'give the scheduler an exceptionHandler to hear of each drop.\n',
      );
    } catch {
      // A broken stderr must not fail the job that happened to push a result out.
    }
  }
}
