import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/cli/errors.js';
import { createFormatter, formatTable, type LookupResult, printError } from '../../src/cli/formats.js';
import { PyxisGraphQLError, PyxisHttpError } from '../../src/errors/index.js';

const found: LookupResult = { input: 'r.io/a', ok: true, data: { repository: 'a' } };
const missing: LookupResult = {
  input: 'r.io/b',
  ok: false,
  error: { name: 'NotFoundError', message: 'no repository b in r.io', status: 404 },
};

function render(format: 'ndjson' | 'json' | 'table', results: LookupResult[]): string {
  const formatter = createFormatter(format, (data) => JSON.stringify(data));
  return [
    ...formatter.begin(),
    ...results.flatMap((result) => formatter.format(result)),
    ...formatter.end(),
  ].join('');
}

describe('formats', () => {
  it('ndjson: one JSON object per line, input, ok, then data or error', () => {
    expect(render('ndjson', [found, missing])).toBe(
      '{"input":"r.io/a","ok":true,"data":{"repository":"a"}}\n' +
        '{"input":"r.io/b","ok":false,"error":{"name":"NotFoundError","message":"no repository b in r.io","status":404}}\n',
    );
  });

  it('json: a valid array, one element per line, also when empty', () => {
    const text = render('json', [found, missing]);
    expect(JSON.parse(text)).toEqual([found, missing]);
    expect(text.split('\n')).toHaveLength(5);
    expect(JSON.parse(render('json', []))).toEqual([]);
    expect(JSON.parse(render('json', [found]))).toEqual([found]);
  });

  it('json: every chunk is written as its result comes, none held back', () => {
    const formatter = createFormatter('json', String);
    expect(formatter.begin()).toEqual(['[']);
    expect(formatter.format(found)).toEqual([`\n${JSON.stringify(found)}`]);
    expect(formatter.format(missing)).toEqual([`,\n${JSON.stringify(missing)}`]);
    expect(formatter.end()).toEqual(['\n]\n']);
  });

  it('table: aligned columns, the error for a failed row, long details cut', () => {
    const long: LookupResult = { input: 'r.io/long/name', ok: true, data: { text: 'x'.repeat(200) } };
    const lines = render('table', [found, missing, long]).split('\n');
    expect(lines[0]).toBe('INPUT           RESULT  DETAIL');
    expect(lines[1]).toBe('r.io/a          ok      {"repository":"a"}');
    expect(lines[2]).toBe('r.io/b          FAILED  NotFoundError: no repository b in r.io');
    expect(lines[3]?.endsWith('…')).toBe(true);
    expect(lines[3]?.length).toBe('r.io/long/name  ok      '.length + 100);
  });

  it('formatTable pads every column but the last', () => {
    expect(
      formatTable(
        ['A', 'B'],
        [
          ['long cell', 'x'],
          ['s', ''],
        ],
      ),
    ).toEqual(['A          B\n', 'long cell  x\n', 's\n']);
  });
});

describe('printError', () => {
  it("keeps a Pyxis error's fields, not its stack or cause", () => {
    const error = new PyxisHttpError('not JSON', 502, '<html>', 'trace-1');
    expect(printError(error)).toEqual({
      name: 'PyxisHttpError',
      message: 'Pyxis HTTP 502: not JSON',
      traceId: 'trace-1',
      attempts: 1,
      httpCode: 502,
      body: '<html>',
    });
  });

  it('leaves out fields without a value', () => {
    const printed = printError(new PyxisGraphQLError(400, [{ message: 'bad' }]));
    expect(printed).not.toHaveProperty('traceId');
    expect(printed).not.toHaveProperty('retryAfter');
    expect(printed).toMatchObject({ httpCode: 400, errors: [{ message: 'bad' }] });
  });

  it('prints our own errors and values that are not errors', () => {
    expect(printError(new NotFoundError('gone'))).toEqual({
      name: 'NotFoundError',
      message: 'gone',
      status: 404,
    });
    expect(printError('text')).toEqual({ name: 'Error', message: 'text' });
  });
});
