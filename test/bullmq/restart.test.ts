// Redis restarted in the middle of a run (append-only file on, fsync always: what was acknowledged survives):
// producers and workers reconnect on their own, and every lookup ends once, with its value.
import { afterAll, describe, expect, test } from 'vitest';
import {
  beginDurableAsyncExecution,
  createDistributedFanout,
  startLookupWorker,
} from '../../src/bullmq/index.js';
import { until } from '../helpers/async.js';
import { useRedis } from '../helpers/redis.js';
import { forward, startScriptedServer } from '../helpers/scripted-server.js';
import { useServer } from '../helpers/server.js';

const redis = useRedis();
const server = useServer({ latency: { ms: 20 } });

const opened: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const thing of opened.reverse()) await thing.close();
});

describe('Redis restarted mid-run', () => {
  test('a distributed fan-out and durable jobs complete, nothing lost, nothing twice', async () => {
    const queue = 'restart';
    // In front of the embedded server: holds every request until Redis is back, so that the restart happens with
    // jobs taken by workers and requests in flight, and every answer comes after it, whatever the machine's speed.
    const held: Array<() => void> = [];
    let released = false;
    const front = await startScriptedServer((request, response) => {
      const send = () => forward(server.current.url, request.body, response);
      if (released) send();
      else held.push(send);
    });
    opened.push(front);
    const workers = [0, 1].map(() =>
      startLookupWorker({ connection: redis.current.url, queue, client: { url: front.url } }),
    );
    opened.push(...workers);
    await Promise.all(workers.map((worker) => worker.ready()));
    const fleet = createDistributedFanout({ connection: redis.current.url, queue });
    const jobs = beginDurableAsyncExecution({ connection: redis.current.url, queue });
    opened.push(fleet, jobs);

    const paths = server.current.dataset.repositoryPaths().slice(0, 300);
    const durable = paths.slice(0, 20).map((path) => jobs.getRepositoryByPath(path));
    let isBack = false;
    let afterRestart = 0;
    const seen: string[] = [];
    const restarted = (async () => {
      await until(() => held.length > 0); // a worker holds a job, its request in flight
      await redis.current.restart();
      isBack = true;
      released = true;
      for (const send of held.splice(0)) send();
    })();
    for await (const repository of fleet.asCompleted(
      paths.map((path) => (signal: AbortSignal) => fleet.pyxis.getRepositoryByPath(path, { signal })),
    )) {
      seen.push(repository?.repository ?? '?');
      if (isBack) afterRestart++;
    }
    await restarted;
    // The run went on across the restart: every result came once Redis was back.
    expect(afterRestart).toBe(paths.length);
    expect(seen.sort()).toEqual(paths.map((path) => path.repository).sort());
    const values = await Promise.all(durable.map((job) => job.wait()));
    expect(values.map((value) => value?.repository)).toEqual(paths.slice(0, 20).map((p) => p.repository));
    await expect(jobs.asyncJobs({ status: 'pending' })).resolves.toEqual([]);
    expect(fleet.chunksInFlight).toBe(0);
  }, 60_000);
});
