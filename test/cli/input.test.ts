import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputReadError, UsageError } from '../../src/cli/errors.js';
import {
  countInputLines,
  type InputFile,
  openInputFile,
  parseInputLine,
  readInputs,
} from '../../src/cli/input.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'pyxis-gql-input-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const values: string[] = [];
  for await (const value of iterable) values.push(value);
  return values;
}

describe('parseInputLine', () => {
  it('trims a line, and ignores blank lines and # comments', () => {
    expect(parseInputLine('  registry.io/a/b \r')).toBe('registry.io/a/b');
    expect(parseInputLine('')).toBeUndefined();
    expect(parseInputLine('   \t')).toBeUndefined();
    expect(parseInputLine('# a comment')).toBeUndefined();
    expect(parseInputLine('   # an indented comment')).toBeUndefined();
    expect(parseInputLine('a#b')).toBe('a#b');
  });
});

describe('readInputs', () => {
  it('yields the arguments as they are, then the values of the file', async () => {
    const file = join(directory, 'inputs.txt');
    await writeFile(file, '# header\n\nfirst\r\n  second  \n#third\nfourth');
    const input = await openInputFile(file, Readable.from([]));
    expect(await collect(readInputs(['arg one', ''], input))).toEqual([
      'arg one',
      '',
      'first',
      'second',
      'fourth',
    ]);
  });

  it('reads stdin for "-"', async () => {
    const stdin = Readable.from(['a\nb', '\n\nc\n']);
    const input = await openInputFile('-', stdin);
    expect(input.countablePath).toBeUndefined();
    expect(await collect(readInputs([], input))).toEqual(['a', 'b', 'c']);
  });

  it('reads lazily: a line is read only when asked for', async () => {
    const stdin = new PassThrough();
    const input = await openInputFile('-', stdin);
    const iterator = readInputs([], input)[Symbol.asyncIterator]();
    stdin.write('one\n');
    expect(await iterator.next()).toEqual({ done: false, value: 'one' });
    let second: IteratorResult<string> | undefined;
    const pending = iterator.next().then((result) => {
      second = result;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(second).toBeUndefined();
    stdin.end('two\n');
    await pending;
    expect(second).toEqual({ done: false, value: 'two' });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('closes the file when the reading stops early', async () => {
    const file = join(directory, 'many.txt');
    await writeFile(file, 'a\nb\nc\n');
    const input = await openInputFile(file, Readable.from([]));
    for await (const value of readInputs([], input)) {
      expect(value).toBe('a');
      break;
    }
    expect(input.stream.destroyed).toBe(true);
  });

  it('fails with an InputReadError when the stream fails mid-way', async () => {
    const stream = new PassThrough();
    const input: InputFile = { name: 'flaky', stream, countablePath: undefined, close: () => undefined };
    const reading = collect(readInputs([], input));
    stream.write('a\n');
    setTimeout(() => stream.destroy(Object.assign(new Error('boom'), { code: 'EIO' })), 5);
    await expect(reading).rejects.toThrow(InputReadError);
    await expect(reading).rejects.toThrow('cannot read input file flaky: EIO');
  });
});

describe('openInputFile', () => {
  it('refuses a missing file and a directory with a usage error', async () => {
    await expect(openInputFile(join(directory, 'missing.txt'), Readable.from([]))).rejects.toThrow(
      new UsageError(`cannot read input file ${join(directory, 'missing.txt')}: no such file`),
    );
    await expect(openInputFile(directory, Readable.from([]))).rejects.toThrow('it is a directory');
  });
});

describe('countInputLines', () => {
  it('counts the values of a file, not its blank lines and comments', async () => {
    const file = join(directory, 'count.txt');
    await writeFile(file, '# c\na\n\nb\r\n  \nc');
    expect(await countInputLines(file)).toBe(3);
    expect(await countInputLines(join(directory, 'nope.txt'))).toBeUndefined();
  });
});
