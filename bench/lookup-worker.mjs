// A worker process of the distributed bench: the built `startLookupWorker`, one worker per queue given, each with
// the client `{ url, batch: true }` (a job's lookups go out as one request; `unbatched`: each lookup its own request,
// and so a job of one lookup exactly one, even when jobs start together; `fetch`: the client given a `fetch` option,
// Node's own, which takes it off its undici path, as the workers were before they watched 429s with `onEvent`). Prints `ready` once every worker takes
// jobs; a line `cpu` on stdin is answered with this process's `process.cpuUsage()` as JSON; SIGTERM closes the
// workers and exits 0 (so that `--cpu-prof` gets to write its profile). `MAX/DURATION_MS` is BullMQ's limiter of
// job starts, `rate=REQUESTS/PER_MS[/BURST]` the worker's `rateLimit` (the fleet's budget of HTTP attempts).
// `node bench/lookup-worker.mjs REDIS_URL SERVER_URL QUEUE:CONCURRENCY[:MAX/DURATION_MS|rate=N/MS[/BURST]|-][:unbatched|fetch] ...`
import { createInterface } from 'node:readline';
import { startLookupWorker } from '../dist/bullmq/index.js';

const [redis, url, ...specs] = process.argv.slice(2);
const workers = specs.map((spec) => {
  const [queue, concurrency, limit = '-', flag] = spec.split(':');
  const fleetRate = limit.startsWith('rate=');
  const [max, duration, burst] = limit === '-' ? [] : limit.replace('rate=', '').split('/').map(Number);
  return startLookupWorker({
    connection: redis,
    queue,
    concurrency: Number(concurrency),
    client: {
      url,
      batch: flag !== 'unbatched',
      ...(flag === 'fetch' && { fetch: (input, init) => fetch(input, init) }),
    },
    ...(limit !== '-' && !fleetRate && { limiter: { max, duration } }),
    ...(fleetRate && { rateLimit: { requests: max, perMs: duration, ...(burst && { burst }) } }),
  });
});
await Promise.all(workers.map((worker) => worker.ready()));
process.stdout.write('ready\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'cpu') process.stdout.write(`${JSON.stringify(process.cpuUsage())}\n`);
});
process.once('SIGTERM', () => {
  Promise.all(workers.map((worker) => worker.close())).then(() => process.exit(0));
});
