// The CLI streaming inputs from a file against the embedded server (in its own process): its peak RSS must not
// grow with the input. Measures the built CLI, as users run it, at 10,000 inputs and at 1,000,000 (100,000 with
// --quick), and compares the two peaks.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCase } from '../harness.js';
import { type ServerProcess, startServerProcess } from '../server-process.js';

const SMALL = 10_000;
const MAX_RATIO = 1.1;
const MAX_PEAK_MB = 150;

const memory: BenchCase = {
  name: 'memory',
  async run({ quick }) {
    const large = quick ? 100_000 : 1_000_000;
    const folder = await mkdtemp(join(tmpdir(), 'pyxis-gql-bench-'));
    const server = await startServerProcess(0);
    try {
      const small = await peakRss(server, await writeInputs(server, folder, SMALL));
      const peak = await peakRss(server, await writeInputs(server, folder, large));
      const ratio = peak / small;
      return [
        { case: '6 memory', metric: `CLI peak RSS streaming ${SMALL} inputs`, value: small, unit: 'MB' },
        {
          case: '6 memory',
          metric: `CLI peak RSS streaming ${large} inputs`,
          value: peak,
          unit: 'MB',
          target: `< ${MAX_PEAK_MB} MB`,
          ok: peak < MAX_PEAK_MB,
        },
        {
          case: '6 memory',
          metric: `peak RSS at ${large} inputs / at ${SMALL}`,
          value: ratio,
          target: `<= ${MAX_RATIO.toFixed(2)}`,
          ok: ratio <= MAX_RATIO,
        },
      ];
    } finally {
      await server.stop();
      await rm(folder, { recursive: true, force: true });
    }
  },
};

/** A file of `count` registry paths of the server's dataset, cycling through them. */
async function writeInputs(server: ServerProcess, folder: string, count: number): Promise<string> {
  const inputFile = join(folder, `paths-${count}.txt`);
  const file = createWriteStream(inputFile);
  for (let i = 0; i < count; i++) {
    const path = server.paths[i % server.paths.length] as { registry: string; repository: string };
    if (!file.write(`${path.registry}/${path.repository}\n`)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
  return inputFile;
}

/** The built CLI's peak RSS in MB, looking up every input of `inputFile` (as its PYXIS_GQL_DEBUG_RSS line says). */
async function peakRss(server: ServerProcess, inputFile: string): Promise<number> {
  const cli = spawn(
    process.execPath,
    ['dist/cli/main.js', 'repo', '--url', server.url, '--input', inputFile],
    {
      env: { ...process.env, PYXIS_GQL_DEBUG_RSS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  cli.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await once(cli, 'exit')) as [number];
  const match = /max RSS: (\d+) MB/.exec(stderr);
  if (code !== 0 || !match) throw new Error(`the CLI failed (exit ${code}): ${stderr}`);
  return Number(match[1]);
}

export default memory;
