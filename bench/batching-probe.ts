// The batching floor comparison alone (case '2 batching' of `npm run bench -- client`), for profiling:
// `node --cpu-prof --import tsx bench/batching-probe.ts [rounds] [only] [--no-telemetry]`, where `only` is
// `batched` or `floor` to profile one side, and `--no-telemetry` makes the client with `telemetry: false`. Rounds interleave the two; prints each side's wall time, its client CPU time
// (process.cpuUsage) and its garbage collection time per round, best and median.
import { PerformanceObserver } from 'node:perf_hooks';
import { type Built, loadBuilt } from './built.js';
import { batchingRunners } from './cases/client.js';
import { startServerProcess } from './server-process.js';

const args = process.argv.slice(2).filter((arg) => arg !== '--no-telemetry');
const rounds = Number(args[0] ?? 10);
const only = args[1];
const clientOptions = process.argv.includes('--no-telemetry') ? { telemetry: false as const } : {};
const built: Built = await loadBuilt();
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
const server = await startServerProcess(20);
try {
  const count = 2_000;
  const runners = batchingRunners(built, server, count, 50, clientOptions);
  const names = (only ? [only] : ['floor', 'batched']) as Array<'floor' | 'batched'>;
  const seen: Record<string, { wall: number[]; cpu: number[]; gc: number[] }> = {};
  for (let round = 0; round <= rounds; round++) {
    for (const name of names) {
      await new Promise((resolve) => setTimeout(resolve, 5)); // the previous round's GC entries are in
      const gcBefore = gcMs;
      const cpu = process.cpuUsage();
      const start = performance.now();
      const produced = await runners[name]();
      const wall = performance.now() - start;
      const used = process.cpuUsage(cpu);
      await new Promise((resolve) => setImmediate(resolve));
      if (produced !== count) throw new Error(`${name} produced ${produced}`);
      if (round === 0) continue; // warms up the JIT
      seen[name] ??= { wall: [], cpu: [], gc: [] };
      const kept = seen[name];
      kept.wall.push(wall);
      kept.cpu.push((used.user + used.system) / 1000);
      kept.gc.push(gcMs - gcBefore);
    }
  }
  const best = (values: number[]) => Math.min(...values);
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const shown = (values: number[]) => `${best(values).toFixed(1)} / ${median(values).toFixed(1)} ms`;
  for (const [name, { wall, cpu, gc }] of Object.entries(seen)) {
    const perLookup = ((best(cpu) * 1000) / count).toFixed(1);
    console.log(
      `${name} (best / median): wall ${shown(wall)}, client CPU ${shown(cpu)} (${perLookup} us a lookup), GC ${shown(gc)}`,
    );
  }
  const { floor, batched } = seen;
  if (floor && batched) {
    console.log(
      `batched / floor: wall ${(best(batched.wall) / best(floor.wall)).toFixed(2)}, CPU ${(best(batched.cpu) / best(floor.cpu)).toFixed(2)}`,
    );
  }
  await runners.close();
} finally {
  await server.stop();
}
