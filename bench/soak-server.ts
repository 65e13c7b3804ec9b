// The embedded Pyxis with injected faults, in a process of its own for the fault soak (see soak.ts): sharing one
// event loop with 100 concurrent client requests starves some of them for seconds, and those would time out for
// reasons that have nothing to do with the faults under test. Prints its URL as the first line; over IPC, answers
// "stats" with the server's counters and "close" by closing and exiting.
//
//   node --import tsx bench/soak-server.ts '<PyxisServerOptions as JSON>'
import { startPyxisServer } from '../src/server/index.js';

const server = await startPyxisServer(JSON.parse(process.argv[2] ?? '{}'));
process.stdout.write(`${server.url}\n`);
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ stats: server.stats() });
  if (message === 'close') void server.close().then(() => process.exit(0));
});
// The parent gone, nothing is left to serve.
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
