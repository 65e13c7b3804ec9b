import { SeededRandom } from '../src/server/random.js';

/** What every benchmark case reports: one row per measured ratio, printed as one table. */
export interface BenchRow {
  case: string;
  metric: string;
  /** The measured value (a ratio, unless `unit` says otherwise). */
  value: number;
  unit?: string;
  /** The target, as text, e.g. '<= 1.10' or '>= 10'. */
  target?: string;
  /** Whether the value meets the target; undefined when there is no target. */
  ok?: boolean;
}

export interface BenchContext {
  /** --quick: run each case small, only to check that it works (CI). */
  quick: boolean;
}

export interface BenchCase {
  name: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

/** Milliseconds taken by `fn`, measured with the high-resolution clock. */
export async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The fastest of `runs` timings of `fn`, in milliseconds (the least disturbed by the rest of the machine). */
export async function bestOf(runs: number, fn: () => Promise<unknown>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) best = Math.min(best, await timeIt(fn));
  return best;
}

/**
 * What a runner resolves to: how many results it produced, or that with the milliseconds it measured itself (a
 * runner in another process times its work there, leaving out the start of the process).
 */
export type RunnerResult = number | { produced: number; elapsed: number };

/**
 * The best time of each runner over `rounds` rounds, in milliseconds. Rounds interleave the runners, so that a
 * slow spell of the machine hits all of them rather than one; a first round only warms up the JIT. Each runner
 * resolves to how many results it produced, checked against `expected`, so that one which silently dropped work
 * cannot look fast. With `shuffle`, each round runs them in another order (the same orders in every run): a runner
 * that leaves garbage behind (spans, say) then does not always slow down the same next one, and each runner has
 * rounds that follow a light one.
 */
export async function bestOfInterleaved<Name extends string>(
  runners: Record<Name, () => Promise<RunnerResult>>,
  rounds: number,
  expected: number,
  { shuffle = false }: { shuffle?: boolean } = {},
): Promise<Record<Name, number>> {
  const order = Object.keys(runners) as Name[];
  const best = Object.fromEntries(order.map((name) => [name, Number.POSITIVE_INFINITY])) as Record<
    Name,
    number
  >;
  for (let round = 0; round <= rounds; round++) {
    for (const name of shuffle ? shuffled(order, round) : order) {
      let result: RunnerResult = 0;
      const elapsed = await timeIt(async () => {
        result = await runners[name]();
      });
      const { produced, elapsed: measured } =
        typeof result === 'number' ? { produced: result, elapsed } : result;
      if (produced !== expected) throw new Error(`${name} produced ${produced} results, not ${expected}`);
      if (round > 0) best[name] = Math.min(best[name], measured);
    }
  }
  return best;
}

/**
 * `names` in the order of round `round` of a shuffled comparison, from the embedded server's seeded generator
 * (seeded with the round), so that a run is repeatable. A rotation would not do: each runner would still follow
 * the same other in almost every round.
 */
export function shuffled<T>(names: readonly T[], round: number): T[] {
  return new SeededRandom(round).shuffle(names);
}
