import { describe, expect, it } from 'vitest';
import { echoInput, MAX_ECHOED_INPUT_LENGTH, quoteInput } from '../../src/cli/echo.js';

describe('echoInput', () => {
  it('echoes an input up to the limit whole', () => {
    const input = 'x'.repeat(MAX_ECHOED_INPUT_LENGTH);
    expect(echoInput(input)).toBe(input);
    expect(quoteInput('a"b')).toBe('"a\\"b"');
  });

  it('cuts a longer one, and says how long it was', () => {
    const echoed = echoInput('x'.repeat(10 * 1024 * 1024));
    expect(echoed).toBe(`${'x'.repeat(MAX_ECHOED_INPUT_LENGTH)}… (10,485,760 characters)`);
  });

  it('never splits a surrogate pair', () => {
    const input = `${'x'.repeat(MAX_ECHOED_INPUT_LENGTH - 1)}😀${'y'.repeat(10)}`;
    const echoed = echoInput(input);
    expect(echoed).toBe(`${'x'.repeat(MAX_ECHOED_INPUT_LENGTH - 1)}… (1,011 characters)`);
    expect(echoed).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
