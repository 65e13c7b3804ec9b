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
  /** The server process's CPU time so far (`process.cpuUsage()` there, microseconds). */
  cpu(): Promise<NodeJS.CpuUsage>;
  /** From now on, notes when each HTTP request arrives (at the server, in its own process). */
  recordArrivals(): Promise<void>;
  /** When each request arrived since `recordArrivals()` (ms since the epoch, sub-millisecond), in order. */
  arrivals(): Promise<number[]>;
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
  // One question at a time: each answer is the next line.
  let asking: Promise<unknown> = Promise.resolve();
  const ask = <T>(command: string): Promise<T> => {
    const answer = asking.then(async () => {
      const line = once(lines, 'line');
      child.stdin?.write(`${command}\n`);
      return JSON.parse(((await line) as [string])[0]) as T;
    });
    asking = answer.catch(() => {});
    return answer;
  };
  return {
    url,
    paths: createDataset({ repositories }).repositoryPaths(),
    stats: () => ask<PyxisServerStats>('stats'),
    cpu: () => ask<NodeJS.CpuUsage>('cpu'),
    async recordArrivals() {
      await ask<boolean>('record');
    },
    arrivals: () => ask<number[]>('arrivals'),
    async stop() {
      child.stdin?.end();
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
