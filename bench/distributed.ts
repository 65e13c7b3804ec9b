// `npx tsx bench/distributed.ts [lookups] [workers]`: the queue's cost per lookup. The same lookups against the
// embedded server (own process, 20 ms latency), once through one in-process client (batched, 8 requests in flight)
// and once spread by a distributed fan-out over worker processes (each 4 jobs of 50 at once: 8 requests in flight
// for 2 workers). A real redis-server is started for the run, on a free port, and stopped after.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createDistributedFanout } from '../src/bullmq/index.js';
import { gather } from '../src/fanout/index.js';
import { PyxisClient } from '../src/index.js';
import { startRedisServer } from '../test/helpers/redis.js';
import { build } from './built.js';
import { startServerProcess } from './server-process.js';

const lookups = Number(process.argv[2] ?? 10_000);
const workerCount = Number(process.argv[3] ?? 2);
const JOBS_PER_WORKER = 4;
const LATENCY_MS = 20;

function startWorker(redisUrl: string, queue: string, url: string): Promise<ChildProcess> {
  const script = new URL('../test/bullmq/fixtures/worker-process.ts', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, redisUrl, queue, url, String(JOBS_PER_WORKER)],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, QUIET: '1' } },
  );
  const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
  return new Promise((resolve) => {
    lines.on('line', (line) => {
      if (line === 'ready') resolve(child);
    });
  });
}

build();
const server = await startServerProcess(LATENCY_MS, 12_000);
const redis = await startRedisServer();
const paths = server.paths.slice(0, lookups);
try {
  const client = new PyxisClient({ url: server.url, batch: true, maxConcurrency: 8 });
  const inProcessStart = performance.now();
  await gather(
    paths.map((path) => (signal: AbortSignal) => client.getRepositoryByPath(path, { signal })),
    { concurrency: 8 * 50 },
  );
  const inProcessMs = performance.now() - inProcessStart;
  await client.close();

  const queue = 'bench';
  const workers = await Promise.all(
    Array.from({ length: workerCount }, () => startWorker(redis.url, queue, server.url)),
  );
  const fleet = createDistributedFanout({ connection: redis.url, queue });
  // A warm-up: the event stream and the workers' connections are up before the clock starts.
  await fleet.gather([(signal: AbortSignal) => fleet.pyxis.ping({ signal })]);
  const distributedStart = performance.now();
  await fleet.gather(
    paths.map((path) => (signal: AbortSignal) => fleet.pyxis.getRepositoryByPath(path, { signal })),
  );
  const distributedMs = performance.now() - distributedStart;
  await fleet.close();
  for (const worker of workers) {
    worker.kill('SIGTERM');
    await once(worker, 'exit');
  }
  const perLookupMs = (distributedMs - inProcessMs) / lookups;
  console.log(
    JSON.stringify(
      {
        lookups,
        workers: workerCount,
        latencyMs: LATENCY_MS,
        inProcessMs: Math.round(inProcessMs),
        distributedMs: Math.round(distributedMs),
        ratio: Number((distributedMs / inProcessMs).toFixed(2)),
        queueCostPerLookupMs: Number(perLookupMs.toFixed(4)),
      },
      null,
      2,
    ),
  );
} finally {
  await redis.stop();
  await server.stop();
}
