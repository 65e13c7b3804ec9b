// Starts the built embedded Pyxis server in its own process for the benchmarks (so that it does not share the
// client's event loop), and prints its URL as the first line:
// `node bench/serve.mjs [latencyMs] [repositories] [capacity|-] [compression]`. Answers are not compressed unless
// `compression` is given: the client cases compare the client with bare undici, which would get the same bytes
// only by asking for them, and compressing costs the server more than it saves on loopback.
// Each line on stdin is answered with one line of JSON on stdout: `stats`, the server's `stats()`; `cpu`, this
// process's `process.cpuUsage()`; `record`, `true` once it notes when each HTTP request arrives from then on;
// `arrivals`, those times (ms, the performance clock's origin added: comparable across processes), then forgotten.
import { subscribe } from 'node:diagnostics_channel';
import { createInterface } from 'node:readline';
import { startPyxisServer } from '../dist/server/index.js';

const latencyMs = Number(process.argv[2] ?? 0);
const repositories = Number(process.argv[3] ?? 2000);
const capacity =
  process.argv[4] === undefined || process.argv[4] === '-' ? undefined : Number(process.argv[4]);
const compression = process.argv[5] === 'compression';
const server = await startPyxisServer({
  latency: latencyMs > 0 ? { ms: latencyMs } : undefined,
  dataset: { repositories },
  capacity,
  compression,
});
process.stdout.write(`${server.url}\n`);
let arrivals;
// Node's own channel for each request the HTTP server receives: arrivals counted at the server, no proxy between.
subscribe('http.server.request.start', () => arrivals?.push(performance.timeOrigin + performance.now()));
const commands = {
  stats: () => server.stats(),
  cpu: () => process.cpuUsage(),
  record: () => {
    arrivals = [];
    return true;
  },
  arrivals: () => {
    const noted = arrivals ?? [];
    arrivals = undefined;
    return noted;
  },
};
createInterface({ input: process.stdin }).on('line', (line) => {
  const command = commands[line.trim()];
  if (command) process.stdout.write(`${JSON.stringify(command())}\n`);
});
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
