// The fan-out every lookup command shares: read inputs lazily, look them up concurrently, and write each result
// as soon as it is ready. Every input read ends as a printed result or a skip; when the run is stopped (Ctrl-C,
// stdout closed) the summary counts the lookups that were abandoned in flight.
import { asCompleted, SKIP, type Skip } from '../fanout/index.js';
import { echoInput } from './echo.js';
import { InputReadError, NotFoundError, OutputClosedError, UnprintableResultError } from './errors.js';
import { type LookupResult, printError, type ResultFormatter } from './formats.js';
import type { LookupKind } from './lookups.js';
import type { OutputStream } from './output.js';
import type { ProgressDisplay } from './progress.js';
import type { StopReason, Tally, TallySnapshot } from './summary.js';

export interface LookupRun {
  readonly lookup: LookupKind;
  readonly inputs: AsyncIterable<string>;
  /** Lookups in flight at once. */
  readonly concurrency: number;
  /** Drop not-found results instead of printing them as failures. */
  readonly skipMissing: boolean;
  readonly formatter: ResultFormatter;
  readonly output: OutputStream;
  readonly tally: Tally;
  readonly progress: ProgressDisplay;
  /** Aborted on Ctrl-C: running lookups are abandoned and no more start. */
  readonly signal: AbortSignal;
}

export interface LookupRunOutcome {
  readonly tally: TallySnapshot;
  /** Set when the run ended before every input was looked up. */
  readonly stopped: StopReason | undefined;
}

/**
 * Runs the lookups and writes their results. Resolves with the final counts; rejects only with an InputReadError
 * (the input file failed mid-way) or an unexpected bug, after closing the output properly either way.
 */
export async function runLookups(run: LookupRun): Promise<LookupRunOutcome> {
  const { tally, progress, output, formatter } = run;
  let stopped: StopReason | undefined;
  try {
    await output.write(formatter.begin());
    const results = asCompleted(tasksOf(run), { concurrency: run.concurrency, signal: run.signal });
    for await (const outcome of results) {
      const { result, chunks } = formatResult(formatter, outcome);
      await output.write(chunks);
      if (result.ok) tally.ok++;
      else tally.failed++;
      progress.update(tally.snapshot());
    }
  } catch (error) {
    if (error instanceof OutputClosedError) stopped = 'output closed';
    else if (run.signal.aborted && !(error instanceof InputReadError)) stopped = 'interrupted';
    else throw error;
  } finally {
    progress.stop();
    // Closes a json array even after a stop, so that what was written stays valid JSON.
    if (!output.isClosed) await output.write(formatter.end()).catch(() => undefined);
  }
  return { tally: tally.snapshot(), stopped };
}

/**
 * The chunks of one result. A result that cannot be formatted (data nested too deeply for JSON.stringify, which
 * then throws a RangeError) is printed as a failed lookup saying so, so that its input still ends as one line and
 * the run carries on to its summary, whatever the server sent.
 */
export function formatResult(
  formatter: ResultFormatter,
  result: LookupResult,
): { result: LookupResult; chunks: string[] } {
  try {
    return { result, chunks: formatter.format(result) };
  } catch (error) {
    const what = result.ok ? 'result' : result.error.name;
    const reason = error instanceof Error ? error.message : String(error);
    const unprintable = new UnprintableResultError(
      `the lookup's ${what} cannot be written as JSON: ${reason}`,
    );
    const failed: LookupResult = { input: result.input, ok: false, error: printError(unprintable) };
    return { result: failed, chunks: formatter.format(failed) };
  }
}

/** Reads the inputs one at a time, as the fan-out has room for another lookup. */
async function* tasksOf(
  run: LookupRun,
): AsyncGenerator<(signal: AbortSignal) => Promise<LookupResult | Skip>> {
  for await (const input of run.inputs) {
    run.tally.read++;
    // Every lookup in flight follows the fan-out's signal, which allows that many listeners (see FanoutScope).
    yield (signal) => settle(run, input, signal);
  }
  run.tally.inputEnded();
}

/** A lookup's outcome as a result to print, or SKIP for a not-found one under `--skip-missing`. Never rejects. */
async function settle(run: LookupRun, input: string, signal: AbortSignal): Promise<LookupResult | Skip> {
  // Echoed cut, so that a runaway input line does not come back whole in every output line.
  const echoed = echoInput(input);
  try {
    return { input: echoed, ok: true, data: await run.lookup.perform(input, signal) };
  } catch (error) {
    if (run.skipMissing && error instanceof NotFoundError) {
      run.tally.skipped++;
      run.progress.update(run.tally.snapshot());
      return SKIP;
    }
    return { input: echoed, ok: false, error: printError(error) };
  }
}
