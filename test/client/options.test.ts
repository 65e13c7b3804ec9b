// The client's options are all checked when it is made: wrong types, unknown names, and header values (the API key
// among them) that could not be sent, each refused with an InvalidOptionError naming the option, never quoting a
// value that may be a secret.
import { describe, expect, test } from 'vitest';
import { PyxisClient, type PyxisClientOptions } from '../../src/client/index.js';
import { Scheduler } from '../../src/scheduler/index.js';
import { InvalidOptionError, REDACTED } from '../../src/shared/options.js';

function refusal(make: () => unknown): InvalidOptionError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toBeInstanceOf(TypeError);
    return error as InvalidOptionError;
  }
  throw new Error('expected the options to be refused');
}

const client = (options: unknown) => () => new PyxisClient(options as PyxisClientOptions);

describe('secrets in options', () => {
  const key = 'k3y-s3cr3t';
  test.each([
    ['CR/LF', `${key}\r\nX-Injected: 1`, /^The `apiKey` option contains CR or LF$/],
    ['a lone LF', `${key}\n`, /contains CR or LF/],
    ['NUL', `${key}\0`, /^The `apiKey` option contains a NUL character$/],
    ['another control character', `${key}\u0001`, /^The `apiKey` option contains a control character$/],
    ['a character outside Latin-1', `${key}\u2603`, /^The `apiKey` option has a character outside Latin-1$/],
  ])('an API key with %s is refused without being quoted', (_case, apiKey, message) => {
    const error = refusal(client({ apiKey }));
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(key);
    expect(error.option).toBe('apiKey');
    expect(error.received).toBe(REDACTED);
    expect(JSON.stringify(error)).not.toContain(key);
  });

  test('an API key that is not a string is refused by its type only', () => {
    const error = refusal(client({ apiKey: 12345678 }));
    expect(error.message).toBe('The `apiKey` option must be a string, got a number');
    expect(error.message).not.toContain('12345678');
  });

  test('a header value with CR/LF or outside Latin-1 is refused without being quoted, naming the header', () => {
    const crlf = refusal(client({ headers: { Authorization: `Bearer ${key}\r\nX-Evil: 1` } }));
    expect(crlf.message).toBe('The `headers.Authorization` option contains CR or LF');
    expect(crlf.option).toBe('headers.Authorization');
    const wide = refusal(client({ headers: { 'x-token': `${key}\u{1F600}` } }));
    expect(wide.message).toBe('The `headers.x-token` option has a character outside Latin-1');
    for (const error of [crlf, wide]) expect(error.message).not.toContain(key);
  });

  test('Latin-1 and tabs in header values are accepted, as HTTP allows', () => {
    expect(
      () => new PyxisClient({ apiKey: 'caf\u00e9\tkey', headers: { 'x-note': 'na\u00efve' } }),
    ).not.toThrow();
  });
});

describe('wrong types', () => {
  test.each([
    [
      'a string',
      'x',
      /^Expected the `headers` option to be a plain object of header names to string values, got the string "x"$/,
    ],
    ['an array', ['a'], /`headers` option to be a plain object .*, got an array$/],
    ['a Headers object', new Headers({ a: 'b' }), /`headers` option to be a plain object .*, got an object$/],
    ['a Map', new Map([['a', 'b']]), /`headers` option to be a plain object/],
  ])('headers as %s are refused', (_case, headers, message) => {
    expect(refusal(client({ headers })).message).toMatch(message);
  });

  test('a header name that is not an HTTP token is refused, quoting the name', () => {
    const error = refusal(client({ headers: { 'x bad': 'v' } }));
    expect(error.message).toMatch(
      /^Expected the `headers` option to be an object whose keys are header names .*, got the string "x bad"$/,
    );
  });

  test('a header value that is not a string is refused by its type only', () => {
    expect(refusal(client({ headers: { 'x-n': 42 } })).message).toBe(
      'The `headers.x-n` option must be a string, got a number',
    );
  });

  test.each([['yes'], [1], [null], [['maxSize']]])('batch: %j is refused', (batch) => {
    const error = refusal(client({ batch }));
    expect(error.option).toBe('batch');
    expect(error.message).toMatch(
      /^Expected the `batch` option to be a boolean or an object \(\{ maxSize, windowMs \}\), got /,
    );
  });

  test('a string timeout names its type and says to use milliseconds', () => {
    const error = refusal(client({ timeout: '1000' }));
    expect(error.message).toBe(
      'Expected the `timeout` option to be a positive number of milliseconds up to 2147483647, got the string "1000" (use milliseconds, e.g. 5000)',
    );
    expect(error).toMatchObject({ option: 'timeout', received: '1000' });
  });

  test.each([
    [{ fetch: 'fetch' }, 'fetch', /to be a function, got the string "fetch"$/],
    [{ retryDelay: 5 }, 'retryDelay', /to be an object, got the number 5$/],
    [{ retryDelay: { base: -1 } }, 'retryDelay.base', /to be a number of milliseconds >= 0/],
    [{ cache: { ttlMs: 1000 } }, 'cache.max', /to be a positive integer, got undefined$/],
    [{ cache: { max: 10 } }, 'cache.ttlMs', /to be a positive number of milliseconds, got undefined$/],
    [{ batch: { windowMs: '5' } }, 'batch.windowMs', /got the string "5" \(use milliseconds, e\.g\. 5000\)$/],
    [{ url: 42 }, 'url', /to be an absolute http\(s\) URL, got the number 42$/],
    [{ cert: 42, key: 'k' }, 'cert', /^The `cert` option must be PEM text or a file path, got a number$/],
  ])('%j is refused naming %s', (options, option, message) => {
    const error = refusal(client(options));
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
  });

  test('a URL that could hold a token is not quoted', () => {
    const error = refusal(client({ url: 'ftp://pyxis.example.com/?token=s3cr3t' }));
    expect(error.message).toBe('The `url` option must be an absolute http(s) URL');
    expect(error.received).toBe(REDACTED);
  });

  test('options that are not an object are refused', () => {
    expect(refusal(client('https://pyxis.example.com/')).message).toMatch(
      /^Expected PyxisClient options to be an object, got the string/,
    );
  });
});

describe('unknown option names', () => {
  test.each([
    [{ tiemout: 1000 }, 'Unknown option `tiemout` in PyxisClient options (did you mean `timeout`?)'],
    [{ apikey: 'k' }, 'Unknown option `apikey` in PyxisClient options (did you mean `apiKey`?)'],
    [{ header: {} }, 'Unknown option `header` in PyxisClient options (did you mean `headers`?)'],
    [{ wibble: 1 }, 'Unknown option `wibble` in PyxisClient options'],
    [{ retryDelay: { bsae: 1 } }, 'Unknown option `bsae` in `retryDelay` (did you mean `base`?)'],
    [{ batch: { maxsize: 5 } }, 'Unknown option `maxsize` in `batch` (did you mean `maxSize`?)'],
    [{ cache: { ttl: 5, max: 1 } }, 'Unknown option `ttl` in `cache` (did you mean `ttlMs`?)'],
  ])('%j is refused', (options, message) => {
    expect(refusal(client(options)).message).toBe(message);
  });

  test('a key that would pollute a prototype is an unknown option, not a setting', () => {
    expect(refusal(client(JSON.parse('{"__proto__": {"timeout": 1}}'))).option).toBe('__proto__');
  });

  test('every known option is accepted', () => {
    const every: Required<PyxisClientOptions> = {
      url: 'http://127.0.0.1:1/graphql',
      apiKey: 'k',
      cert: '',
      key: '',
      ca: '',
      headers: { 'x-a': 'b' },
      timeout: 1000,
      deadline: 2000,
      retries: 0,
      retryDelay: { base: 1, max: 2, maxRetryAfter: 3 },
      maxResponseBytes: 1024,
      pageSize: 10,
      pageConcurrency: 2,
      maxItems: 1000,
      maxPages: Number.POSITIVE_INFINITY,
      maxConcurrency: { adaptive: true, min: 2, max: 8, initial: 4 },
      rateLimit: { requests: 100, perMs: 1000, burst: 5 },
      fetch: globalThis.fetch,
      admit: () => undefined, // internal: pyxis-gql/bullmq's fleet-wide rate limit
      batch: { maxSize: 5, windowMs: 1 },
      cache: { ttlMs: 1000, max: 10 },
      onEvent: () => undefined,
      telemetry: false,
    };
    // The TLS options read files and build contexts: their own tests cover them; here they are left out.
    const { cert: _cert, key: _key, ca: _ca, ...rest } = every;
    expect(() => new PyxisClient(rest)).not.toThrow();
    expect(() => new PyxisClient({ batch: true })).not.toThrow();
    expect(() => new PyxisClient({ timeout: undefined } as never)).not.toThrow();
  });
});

describe('execution context options', () => {
  const pyxis = new PyxisClient({ url: 'http://127.0.0.1:1/graphql' });

  test('beginAsyncExecution refuses unknown names, a scheduler that is not one, and a bad cap', () => {
    expect(refusal(() => pyxis.beginAsyncExecution({ shceduler: new Scheduler() } as never)).message).toBe(
      'Unknown option `shceduler` in beginAsyncExecution options (did you mean `scheduler`?)',
    );
    expect(refusal(() => pyxis.beginAsyncExecution({ scheduler: {} as never })).message).toBe(
      'Expected the `scheduler` option to be a Scheduler, got an object',
    );
    expect(refusal(() => pyxis.beginAsyncExecution({ maxStoredResults: 0 })).option).toBe('maxStoredResults');
    expect(refusal(() => pyxis.beginAsyncExecution({ returnResult: 'no' as never })).option).toBe(
      'returnResult',
    );
  });

  test('beginBatchExecution refuses unknown names and a returnResult that is not a boolean', () => {
    expect(refusal(() => pyxis.beginBatchExecution({ returnResults: false } as never)).message).toBe(
      'Unknown option `returnResults` in beginBatchExecution options (did you mean `returnResult`?)',
    );
    expect(refusal(() => pyxis.beginBatchExecution({ returnResult: 0 as never })).message).toBe(
      'Expected the `returnResult` option to be a boolean, got the number 0',
    );
  });
});
