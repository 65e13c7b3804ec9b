import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../src/fanout/errors.js';
import { DEFAULT_CONCURRENCY, resolveOptions } from '../../src/fanout/options.js';

describe('resolveOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveOptions(undefined)).toEqual({
      concurrency: DEFAULT_CONCURRENCY,
      signal: undefined,
      settle: false,
      skip: undefined,
      onProgress: undefined,
    });
    expect(DEFAULT_CONCURRENCY).toBe(16);
  });

  it('accepts a positive integer or Infinity as concurrency', () => {
    expect(resolveOptions({ concurrency: 1 }).concurrency).toBe(1);
    expect(resolveOptions({ concurrency: Number.POSITIVE_INFINITY }).concurrency).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it.each([
    ['concurrency', { concurrency: 0 }],
    ['concurrency', { concurrency: Number.NEGATIVE_INFINITY }],
    ['signal', { signal: {} }],
    ['settle', { settle: 'yes' }],
    ['skip', { skip: true }],
    ['onProgress', { onProgress: 'log' }],
    ['options', 'fast'],
  ])('rejects a bad `%s` with a TypeError that names it and keeps the value', (option, options) => {
    let thrown: unknown;
    try {
      resolveOptions(options as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(thrown).toBeInstanceOf(InvalidOptionError);
    expect(thrown).toMatchObject({ option, message: expect.stringContaining(`\`${option}\``) });
  });

  it('refuses an unknown option, naming the nearest known one', () => {
    expect(() => resolveOptions({ concurency: 4 } as never)).toThrow(
      'Unknown option `concurency` in fan-out options (did you mean `concurrency`?)',
    );
    expect(() => resolveOptions({ settled: true } as never)).toThrow(InvalidOptionError);
  });
});
