// Starts the embedded Pyxis server in its own process for the benchmarks (so that it does not share the client's
// event loop) and prints its URL as the first line: `tsx bench/serve.ts [latencyMs]`.
import { startPyxisServer } from '../src/server/index.js';

const latencyMs = Number(process.argv[2] ?? 0);
const server = await startPyxisServer({ latency: latencyMs > 0 ? { ms: latencyMs } : undefined });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
