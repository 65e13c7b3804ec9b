import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createDataset, type DatasetRegistryPath, type PyxisServerStats } from '../src/server/index.js';

export interface ServerProcess {
  url: string;
  /** The registry paths of the server's data, generated here too (same seed, same data). */
  paths: DatasetRegistryPath[];
  /** The server's counters, asked of the child process. */
  stats(): Promise<PyxisServerStats>;
  stop(): Promise<void>;
}

/**
 * The built embedded server in a child process, with `latencyMs` added to every request, serving a dataset of
 * `repositories` (enough that a fan-out's lookups are all different: in-flight sharing must not be what makes a
 * run fast), `capacity` requests served at once (the rest queue, and past 4 times as many it answers 429), and
 * its answers compressed when asked only with `compression`.
 */
export async function startServerProcess(
  latencyMs: number,
  repositories = 6_000,
  capacity?: number,
  compression = false,
): Promise<ServerProcess> {
  const args = [String(latencyMs), String(repositories), capacity ? String(capacity) : '-'];
  const child: ChildProcess = spawn(
    process.execPath,
    ['bench/serve.mjs', ...args, ...(compression ? ['compression'] : [])],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      // graphql-js skips its development-time checks in production: the server should not be what is measured.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
  const [url] = (await once(lines, 'line')) as [string];
  return {
    url,
    paths: createDataset({ repositories }).repositoryPaths(),
    async stats() {
      const answer = once(lines, 'line');
      child.stdin?.write('stats\n');
      const [line] = (await answer) as [string];
      return JSON.parse(line) as PyxisServerStats;
    },
    async stop() {
      child.stdin?.end();
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
