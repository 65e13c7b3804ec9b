#!/usr/bin/env node
// The `pyxis-gql` executable (package.json "bin" points at its build, dist/cli/main.js).
import { runCli } from './cli.js';
import { sizeHeapForStreaming } from './heap.js';

sizeHeapForStreaming();

const exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  process,
});
if (process.env.PYXIS_GQL_DEBUG_RSS) {
  process.stderr.write(`max RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
}
// Exit explicitly once stdout and stderr have taken everything: idle keep-alive connections of the HTTP client
// would otherwise hold the process open for seconds after the last result.
let pending = 2;
const exit = () => {
  if (--pending === 0) process.exit(exitCode);
};
process.stdout.write('', exit);
process.stderr.write('', exit);
