import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/cli/errors.js';
import { createFormatter } from '../../src/cli/formats.js';
import type { LookupKind } from '../../src/cli/lookups.js';
import { OutputStream } from '../../src/cli/output.js';
import type { ProgressDisplay } from '../../src/cli/progress.js';
import { formatResult, runLookups } from '../../src/cli/run-lookups.js';
import { Tally, type TallySnapshot } from '../../src/cli/summary.js';
import { expectNoUnhandledRejections } from '../fanout/helpers.js';
import { leakWarningsFor } from '../helpers/async.js';
import { parseLines, RecordingStream } from './helpers.js';

expectNoUnhandledRejections();

/** Inputs `0`..`count-1`, counting how many have been read. */
function countingInputs(count: number) {
  const source = {
    read: 0,
    async *[Symbol.asyncIterator]() {
      for (let index = 0; index < count; index++) {
        source.read++;
        yield String(index);
      }
    },
  };
  return source;
}

/** Finds even inputs, misses odd ones; `9` fails outright. */
const lookup: LookupKind = {
  command: 'test',
  async perform(input) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (input === '9') throw new TypeError('broken');
    if (Number(input) % 2 === 1) throw new NotFoundError(`no ${input}`);
    return { value: Number(input) };
  },
  summarize: String,
};

const recordingProgress = () => {
  const updates: TallySnapshot[] = [];
  let stopped = 0;
  const progress: ProgressDisplay = {
    update: (tally) => updates.push(tally),
    notice: () => undefined,
    stop: () => {
      stopped++;
    },
  };
  return { progress, updates, stopped: () => stopped };
};

function setup(stream: Writable, options: { count: number; skipMissing?: boolean; signal?: AbortSignal }) {
  const inputs = countingInputs(options.count);
  const tally = new Tally(undefined);
  const { progress, updates, stopped } = recordingProgress();
  const running = runLookups({
    lookup,
    inputs,
    concurrency: 4,
    skipMissing: options.skipMissing ?? false,
    formatter: createFormatter('ndjson', String),
    output: new OutputStream(stream),
    tally,
    progress,
    signal: options.signal ?? new AbortController().signal,
  });
  return { inputs, running, updates, stopped };
}

describe('runLookups', () => {
  it('ends every input as one result line, and counts them', async () => {
    const stdout = new RecordingStream();
    const { running, updates, stopped } = setup(stdout, { count: 20 });
    const { tally, stopped: reason } = await running;
    expect(reason).toBeUndefined();
    const lines = parseLines(stdout.text);
    expect(lines.map((line) => line.input).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 20 }, (_, index) => String(index)),
    );
    expect(tally).toMatchObject({ read: 20, total: 20, ok: 10, failed: 10, skipped: 0 });
    expect(lines.find((line) => line.input === '9')).toEqual({
      input: '9',
      ok: false,
      error: { name: 'TypeError', message: 'broken' },
    });
    expect(updates.at(-1)).toMatchObject({ ok: 10, failed: 10 });
    expect(stopped()).toBe(1);
  });

  it('hands every lookup a signal that any number of listeners may follow without a leak warning', async () => {
    const warnings = new Set<number>();
    const recording: LookupKind = {
      ...lookup,
      perform: (input, signal) => {
        warnings.add(leakWarningsFor(signal));
        return lookup.perform(input, signal);
      },
    };
    await runLookups({
      lookup: recording,
      inputs: countingInputs(20),
      concurrency: 20,
      skipMissing: false,
      formatter: createFormatter('ndjson', String),
      output: new OutputStream(new RecordingStream()),
      tally: new Tally(undefined),
      progress: recordingProgress().progress,
      signal: new AbortController().signal,
    });
    expect([...warnings]).toEqual([0]);
  });

  it('drops not-found results with skipMissing, and counts them as skipped', async () => {
    const stdout = new RecordingStream();
    const { tally } = await setup(stdout, { count: 20, skipMissing: true }).running;
    expect(tally).toMatchObject({ ok: 10, failed: 1, skipped: 9 });
    expect(parseLines(stdout.text)).toHaveLength(11);
  });

  it('reads no further ahead than the concurrency while stdout is not taking output', async () => {
    const held: Array<() => void> = [];
    let flowing = false;
    const blocked = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, done) {
        if (flowing) done();
        else held.push(() => done());
      },
    });
    const { inputs, running } = setup(blocked, { count: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // One result written (and stuck), the next waiting to be written, the rest held in the fan-out.
    expect(inputs.read).toBeLessThanOrEqual(4 + 2);
    flowing = true;
    for (const done of held.splice(0)) done();
    const { tally } = await running;
    expect(tally.read).toBe(1000);
  });

  it('stops when aborted, and reports it as interrupted', async () => {
    const stdout = new RecordingStream();
    const controller = new AbortController();
    const { running } = setup(stdout, { count: 1000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('Ctrl-C')), 20);
    const { tally, stopped } = await running;
    expect(stopped).toBe('interrupted');
    expect(tally.read).toBeLessThan(1000);
    expect(parseLines(stdout.text)).toHaveLength(tally.ok + tally.failed);
  });

  it('stops when stdout goes away, and reports it as output closed', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const { running } = setup(broken, { count: 1000 });
    const { stopped, tally } = await running;
    expect(stopped).toBe('output closed');
    expect(tally.read).toBeLessThan(1000);
  });
});

describe('formatResult', () => {
  // Built here, not fetched: whether or not the client refuses such answers, the CLI must not die on one.
  let deep: unknown[] = [];
  for (let level = 0; level < 100_000; level++) deep = [deep];

  it.each(['ndjson', 'json', 'table'] as const)(
    'turns a result that cannot be written (%s) into a failed lookup saying why',
    (format) => {
      const formatter = createFormatter(format, (data) => JSON.stringify(data));
      const begin = formatter.begin();
      const { result, chunks } = formatResult(formatter, { input: 'i', ok: true, data: deep });
      expect(result).toEqual({
        input: 'i',
        ok: false,
        error: {
          name: 'UnprintableResultError',
          message: "the lookup's result cannot be written as JSON: Maximum call stack size exceeded",
        },
      });
      const text = [...begin, ...chunks, ...formatter.end()].join('');
      expect(text).toContain('UnprintableResultError');
      if (format === 'json') expect(JSON.parse(text)).toEqual([result]);
    },
  );

  it('names the error whose fields cannot be written, for a failed lookup', () => {
    const formatter = createFormatter('ndjson', String);
    const { result } = formatResult(formatter, {
      input: 'i',
      ok: false,
      error: { name: 'PyxisGraphQLError', message: 'partial', data: deep },
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        message: "the lookup's PyxisGraphQLError cannot be written as JSON: Maximum call stack size exceeded",
      },
    });
  });
});
