// One comparison of `npm run bench -- client` alone, for profiling:
// `node --cpu-prof --import tsx bench/probe.ts <batching|telemetry> [rounds] [only] [--no-telemetry]`.
// `batching` is the batching floor's comparison (case 2: `floor`, `batched`); `telemetry` is case 4b's (`off`,
// `noop`, `sdk`, `floor`, `least`). `only` names the sides to run, comma-separated (`sdk` alone to profile it,
// `off,noop` to compare two); `--no-telemetry` makes the batching client with `telemetry: false`. Rounds
// interleave the sides, in another order each round (as bench 4b). Prints each side's wall time, its client CPU
// time (process.cpuUsage) and its garbage collection time per round, best and median, and each side over the first.
import { PerformanceObserver } from 'node:perf_hooks';
import { type Built, loadBuilt } from './built.js';
import { batchingRunners, telemetryRunners } from './cases/client.js';
import { shuffled } from './harness.js';
import { startServerProcess } from './server-process.js';

const [comparison, roundsArg, only] = process.argv.slice(2).filter((arg) => arg !== '--no-telemetry');
const rounds = Number(roundsArg ?? 10);
const built: Built = await loadBuilt();
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

async function compare(): Promise<void> {
  if (comparison === 'batching') {
    const server = await startServerProcess(20);
    const clientOptions = process.argv.includes('--no-telemetry') ? { telemetry: false as const } : {};
    const count = 2_000;
    const { close, ...runners } = batchingRunners(built, server, count, 50, clientOptions);
    await measure(runners, count).finally(close).finally(server.stop);
  } else if (comparison === 'telemetry') {
    const server = await startServerProcess(0);
    const count = 20_000;
    const { runners, close } = await telemetryRunners(built, server, count, 16);
    await measure(runners, count).finally(close).finally(server.stop);
  } else {
    throw new Error(`usage: bench/probe.ts <batching|telemetry> [rounds] [only] [--no-telemetry]`);
  }
}

async function measure(runners: Record<string, () => Promise<number>>, count: number): Promise<void> {
  const names = only ? only.split(',') : Object.keys(runners);
  const seen = Object.fromEntries(
    names.map((name) => [name, { wall: [] as number[], cpu: [] as number[], gc: [] as number[] }]),
  );
  for (let round = 0; round <= rounds; round++) {
    for (const name of shuffled(names, round)) {
      const run = runners[name];
      if (run === undefined) throw new Error(`no side named ${name}: ${Object.keys(runners).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 5)); // the previous round's GC entries are in
      const gcBefore = gcMs;
      const cpu = process.cpuUsage();
      const start = performance.now();
      const produced = await run();
      const wall = performance.now() - start;
      const used = process.cpuUsage(cpu);
      await new Promise((resolve) => setImmediate(resolve));
      if (produced !== count) throw new Error(`${name} produced ${produced}`);
      if (round === 0) continue; // warms up the JIT
      const kept = seen[name] as (typeof seen)[string];
      kept.wall.push(wall);
      kept.cpu.push((used.user + used.system) / 1000);
      kept.gc.push(gcMs - gcBefore);
    }
  }
  const best = (values: number[]) => Math.min(...values);
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const shown = (values: number[]) => `${best(values).toFixed(1)} / ${median(values).toFixed(1)} ms`;
  const [first] = Object.values(seen);
  for (const [name, { wall, cpu, gc }] of Object.entries(seen)) {
    const perCall = ((best(cpu) * 1000) / count).toFixed(1);
    const ratio =
      first && first.wall !== wall
        ? `; over the first: wall ${(best(wall) / best(first.wall)).toFixed(2)}, CPU ${(best(cpu) / best(first.cpu)).toFixed(2)}`
        : '';
    console.log(
      `${name} (best / median): wall ${shown(wall)}, client CPU ${shown(cpu)} (${perCall} us a call), GC ${shown(gc)}${ratio}`,
    );
  }
}

await compare();
