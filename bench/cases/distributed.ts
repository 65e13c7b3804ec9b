// Lookups run by worker processes over BullMQ on a real redis-server (started for the run on a free loopback port,
// stopped after), against the embedded server in its own process at 20 ms latency; all of it built (dist/).
// 1. The queue's overhead: one worker process vs an in-process `gather` at the same concurrency and chunking
//    (PER_WORKER batched requests of up to 50 lookups in flight, 1000 lookups started at a time).
// 2. Scaling: 1, 2 and 4 worker processes, PER_WORKER jobs each, with the CPU each process used while it ran:
//    the machine has 2 cores for the server, Redis, the producer and the workers together.
// 3. One budget for the fleet: 4 workers under the workers' `rateLimit` of 200 requests per second (kept in Redis,
//    over every HTTP attempt, in any sliding window), and for comparison under BullMQ's limiter of 200 jobs (each one
//    request) per second; the requests counted where they arrive, at the server.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { createInterface, type Interface } from 'node:readline';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type RedisServer, startRedisServer } from '../../test/helpers/redis.js';
import { busiestWindow } from '../../test/helpers/windows.js';
import { loadBuilt, loadBuiltBullmq } from '../built.js';
import { type BenchCase, type BenchRow, bestOfInterleaved } from '../harness.js';
import { type ServerProcess, startServerProcess } from '../server-process.js';

const LATENCY_MS = 20;
/** Jobs (batched requests of up to 50 lookups) each worker runs at once; the in-process client's request cap. */
const PER_WORKER = 4;
const FLEETS = [1, 2, 4] as const;
const WORKER_PROCESSES = 4;
/**
 * The fleet's budget, 200 requests a second: as the workers' `rateLimit` (`rate`), and as BullMQ's limiter of job
 * starts in one window of a second (`limiter`).
 */
const RATE = { max: 200, duration: 1000 };
interface FleetLimit {
  kind: 'rate' | 'limiter';
  max: number;
  duration: number;
  /** `rateLimit`'s burst: 1 spaces the fleet's requests 5 ms apart. */
  burst?: number;
}
const LIMITS: readonly FleetLimit[] = [
  { kind: 'rate', ...RATE },
  { kind: 'rate', ...RATE, burst: 1 },
  { kind: 'limiter', ...RATE },
];
const limitQueue = ({ kind, max, duration, burst }: FleetLimit) =>
  `${kind}-${max}-${duration}${burst ? `-${burst}` : ''}`;
/** The worker process's spec of a limit (bench/lookup-worker.mjs). */
const limitSpec = ({ kind, max, duration, burst }: FleetLimit) =>
  `${kind === 'rate' ? 'rate=' : ''}${max}/${duration}${burst ? `/${burst}` : ''}`;
/** Lookups started at a time, in-process and distributed alike: the fan-out's default (20 jobs of 50). */
const IN_FLIGHT = 1000;

/** A worker process (bench/lookup-worker.mjs), running one worker per queue it was given. */
interface WorkerProcess {
  cpu(): Promise<NodeJS.CpuUsage>;
  stop(): Promise<void>;
}

/** `PYXIS_BENCH_PROFILE=dir`: the worker processes run with `--cpu-prof` and write their profiles there. */
function profileArgs(): string[] {
  const dir = process.env.PYXIS_BENCH_PROFILE;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', dir] : [];
}

async function startWorkerProcess(
  redisUrl: string,
  serverUrl: string,
  specs: string[],
): Promise<WorkerProcess> {
  const script = new URL('../lookup-worker.mjs', import.meta.url).pathname;
  const child: ChildProcess = spawn(
    process.execPath,
    [...profileArgs(), script, redisUrl, serverUrl, ...specs],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines: Interface = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
  const exited = once(child, 'exit');
  const [first] = (await Promise.race([once(lines, 'line'), exited])) as [unknown];
  if (first !== 'ready') throw new Error(`a worker process exited before it was ready (code ${first})`);
  return {
    async cpu() {
      const line = once(lines, 'line');
      child.stdin?.write('cpu\n');
      return JSON.parse(((await line) as [string])[0]) as NodeJS.CpuUsage;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU seconds used so far, by process and for the whole machine (busy and all, summed over its cores). */
interface CpuSnapshot {
  server: number;
  redis: number;
  producer: number;
  workers: number;
  machineBusy: number;
  machineAll: number;
}

const seconds = ({ user, system }: NodeJS.CpuUsage) => (user + system) / 1e6;

async function snapshot(
  server: ServerProcess,
  redis: Redis,
  workers: readonly WorkerProcess[],
): Promise<CpuSnapshot> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  const workerCpu = await Promise.all(workers.map((worker) => worker.cpu()));
  let machineBusy = 0;
  let machineAll = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    machineAll += all / 1000;
    machineBusy += (all - times.idle) / 1000;
  }
  return {
    server: seconds(await server.cpu()),
    redis: field('used_cpu_user') + field('used_cpu_sys'),
    producer: seconds(process.cpuUsage()),
    workers: workerCpu.reduce((sum, usage) => sum + seconds(usage), 0),
    machineBusy,
    machineAll,
  };
}

/** CPU used over runs, and the wall time they took: summed over every round of one runner. */
class CpuMeter {
  readonly totals = { wall: 0, server: 0, redis: 0, producer: 0, workers: 0, machineBusy: 0, machineAll: 0 };
  runs = 0;

  async measure<T>(
    take: () => Promise<CpuSnapshot>,
    run: () => Promise<T>,
  ): Promise<{ produced: T; elapsed: number }> {
    const before = await take();
    const start = performance.now();
    const produced = await run();
    const elapsed = performance.now() - start;
    const after = await take();
    this.totals.wall += elapsed / 1000;
    this.runs += 1;
    for (const key of Object.keys(before) as Array<keyof CpuSnapshot>) {
      this.totals[key] += after[key] - before[key];
    }
    return { produced, elapsed };
  }

  /** Percent of one core, as `top` shows a process. */
  percentOfCore(key: 'server' | 'redis' | 'producer' | 'workers'): number {
    return (this.totals[key] / this.totals.wall) * 100;
  }

  /**
   * The shortest a run could take on `cores` cores were CPU the only limit, in ms: its processes' CPU seconds per
   * run over the cores. A wall time near it says the machine is the ceiling.
   */
  floor(cores: number): number {
    const { server, redis, producer, workers } = this.totals;
    return ((server + redis + producer + workers) / this.runs / cores) * 1000;
  }

  /** Percent of the whole machine (all cores) that was busy, whoever used it. */
  get machinePercent(): number {
    return (this.totals.machineBusy / this.totals.machineAll) * 100;
  }
}

const distributed: BenchCase = {
  name: 'distributed',
  async run({ quick }) {
    const { PyxisClient, gather } = await loadBuilt();
    const { createDistributedFanout } = await loadBuiltBullmq();
    // Quick (CI) only checks that every part works: small runs, and the rows that compare variants left out.
    const count = quick ? 1_000 : 20_000;
    const rounds = quick ? 1 : 3;
    const rateJobs = quick ? RATE.max + 50 : 10 * RATE.max;
    const limits = quick ? LIMITS.slice(0, 1) : LIMITS;
    const rows: BenchRow[] = [];
    const row = (metric: string, value: number, unit?: string, target?: string, ok?: boolean) =>
      rows.push({ case: 'distributed', metric, value, unit, target, ok });

    // Every lookup a different repository: in-flight sharing must not be what makes a run fast.
    const server = await startServerProcess(LATENCY_MS, count);
    let redisServer: RedisServer | undefined;
    const workers: WorkerProcess[] = [];
    const closing: Array<() => Promise<void>> = [];
    try {
      redisServer = await startRedisServer();
      const redisUrl = redisServer.url;
      const info = new Redis(redisUrl);
      closing.push(async () => void (await info.quit()));
      // The test helper's Redis fsyncs its append-only file on every write (the restart tests need it); a deployment
      // runs Redis' default of once a second, and so does the bench. `always` costs 1 to 4 ms per write round trip on
      // this machine's disk (500 HSETs of 20 kB one after another, 0.1 to 0.5 ms without): measured as a runner.
      await info.config('SET', 'appendfsync', 'everysec');
      // Process i runs a worker on each fleet of more than i workers, and one on the rate-limited queue: one set of
      // processes for every row (a fleet's idle workers wait on Redis and use no CPU to speak of).
      workers.push(
        ...(await Promise.all(
          Array.from({ length: WORKER_PROCESSES }, (_, i) =>
            startWorkerProcess(redisUrl, server.url, [
              ...FLEETS.filter((size) => i < size).map((size) => `fleet-${size}:${PER_WORKER}`),
              ...(i === 0 ? [`fleet-1-fetch:${PER_WORKER}:-:fetch`] : []),
              ...LIMITS.map((limit) => `${limitQueue(limit)}:${PER_WORKER}:${limitSpec(limit)}:unbatched`),
            ]),
          ),
        )),
      );
      const paths = server.paths.slice(0, count);
      const take = () => snapshot(server, info, workers);

      const client = new PyxisClient({ url: server.url, batch: true, maxConcurrency: PER_WORKER });
      closing.push(() => client.close());
      const meters = new Map<string, CpuMeter>();
      const metered = (name: string, run: () => Promise<number>, shown = true) => {
        const meter = new CpuMeter();
        if (shown) meters.set(name, meter);
        return () => meter.measure(take, run);
      };
      const found = (results: unknown[]) => {
        if (results.some((repository) => repository === null)) throw new Error('a lookup found nothing');
        return results.length;
      };
      const runners: Record<string, () => Promise<{ produced: number; elapsed: number }>> = {
        'in-process': metered('in-process', async () =>
          found(
            await gather(
              paths.map((path) => (signal: AbortSignal) => client.getRepositoryByPath(path, { signal })),
              { concurrency: IN_FLIGHT },
            ),
          ),
        ),
      };
      for (const size of FLEETS) {
        const fleet = createDistributedFanout({ connection: redisUrl, queue: `fleet-${size}` });
        closing.push(() => fleet.close());
        await fleet.ready();
        const run = async () =>
          found(
            await fleet.gather(
              paths.map((path) => (signal: AbortSignal) => fleet.pyxis.getRepositoryByPath(path, { signal })),
              { concurrency: IN_FLIGHT },
            ),
          );
        runners[`${size} workers`] = metered(`${size} workers`, run);
        if (size === 1 && !quick) {
          // The same worker, its client given a `fetch` option: how the workers watched for 429s before.
          const viaFetch = createDistributedFanout({ connection: redisUrl, queue: 'fleet-1-fetch' });
          closing.push(() => viaFetch.close());
          await viaFetch.ready();
          runners['1 worker, client on fetch'] = metered(
            '1 worker, client on fetch',
            async () =>
              found(
                await viaFetch.gather(
                  paths.map(
                    (path) => (signal: AbortSignal) => viaFetch.pyxis.getRepositoryByPath(path, { signal }),
                  ),
                  { concurrency: IN_FLIGHT },
                ),
              ),
            false,
          );
          const measured = metered('1 worker, fsync always', run, false);
          runners['1 worker, fsync always'] = async () => {
            await info.config('SET', 'appendfsync', 'always');
            try {
              return await measured();
            } finally {
              await info.config('SET', 'appendfsync', 'everysec');
            }
          };
        }
      }
      const best = await bestOfInterleaved(runners, rounds, count);

      const inProcess = best['in-process'] as number;
      const one = best['1 workers'] as number;
      const overhead = one / inProcess;
      const shape = `${count} lookups, ${PER_WORKER} requests of 50 in flight`;
      row(`in-process gather: wall (${shape})`, Math.round(inProcess), 'ms');
      row(
        `queue overhead: 1 worker process / in-process gather (${shape})`,
        overhead,
        undefined,
        '<= 1.30',
        overhead <= 1.3,
      );
      row(
        'queue cost per lookup (1 worker - in-process, over lookups)',
        ((one - inProcess) * 1000) / count,
        'µs',
      );
      if (!quick) {
        row(
          "queue overhead with the worker's client given a fetch option (off its undici path, as before onEvent)",
          (best['1 worker, client on fetch'] as number) / inProcess,
        );
        row(
          'queue overhead with Redis fsyncing its append-only file on every write (appendfsync always)',
          (best['1 worker, fsync always'] as number) / inProcess,
        );
      }
      for (const size of FLEETS) {
        row(
          `${size} worker(s) x ${PER_WORKER} jobs: wall`,
          Math.round(best[`${size} workers`] as number),
          'ms',
        );
      }
      for (const [size, target] of [
        [2, 1.8],
        [4, 3.2],
      ] as const) {
        const ratio = one / (best[`${size} workers`] as number);
        row(
          `scaling: throughput ${size} workers / 1 worker`,
          ratio,
          undefined,
          `>= ${target}`,
          ratio >= target,
        );
      }
      const cores = cpus().length;
      for (const [name, meter] of meters) {
        row(`${name}: server process CPU (% of one core)`, meter.percentOfCore('server'), '%');
        const parts = (['server', 'redis', 'producer', 'workers'] as const).map((key) => [
          key,
          meter.percentOfCore(key),
        ]) as Array<[string, number]>;
        row(
          `${name}: this bench's processes, CPU (% of all ${cores} cores; of one core: ${parts.map(([key, value]) => `${key} ${value.toFixed(0)}`).join(', ')})`,
          parts.reduce((sum, [, value]) => sum + value, 0) / cores,
          '%',
        );
        row(
          `${name}: machine CPU busy, everything running on it (% of all ${cores} cores)`,
          meter.machinePercent,
          '%',
        );
        row(
          `${name}: CPU floor of a run (its processes' CPU seconds / ${cores} cores)`,
          meter.floor(cores),
          'ms',
        );
      }

      // The rate limit: jobs of one lookup each, added at once; the limit spreads them. Its workers do not batch
      // (jobs started together would share a request), so that each job is one request.
      for (const limit of limits) {
        const name = limitQueue(limit);
        const queue = new Queue(name, { connection: { host: redisServer.host, port: redisServer.port } });
        closing.push(() => queue.close());
        // Warm first: each worker's first requests open their connections to the server and run cold code, so they
        // arrive later after their turns than the turns a window later do (the first 16 of a cold fleet reached the
        // server over 0 to 85 ms), and a second at the server that starts among them sees more than Redis gave.
        // That is a fleet's first second, not its steady state, which is what the row is about. Then a window
        // passes with nothing sent, so that the warm-up counts for nothing in the run.
        const warm = WORKER_PROCESSES * PER_WORKER * 2;
        await queue.addBulk(
          paths.slice(-warm).map((path) => ({
            name: 'getRepositoryByPath',
            data: { lookups: [{ method: 'getRepositoryByPath', args: [path] }] },
          })),
        );
        while ((await queue.getCompletedCount()) < warm) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await new Promise((resolve) => setTimeout(resolve, limit.duration + 100));
        // The limit's own decisions, for `rateLimit`: each turn is its script's LPUSH of the time it gave it, on
        // Redis' clock, which MONITOR shows (it costs Redis a little: every command is copied to it).
        const turns: number[] = [];
        const watcher = limit.kind === 'rate' ? new Redis(redisUrl) : undefined;
        const monitor = await watcher?.monitor();
        monitor?.on('monitor', (_time: string, args: string[]) => {
          if (args[0]?.toUpperCase() === 'LPUSH' && args[1] === `bull:${name}:pyxis-rate`) {
            turns.push(Number(args[2]) / 1000);
          }
        });
        await server.recordArrivals();
        await queue.addBulk(
          paths.slice(0, rateJobs).map((path) => ({
            name: 'getRepositoryByPath',
            data: { lookups: [{ method: 'getRepositoryByPath', args: [path] }] },
          })),
        );
        while ((await queue.getCompletedCount()) < warm + rateJobs) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        monitor?.disconnect();
        watcher?.disconnect();
        const arrivals = (await server.arrivals()).sort((a, b) => a - b);
        if (arrivals.length !== rateJobs) throw new Error(`${arrivals.length} requests for ${rateJobs} jobs`);
        // The first window lets `max` through as fast as the workers send them; from then on each request comes a
        // window after the one `max` before it (a sliding window replays the first window's pattern; fixed windows
        // start theirs each window). So the rate is read over whole windows: from the arrival a whole number of
        // windows' worth of requests before the last, to the last (with 2,000 requests, from the max-th: as
        // bench/cases/traffic.ts does).
        const windows = Math.floor((rateJobs - 1) / limit.max);
        const first = arrivals[rateJobs - 1 - windows * limit.max] as number;
        const last = arrivals[rateJobs - 1] as number;
        const rate = ((windows * limit.max) / (last - first)) * 1000;
        const off = Math.abs(rate / RATE.max - 1);
        const shape =
          limit.kind === 'rate'
            ? `rateLimit { requests: ${limit.max}, perMs: ${limit.duration}${limit.burst ? `, burst: ${limit.burst}` : ''} }, 4 workers x ${PER_WORKER} jobs`
            : `BullMQ's limiter { max: ${limit.max}, duration: ${limit.duration} }, 4 workers x ${PER_WORKER} jobs`;
        row(
          `fleet rate limit 200/s as ${shape}: measured rate at the server (${rateJobs} requests)`,
          rate,
          '/s',
          'within 5%',
          off <= 0.05,
        );
        const busiest = busiestWindow(arrivals, 1000);
        row(
          `fleet rate limit 200/s as ${shape}: most requests in any 1-second window at the server`,
          busiest,
          undefined,
          `<= ${RATE.max}`,
          busiest <= RATE.max,
        );
        if (monitor) {
          row(
            `fleet rate limit 200/s as ${shape}: most turns Redis gave in any 1-second window (its clock; ${turns.length} turns)`,
            busiestWindow(
              turns.sort((a, b) => a - b),
              1000,
            ),
            undefined,
            `<= ${RATE.max}`,
            busiestWindow(turns, 1000) <= RATE.max,
          );
        }
      }
    } finally {
      for (const close of closing.reverse()) await close().catch(() => {});
      await Promise.all(workers.map((worker) => worker.stop()));
      await redisServer?.stop();
      await server.stop();
    }
    return rows;
  },
};

export default distributed;
