import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DROP_SUMMARY_WINDOW_MS, DroppedResultsSummary } from '../../src/execution/dropped-results.js';
import { PyxisClient } from '../../src/index.js';
import { Scheduler } from '../../src/scheduler/index.js';
import { runScript } from '../helpers/process.js';

const START = Date.parse('2030-01-02T03:04:05.000Z');

/** Everything written to stderr, by `process.stderr.write` or by `console.error` (which vitest routes apart). */
function captureStderr(): { lines(): string[] } {
  let text = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    text += `${format(...args)}\n`;
  });
  return { lines: () => text.split('\n').filter((line) => line !== '') };
}

function fakeFetchClient() {
  const body = JSON.stringify({ data: { get_ping: 'pong' } });
  const fetch = async () => new Response(body, { headers: { 'content-type': 'application/json' } });
  return new PyxisClient({ url: 'http://127.0.0.1:9/graphql', fetch });
}

async function untilNonePending(jobs: {
  asyncJobs(o: { status: 'pending'; count: number }): Promise<string[]>;
}) {
  while ((await jobs.asyncJobs({ status: 'pending', count: 1 })).length > 0) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('dropped async results without an exception handler', () => {
  beforeEach(() => {
    // Only the timers the summary uses: the jobs' own promises and setImmediate run as usual.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  test('2,000 jobs past maxStoredResults 10 write one summary line to stderr, not a stack per drop', async () => {
    const stderr = captureStderr();
    const jobs = fakeFetchClient().beginAsyncExecution({ maxStoredResults: 10 });
    for (let index = 0; index < 2_000; index += 1) jobs.ping();
    await untilNonePending(jobs);
    expect(stderr.lines()).toEqual([]);
    vi.advanceTimersByTime(DROP_SUMMARY_WINDOW_MS);
    expect(stderr.lines()).toEqual([
      '[pyxis-gql] 1990 async job results dropped unfetched since 2030-01-02T03:04:05.000Z: maxStoredResults ' +
        '(10) reached. Fetch or clear results sooner, raise maxStoredResults, or give the scheduler an ' +
        'exceptionHandler to hear of each drop.',
    ]);
    await expect(jobs.asyncJobs({ status: 'done', count: 100 })).resolves.toHaveLength(10);
  });

  test('each burst gets its own line, with its own count and start; clients share one exit listener', () => {
    const stderr = captureStderr();
    const summary = new DroppedResultsSummary(() => 5);
    const other = new DroppedResultsSummary(() => 7);
    const exitListeners = process.listenerCount('exit');
    summary.add();
    summary.add();
    other.add();
    // While a line is pending, it is also written if the process exits first.
    expect(process.listenerCount('exit')).toBe(exitListeners + 1);
    vi.advanceTimersByTime(DROP_SUMMARY_WINDOW_MS - 1);
    summary.add();
    expect(stderr.lines()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(stderr.lines()).toHaveLength(2);
    expect(process.listenerCount('exit')).toBe(exitListeners);
    vi.advanceTimersByTime(10 * DROP_SUMMARY_WINDOW_MS);
    summary.add();
    vi.advanceTimersByTime(DROP_SUMMARY_WINDOW_MS);
    const [first, second, third, ...rest] = stderr.lines();
    expect(rest).toEqual([]);
    const since = (iso: string) => `dropped unfetched since 2030-01-02T${iso}Z: maxStoredResults`;
    expect(first).toContain(`[pyxis-gql] 3 async job results ${since('03:04:05.000')} (5) reached.`);
    expect(second).toContain(`[pyxis-gql] 1 async job result ${since('03:04:05.000')} (7) reached.`);
    expect(third).toContain(`[pyxis-gql] 1 async job result ${since('03:04:16.000')} (5) reached.`);
  });

  test('a custom exception handler still hears of each drop, with its details, and stderr of none', async () => {
    const stderr = captureStderr();
    const exceptionHandler = vi.fn();
    const jobs = fakeFetchClient().beginAsyncExecution({
      maxStoredResults: 10,
      scheduler: new Scheduler({ exceptionHandler }),
    });
    const first = jobs.ping();
    for (let index = 1; index < 30; index += 1) jobs.ping();
    await untilNonePending(jobs);
    vi.advanceTimersByTime(DROP_SUMMARY_WINDOW_MS);
    expect(exceptionHandler).toHaveBeenCalledTimes(20);
    expect(exceptionHandler.mock.calls[0]?.[0]).toMatchObject({
      message: 'Async job result dropped',
      exception: {
        name: 'AsyncJobResultError',
        errorCode: 404,
        message: `job ${first.id} result dropped unfetched: maxStoredResults (10) reached`,
      },
    });
    expect(stderr.lines()).toEqual([]);
  });
});

test('in a real process that ends before the window closes, the summary still reaches stderr, once', async () => {
  const script = fileURLToPath(new URL('./fixtures/dropped-results.ts', import.meta.url));
  const { code, stdout, stderr } = await runScript(script);
  expect(code).toBe(0);
  expect(stdout).toBe('done: 10 kept\n');
  const lines = stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    /^\[pyxis-gql\] 190 async job results dropped unfetched since \S+: maxStoredResults \(10\)/,
  );
});
