// The CLI streaming 100,000 inputs against the embedded server (in its own process): its peak RSS must stay flat.
// Measures the built CLI, as users run it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCase } from '../harness.js';
import { startServerProcess } from '../server-process.js';

const memory: BenchCase = {
  name: 'memory',
  async run({ quick }) {
    const inputs = quick ? 5_000 : 100_000;
    const folder = await mkdtemp(join(tmpdir(), 'pyxis-gql-bench-'));
    const server = await startServerProcess(0);
    try {
      const inputFile = join(folder, 'paths.txt');
      const file = createWriteStream(inputFile);
      for (let i = 0; i < inputs; i++) {
        const path = server.paths[i % server.paths.length] as { registry: string; repository: string };
        if (!file.write(`${path.registry}/${path.repository}\n`)) await once(file, 'drain');
      }
      file.end();
      await once(file, 'finish');
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
      const megabytes = Number(match[1]);
      return [
        {
          case: '6 memory',
          metric: `CLI peak RSS streaming ${inputs} inputs`,
          value: megabytes,
          unit: 'MB',
          target: '< 200 MB',
          ok: megabytes < 200,
        },
      ];
    } finally {
      await server.stop();
      await rm(folder, { recursive: true, force: true });
    }
  },
};

export default memory;
