// `pyxis-gql repo --redis`: one fan-out spread over real worker processes (`pyxis-gql worker`) by a real
// redis-server, printing what the in-process run prints; and an unreachable Redis, said in one line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CliProcess, startCli } from '../cli/helpers.js';
import { useRedis } from '../helpers/redis.js';
import { useServer } from '../helpers/server.js';

const redis = useRedis();
const server = useServer();
const QUEUE = 'cli-fleet';

let dir: string;
const workers: CliProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pyxis-fleet-'));
  // Two worker processes for the whole file: each takes seconds to start.
  for (let i = 0; i < 2; i++) {
    workers.push(
      startCli(['worker', '--redis', redis.current.url, '--queue', QUEUE, '--url', server.current.url]),
    );
  }
  await Promise.all(workers.map((worker) => worker.waitForStderr('Ctrl-C to stop')));
}, 60_000);
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGINT');
  await Promise.all(workers.map((worker) => worker.exited));
  await rm(dir, { recursive: true, force: true });
});

/** The ndjson lines, in a fixed order: a fan-out prints in completion order. */
const sortedLines = (stdout: string) => stdout.trim().split('\n').sort();
/** The summary without its timing. */
const summaryOf = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('repo:'))
    .map((line) => line.replace(/ in [\d.]+ ?m?s.*$/, ''));

describe('pyxis-gql repo --redis', () => {
  test('spreads the lookups over the workers and prints what the in-process run prints', async () => {
    const paths = server.current.dataset.repositoryPaths().slice(0, 260);
    const lines = [
      ...paths.map((path) => `${path.registry}/${path.repository}`),
      'registry.example.com/no/such',
      'not-a-path',
    ];
    const input = join(dir, 'paths.txt');
    await writeFile(input, `${lines.join('\n')}\n`);
    const [distributed, inProcess] = await Promise.all([
      startCli(['repo', '--redis', redis.current.url, '--queue', QUEUE, '--input', input]).exited,
      startCli(['repo', '--url', server.current.url, '--input', input]).exited,
    ]);
    expect(inProcess.code).toBe(1); // one not found, one invalid
    expect(distributed.code).toBe(inProcess.code);
    expect(sortedLines(distributed.stdout)).toEqual(sortedLines(inProcess.stdout));
    expect(sortedLines(distributed.stdout)).toHaveLength(262);
    // The lookups line is the same; the request lines are the in-process run's only: the producer of a distributed
    // run sends no request of its own (the workers do), so it has no latency to report.
    expect(summaryOf(distributed.stderr)).toEqual(summaryOf(inProcess.stderr).slice(0, 1));
    expect(summaryOf(inProcess.stderr)[1]).toMatch(/^repo: \d+ requests/);
  }, 60_000);

  test('an unreachable Redis is one line and exit 2, for repo and for worker, the password unsaid', async () => {
    const nowhere = `redis://me:s3cret-pass@127.0.0.1:${redis.current.port + 1}`;
    const [repo, worker] = await Promise.all([
      startCli(['repo', '--redis', nowhere, '--redis-timeout', '300ms', 'quay.io/a/b']).exited,
      startCli(['worker', '--redis', nowhere, '--redis-timeout', '300ms']).exited,
    ]);
    for (const run of [repo, worker]) {
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([
        `error: cannot connect to Redis at redis://127.0.0.1:${redis.current.port + 1} within 300 ms (ECONNREFUSED): is redis-server running there?`,
      ]);
      expect(run.stderr).not.toContain('s3cret');
      expect(run.stdout).toBe('');
    }
  }, 30_000);

  test("worker --rate is the fleet's budget of requests: its requests take their turns in Redis", async () => {
    const queue = 'cli-fleet-rated';
    const worker = startCli([
      'worker',
      '--redis',
      redis.current.url,
      '--queue',
      queue,
      '--url',
      server.current.url,
      '--rate',
      '50/min',
    ]);
    const redisClient = new Redis(redis.current.url);
    try {
      await worker.waitForStderr('at most 50 requests per 60000 ms for the fleet');
      const paths = server.current.dataset.repositoryPaths().slice(0, 3);
      const run = await startCli([
        'repo',
        '--redis',
        redis.current.url,
        '--queue',
        queue,
        ...paths.map((path) => `${path.registry}/${path.repository}`),
      ]).exited;
      expect(run.code).toBe(0);
      expect(run.stdout.trim().split('\n')).toHaveLength(3);
      // The turns the fleet's script recorded (kept a minute past the newest): the lookups went out on them.
      expect(await redisClient.llen(`bull:${queue}:pyxis-rate`)).toBeGreaterThanOrEqual(1);
    } finally {
      await redisClient.quit();
      worker.child.kill('SIGINT');
      await worker.exited;
    }
  }, 60_000);
});
