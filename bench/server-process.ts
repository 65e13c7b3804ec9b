import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createDataset, type DatasetRegistryPath } from '../src/server/index.js';

export interface ServerProcess {
  url: string;
  /** The server's data: the default dataset, generated here too (same seed, same data). */
  paths: DatasetRegistryPath[];
  stop(): Promise<void>;
}

/** The embedded server in a child process, with `latencyMs` added to every request. */
export async function startServerProcess(latencyMs: number): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/serve.ts', String(latencyMs)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      // graphql-js skips its development-time checks in production: the server should not be what is measured.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
  const [url] = (await once(lines, 'line')) as [string];
  return {
    url,
    paths: createDataset().repositoryPaths(),
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
