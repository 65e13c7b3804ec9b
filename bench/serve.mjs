// Starts the built embedded Pyxis server in its own process for the benchmarks (so that it does not share the
// client's event loop), and prints its URL as the first line:
// `node bench/serve.mjs [latencyMs] [repositories] [capacity|-] [compression]`. Answers are not compressed unless
// `compression` is given: the client cases compare the client with bare undici, which would get the same bytes
// only by asking for them, and compressing costs the server more than it saves on loopback.
// Each line `stats` on stdin is answered with one line of JSON on stdout: the server's `stats()`.
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
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'stats') process.stdout.write(`${JSON.stringify(server.stats())}\n`);
});
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
