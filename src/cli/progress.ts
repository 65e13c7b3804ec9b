// The progress bar on stderr. cli-progress does the terminal work (redraw in place at a steady rate, hide and
// restore the cursor, clear the line at the end); what the line says is ours, in formatProgress.
import type { Writable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import { doneOf, formatRate, formatSeconds, rateOf, type TallySnapshot } from './summary.js';

export interface ProgressDisplay {
  update(tally: TallySnapshot): void;
  /** Writes a line for the user (a hint) above the bar, or simply on the stream when there is no bar. */
  notice(text: string): void;
  /** Removes the bar and gives the terminal back (cursor shown again). Safe to call more than once. */
  stop(): void;
}

/** Redraws per second: smooth enough to read, cheap enough not to slow a fast fan-out. */
const FPS = 8;
const BAR_WIDTH = 24;

/**
 * A progress bar on `stream` when `enabled`, else one that shows nothing. The caller decides when it is
 * enabled: stderr is a terminal, and stdout is not the same terminal (results scrolling past would tear it up).
 */
export function createProgress(
  command: string,
  stream: Writable & { columns?: number },
  enabled: boolean,
  initial: TallySnapshot,
): ProgressDisplay {
  if (!enabled) {
    return { update: () => undefined, notice: (text) => stream.write(`${text}\n`), stop: () => undefined };
  }
  let latest = initial;
  const recent = new RecentRate();
  const bar = new SingleBar({
    stream,
    fps: FPS,
    hideCursor: true,
    clearOnComplete: true,
    // We handle Ctrl-C ourselves and stop the bar then.
    gracefulExit: false,
    format: (_options, params) => formatProgress(command, latest, params.maxWidth, recent.rateAt(latest)),
  });
  bar.start(initial.total ?? 0, 0);
  let stopped = false;
  return {
    update(tally) {
      latest = tally;
      if (tally.total !== undefined && tally.total !== bar.getTotal()) bar.setTotal(tally.total);
      bar.update(doneOf(tally));
    },
    notice(text) {
      if (stopped) {
        stream.write(`${text}\n`);
        return;
      }
      // The bar owns its line (it saved the cursor there, and clears that line when it stops): take it away,
      // write the text in its place, and start it again on the next line.
      bar.stop();
      stream.write(`${text}\n`);
      bar.start(bar.getTotal(), doneOf(latest));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

/** How far back the current rate looks, in ms: long enough to be steady, short enough to follow a change. */
const RATE_WINDOW_MS = 5_000;
/** Samples kept: a redraw's worth per frame over the window, and a few more. */
const RATE_SAMPLES = Math.ceil((RATE_WINDOW_MS / 1000) * FPS) + 4;

/**
 * The current rate: lookups per second over the last few seconds, not since the start, so that a run that slowed
 * down (a 429 pause, a slow spell of the server) shows it, and its ETA follows. Constant memory (a ring of samples).
 */
export class RecentRate {
  readonly #at = new Float64Array(RATE_SAMPLES);
  readonly #done = new Float64Array(RATE_SAMPLES);
  #count = 0;
  #next = 0;

  /** Records the snapshot and returns the rate over the window up to it. */
  rateAt(tally: TallySnapshot): number {
    const now = tally.elapsedMs;
    const done = doneOf(tally);
    this.#at[this.#next] = now;
    this.#done[this.#next] = done;
    this.#next = (this.#next + 1) % RATE_SAMPLES;
    this.#count = Math.min(this.#count + 1, RATE_SAMPLES);
    // The oldest sample still within the window.
    let oldest = -1;
    for (let i = 0; i < this.#count; i++) {
      const index = (this.#next - this.#count + i + RATE_SAMPLES) % RATE_SAMPLES;
      if (now - (this.#at[index] as number) <= RATE_WINDOW_MS) {
        oldest = index;
        break;
      }
    }
    const span = oldest === -1 ? 0 : now - (this.#at[oldest] as number);
    // Too early for a window (the first second): the rate since the start.
    if (span < 1000) return rateOf(tally);
    return ((done - (this.#done[oldest] as number)) * 1000) / span;
  }
}

/**
 * `repo [██████░░░░░░] 1,204/2,005  60% | ok 1,200  failed 4  skipped 0 | 1,113/s | ETA 0.7 s`, or without the
 * bar and ETA while the number of inputs is not known yet. `rate` is the current rate (default: since the start);
 * the ETA follows it. Cut to the terminal's width.
 */
export function formatProgress(
  command: string,
  tally: TallySnapshot,
  maxWidth = 200,
  rate = rateOf(tally),
): string {
  const done = doneOf(tally);
  const counts = `ok ${number(tally.ok)}  failed ${number(tally.failed)}  skipped ${number(tally.skipped)}`;
  const parts: string[] = [];
  if (tally.total === undefined) {
    parts.push(`${command} ${number(done)} done`, counts, formatRate(rate), formatSeconds(tally.elapsedMs));
  } else {
    const fraction = tally.total === 0 ? 1 : Math.min(1, done / tally.total);
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    const remaining = tally.total - done;
    const eta =
      remaining <= 0 ? 'ETA 0 s' : rate > 0 ? `ETA ${formatSeconds((remaining / rate) * 1000)}` : 'ETA -';
    parts.push(
      `${command} [${bar}] ${number(done)}/${number(tally.total)} ${percent}`,
      counts,
      formatRate(rate),
      eta,
    );
  }
  const line = parts.join(' | ');
  return line.length > maxWidth ? line.slice(0, maxWidth) : line;
}

function number(value: number): string {
  return value.toLocaleString('en-US');
}
