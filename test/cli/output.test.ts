import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputClosedError } from '../../src/cli/errors.js';
import { OutputStream } from '../../src/cli/output.js';

/** A writable whose writes complete only when the test says so. */
function slowStream(highWaterMark: number) {
  const pending: Array<() => void> = [];
  let written = '';
  const stream = new Writable({
    highWaterMark,
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      written += chunk;
      pending.push(() => done());
    },
  });
  return {
    stream,
    written: () => written,
    release: () => {
      for (const done of pending.splice(0)) done();
    },
  };
}

describe('OutputStream', () => {
  it("waits for 'drain' once the stream's buffer is full", async () => {
    const { stream, written, release } = slowStream(4);
    const output = new OutputStream(stream);
    let finished = false;
    const writing = output.write(['12345', '6']).then(() => {
      finished = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(finished).toBe(false);
    expect(written()).toBe('12345');
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    await writing;
    expect(written()).toBe('123456');
  });

  it('throws OutputClosedError once the stream has failed (EPIPE), and keeps the error handled', async () => {
    const { stream } = slowStream(1024);
    const output = new OutputStream(stream);
    stream.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(output.isClosed).toBe(true);
    await expect(output.write(['x'])).rejects.toThrow(new OutputClosedError('stdout was closed (EPIPE)'));
  });

  it('stops waiting when the stream fails while it is full', async () => {
    const { stream } = slowStream(1);
    const output = new OutputStream(stream);
    const writing = output.write(['ab', 'c']);
    setTimeout(() => stream.destroy(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })), 5);
    await expect(writing).rejects.toThrow(OutputClosedError);
  });
});
