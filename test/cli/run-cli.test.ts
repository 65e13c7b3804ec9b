// The CLI in this process, with fake stdio and a fake `process`: the cases that need no real process, which are
// most of them (cli.test.ts spawns the real thing for the rest).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { type PyxisServer, startPyxisServer } from '../../src/server/index.js';
import { expectNoUnhandledRejections } from '../fanout/helpers.js';
import { until } from '../helpers/async.js';
import { forward, json, startScriptedServer } from '../helpers/scripted-server.js';
import { fakeIO, parseLines } from './helpers.js';

expectNoUnhandledRejections();

let server: PyxisServer;
let slowServer: PyxisServer;
let failingServer: PyxisServer;
let known: string[];
let knownNvr: string;

beforeAll(async () => {
  [server, slowServer, failingServer] = await Promise.all([
    startPyxisServer({ dataset: { repositories: 30, imagesPerRepository: 1 } }),
    startPyxisServer({ dataset: { repositories: 30 }, latency: { ms: 100 } }),
    startPyxisServer({ dataset: { repositories: 1 }, faults: { http500: 1 } }),
  ]);
  known = server.dataset
    .repositoryPaths()
    .map(({ registry, repository }) => `${registry}/${repository}`)
    .slice(0, 5);
  knownNvr = server.dataset.nvrs()[0] as string;
});

afterAll(async () => {
  await Promise.all([server?.close(), slowServer?.close(), failingServer?.close()]);
});

describe('runCli', () => {
  describe('usage errors', () => {
    it.each([
      [
        ['repo', '--concurrency', '0', 'a/b'],
        "error: option '-c, --concurrency <n>' argument '0' is invalid",
      ],
      [['repo', '--concurrency', '1.5', 'a/b'], 'Expected a positive integer'],
      [['repo', '--concurrency', 'fast', 'a/b'], 'Expected a positive integer, or auto'],
      [['repo', '--rate', '0/s', 'a/b'], 'Expected requests per time, such as 10/s'],
      [['repo', '--rate', '10', 'a/b'], 'Expected requests per time, such as 10/s'],
      [['repo', '--rate', '10/0s', 'a/b'], 'Expected requests per time, such as 10/s'],
      [['repo', '--batch-size', '-3', 'a/b'], "argument '-3' is invalid"],
      [['repo', '--timeout', 'soon', 'a/b'], "argument 'soon' is invalid"],
      [['repo', '--timeout', '0', 'a/b'], 'Expected a positive duration'],
      [['repo', '--retries', 'x', 'a/b'], 'Expected a non-negative integer'],
      [['repo', '--format', 'xml', 'a/b'], 'Allowed choices are ndjson, json, table'],
      [['repo', '--bogus', 'a/b'], "error: unknown option '--bogus'"],
      [['repo', '--input', '/no/such/file'], 'error: cannot read input file /no/such/file: no such file'],
      [['repo', '--input', '/'], 'error: cannot read input file /: it is a directory'],
      [['repo'], 'error: no inputs'],
      [
        ['repo', '--latency', '10', 'a/b'],
        'error: --latency is a knob of the embedded server: use it with --demo',
      ],
      [['repo', '--demo', '--faults', 'http500=2'], "argument 'http500=2' is invalid"],
      [['repo', '--demo', '--url', 'http://127.0.0.1:1/'], "cannot be used with option '--demo'"],
      [
        ['repo', '--url', 'not a url', 'a/b'],
        'error: Expected the `url` option to be an absolute http(s) URL, got the string "not a url"',
      ],
      [
        ['repo', '--cert', '/no/cert.pem', '--key', '/no/key.pem', 'a/b'],
        'error: The `cert` option names a file that cannot be read: /no/cert.pem (ENOENT)',
      ],
      [
        ['repo', '--api-key', 'k\u00e9\u2603y', 'a/b'],
        'error: The `apiKey` option has a character outside Latin-1',
      ],
      [['query', '{ get_ping }', '--variables', '{oops'], 'Expected a JSON object'],
      // The same wording as --input's.
      [['query', '@/no/query.graphql'], 'error: cannot read query file /no/query.graphql: no such file\n'],
      [['query', '@/'], 'error: cannot read query file /: it is a directory\n'],
      [['serve', '--port', '70000'], 'Expected a port number from 0 to 65535'],
      [['serve', '--capacity', '0'], "error: option '--capacity <n>' argument '0' is invalid"],
      [['serve', '--retry-after', '-5'], "error: option '--retry-after <seconds>' argument '-5' is invalid"],
      [
        ['serve', '--capacity', '8', '--max-in-flight', '4'],
        'error: Expected the `maxInFlight` option to be at least `capacity` (8), got the number 4',
      ],
      [['nope'], "error: unknown command 'nope'"],
      [[], 'Usage: pyxis-gql'],
    ])('%j exits 2: %s', async (args, message) => {
      const io = fakeIO();
      await expect(runCli(args, io)).resolves.toBe(2);
      expect(io.stdout.text).toBe('');
      expect(io.stderr.text).toContain(message);
      if (args.length > 0) expect(io.stderr.text.trimEnd().split('\n')).toHaveLength(1);
    });

    it('prints help for a command with --help, and exits 0', async () => {
      const io = fakeIO();
      await expect(runCli(['images', '--help'], io)).resolves.toBe(0);
      expect(io.stdout.text).toContain('Usage: pyxis-gql images [options] [nvrs...]');
      expect(io.stdout.text).toContain('--skip-missing');
    });

    it('describes --demo for query as what it does there: run the query against the embedded Pyxis', async () => {
      const io = fakeIO();
      await expect(runCli(['query', '--help'], io)).resolves.toBe(0);
      const help = io.stdout.text.replace(/\s+/g, ' ');
      expect(help).toContain('--demo start the embedded Pyxis in this process and run the query against');
      expect(help).not.toContain('couple of thousand');
    });

    it('prints the version with --version, and exits 0', async () => {
      const io = fakeIO();
      await expect(runCli(['--version'], io)).resolves.toBe(0);
      expect(io.stdout.text).toMatch(/^\d+\.\d+\.\d+\n$/);
    });
  });

  describe('lookups', () => {
    it('prints aligned columns with --format table, and the error of a failed row', async () => {
      const io = fakeIO();
      const missing = 'registry.access.redhat.com/no/such';
      await expect(
        runCli(['repo', '--format', 'table', '--url', server.url, ...known, missing], io),
      ).resolves.toBe(1);
      const [header = '', ...rows] = io.stdout.text.trimEnd().split('\n');
      expect(header).toMatch(/^INPUT {2,}RESULT {2}DETAIL$/);
      const detailColumn = header.indexOf('DETAIL');
      expect(rows).toHaveLength(6);
      for (const row of rows) expect(row.slice(detailColumn - 2, detailColumn)).toBe('  ');
      expect(rows.find((row) => row.startsWith(missing))).toMatch(
        /FAILED {2}NotFoundError: no repository no\/such/,
      );
      expect(rows.find((row) => row.startsWith(known[0] as string))).toMatch(/ok {6}(published|unpublished)/);
    });

    it('with --concurrency auto and --rate, says where the cap ended; without a 429, no pause', async () => {
      const io = fakeIO();
      const args = ['repo', '--url', server.url, '--concurrency', 'auto', '--rate', '1000/s', ...known];
      await expect(runCli(args, io)).resolves.toBe(0);
      expect(io.stderr.text).toMatch(/^traffic: request cap ended at \d+$/m);
      expect(io.stderr.text).not.toContain('paused');
    });

    it('says how many 429s paused the client, and for how long', async () => {
      let throttled = false;
      const spy = await startScriptedServer((request, response) => {
        if (!throttled) {
          throttled = true;
          json(response, 429, { errors: [{ message: 'slow down' }] }, { 'retry-after': '0' });
          return;
        }
        forward(server.url, request.body, response);
      });
      try {
        const io = fakeIO();
        await expect(runCli(['repo', '--url', spy.url, ...known], io)).resolves.toBe(0);
        expect(io.stderr.text).toMatch(/^traffic: 1 answer 429\/503 paused the client for 0\.0 s in all$/m);
      } finally {
        await spy.close();
      }
    });

    it('looks builds up with images, as --nvr, arguments and --input together', async () => {
      const io = fakeIO({ stdin: 'no-such-build-1-1\n' });
      const args = ['images', '--url', server.url, '--nvr', knownNvr, '--input', '-'];
      await expect(runCli(args, io)).resolves.toBe(1);
      const lines = parseLines(io.stdout.text);
      expect(lines).toHaveLength(2);
      expect(lines.find((line) => line.input === knownNvr)).toMatchObject({ ok: true });
      expect(lines.find((line) => line.input === 'no-such-build-1-1')).toMatchObject({
        ok: false,
        error: { name: 'NotFoundError', message: 'no images of build no-such-build-1-1', status: 404 },
      });
    });

    it('reports inputs it cannot use as failed lookups, and carries on', async () => {
      const io = fakeIO();
      await expect(
        runCli(['repo', '--url', server.url, 'no-slash', '/x', known[0] as string], io),
      ).resolves.toBe(1);
      const lines = parseLines(io.stdout.text);
      expect(
        lines
          .filter((line) => !line.ok)
          .map((line) => line.input)
          .sort(),
      ).toEqual(['/x', 'no-slash']);
      expect(lines.find((line) => line.input === 'no-slash')).toMatchObject({
        error: {
          name: 'InvalidInputError',
          message: expect.stringContaining('expected <registry>/<repository>'),
        },
      });
    });

    it('refuses registry paths no registry could hold, before sending anything', async () => {
      const spy = await startScriptedServer((_request, response) => json(response, 500, {}));
      try {
        const malformed = [
          'registry.access.redhat.com//ubi9',
          'registry.access.redhat.com/ubi9/',
          'https://registry.access.redhat.com/ubi9',
          'registry.access.redhat.com/ubi9/ubi:latest',
          'bad_registry!/ubi9',
          `quay.io/${'a'.repeat(256)}`,
        ];
        const io = fakeIO();
        await expect(runCli(['repo', '--url', spy.url, ...malformed], io)).resolves.toBe(1);
        expect(spy.requests).toEqual([]);
        const lines = parseLines(io.stdout.text);
        expect(lines.map((line) => line.input).sort()).toEqual([...malformed].sort());
        for (const line of lines) {
          expect(line).toMatchObject({ ok: false, error: { name: 'InvalidInputError' } });
        }
        expect(lines.find((line) => line.input === malformed[0])).toMatchObject({
          error: { message: expect.stringContaining('(an empty path segment: "//", or a "/" at the end)') },
        });
      } finally {
        await spy.close();
      }
    });

    it('says once, after a few of them, that inputs given to repo look like NVRs, and that images reads them', async () => {
      const nvrs = [
        'ubi9-container-9.4-1123',
        'ose-cli-container-v4.12.0-202301042354.p0',
        'a-1-1',
        'b-2-2',
        'c-3-3',
      ];
      const io = fakeIO({ stdin: `${nvrs.join('\n')}\n` });
      await expect(runCli(['repo', '--url', server.url, '--input', '-'], io)).resolves.toBe(1);
      expect(parseLines(io.stdout.text)).toHaveLength(nvrs.length);
      const hints = io.stderr.text.split('\n').filter((line) => line.startsWith('hint: '));
      expect(hints).toEqual([
        'hint: these inputs look like build NVRs (name-version-release), not registry paths: `pyxis-gql images --nvr <nvr...>` (or `images --input <file>`) looks builds up',
      ]);

      // Fewer than that, or inputs that are merely wrong, get no hint.
      const few = fakeIO();
      await runCli(['repo', '--url', server.url, 'a-1-1', 'b-2-2', 'no-slash', 'x', 'y'], few);
      expect(few.stderr.text).not.toContain('hint:');
    });

    it("reports a root field's Pyxis error other than 404 as a failed lookup that --skip-missing keeps", async () => {
      const spy = await startScriptedServer((_request, response) =>
        json(response, 200, {
          data: {
            ok: { data: { repository: 'a' }, error: null },
            broken: { data: null, error: { status: 500, detail: 'database unavailable' } },
            missing: { data: null, error: { status: 404, detail: 'not found' } },
          },
        }),
      );
      try {
        const io = fakeIO();
        const query = '{ ok: get_ping broken: get_ping missing: get_ping }';
        await expect(runCli(['query', '--skip-missing', '--url', spy.url, query], io)).resolves.toBe(1);
        expect(parseLines(io.stdout.text)).toEqual([
          {
            input: '{}',
            ok: false,
            error: {
              name: 'PyxisRequestError',
              message: 'Pyxis broken failed with status 500: database unavailable',
              status: 500,
              detail: 'database unavailable',
              attempts: 1,
            },
          },
        ]);
      } finally {
        await spy.close();
      }
    });

    it.each(['json', 'table'] as const)(
      'prints an answer nested 100,000 deep as a failed lookup with --format %s, and the summary',
      async (format) => {
        const depth = 100_000;
        const hostile = await startScriptedServer((_request, response) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(`{"data":{"get_ping":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
        });
        try {
          const io = fakeIO();
          await expect(
            runCli(['query', '{ get_ping }', '--format', format, '--url', hostile.url], io),
          ).resolves.toBe(1);
          if (format === 'json') {
            expect(JSON.parse(io.stdout.text)).toEqual([
              { input: '{}', ok: false, error: expect.objectContaining({ name: expect.any(String) }) },
            ]);
          } else {
            expect(io.stdout.text.trimEnd().split('\n')[1]).toMatch(/^\{\} +FAILED {2}\w+: /);
          }
          expect(io.stderr.text).toMatch(
            /^query: 1 lookup in .*: 0 ok, 1 failed, 0 skipped\nquery: 1 request \(.*\nquery: latency per request p50 .*\n$/,
          );
        } finally {
          await hostile.close();
        }
      },
    );

    it('still prints the summary, before the error, when the input fails mid-way', async () => {
      const stdin = new PassThrough();
      const io = { ...fakeIO(), stdin };
      const running = runCli(['repo', '--url', server.url, '--input', '-'], io);
      stdin.write(`${known[0]}\n`);
      await until(() => io.stdout.text.includes('"ok":true'));
      stdin.destroy(Object.assign(new Error('boom'), { code: 'EIO' }));
      await expect(running).resolves.toBe(2);
      expect(parseLines(io.stdout.text)).toHaveLength(1);
      expect(io.stderr.text).toMatch(
        /^repo: stopped by an error after 1 lookup in .*: 1 ok, 0 failed, 0 skipped; 0 in flight abandoned\nrepo: 1 request .*\nrepo: latency per request .*\nerror: cannot read input file stdin: EIO\n$/,
      );
    });

    it("prints a Pyxis error's fields: httpCode, traceId, attempts", async () => {
      const io = fakeIO();
      await expect(
        runCli(['repo', '--url', failingServer.url, '--retries', '0', '--no-batch', known[0] as string], io),
      ).resolves.toBe(1);
      const [line] = parseLines(io.stdout.text);
      expect(line).toMatchObject({
        input: known[0],
        ok: false,
        error: { name: 'PyxisHttpError', httpCode: 500, traceId: expect.any(String), attempts: 1 },
      });
      expect(line?.error).not.toHaveProperty('stack');
    });

    it("npm run demo exits with the demo's own exit code: 0, the missing inputs dropped and counted", async () => {
      // The script's CLI run, as package.json has it: no pipe may hide its exit code.
      const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
      const script = String(packageJson.scripts.demo);
      expect(script).not.toMatch(/\|/);
      const match = /node dist\/cli\/main\.js ([^>&;]+?)\s*(?:>\s*\/dev\/null)?$/.exec(script);
      const args = (match?.[1] ?? '').split(/\s+/);
      expect(args).toContain('--demo');
      const io = fakeIO();
      await expect(runCli(args, io)).resolves.toBe(0);
      expect(io.stderr.text).toContain('repo: 2005 lookups');
      expect(io.stderr.text).toContain('2000 ok, 0 failed, 5 skipped');
    });

    it('works the same with --no-batch', async () => {
      const io = fakeIO();
      await expect(runCli(['repo', '--no-batch', '--url', server.url, ...known], io)).resolves.toBe(0);
      expect(parseLines(io.stdout.text)).toHaveLength(known.length);
    });

    it('writes an empty but valid JSON array when every result is skipped', async () => {
      const io = fakeIO();
      const args = [
        'repo',
        '--format',
        'json',
        '--skip-missing',
        '--url',
        server.url,
        'registry.access.redhat.com/x/y',
      ];
      await expect(runCli(args, io)).resolves.toBe(0);
      expect(JSON.parse(io.stdout.text)).toEqual([]);
      expect(io.stderr.text).toContain('0 ok, 0 failed, 1 skipped');
    });

    it('takes the API key from PYXIS_API_KEY', async () => {
      const seen: Array<string | null> = [];
      const spy = await startScriptedServer((request, response) => {
        seen.push(request.headers['x-api-key']?.toString() ?? null);
        json(response, 200, { data: { get_ping: 'pong' } });
      });
      try {
        const io = fakeIO({ env: { PYXIS_API_KEY: 'secret-key' } });
        await expect(runCli(['query', '{ get_ping }', '--url', spy.url], io)).resolves.toBe(0);
        expect(seen).toEqual(['secret-key']);
        expect(parseLines(io.stdout.text)).toEqual([{ input: '{}', ok: true, data: { get_ping: 'pong' } }]);
      } finally {
        await spy.close();
      }
    });
  });

  describe('query', () => {
    const MISSING_REPOSITORY_QUERY =
      '{ get_repository_by_registry_path(registry: "registry.access.redhat.com", repository: "nothing/here") { data { repository } error { status detail } } }';

    it("reports a root field's Pyxis error (a 404 inside data) as a failed lookup, and exits 1", async () => {
      const io = fakeIO();
      await expect(runCli(['query', '--url', server.url, MISSING_REPOSITORY_QUERY], io)).resolves.toBe(1);
      expect(parseLines(io.stdout.text)).toEqual([
        {
          input: '{}',
          ok: false,
          error: {
            name: 'NotFoundError',
            message: expect.stringMatching(/^Pyxis get_repository_by_registry_path failed with status 404: /),
            status: 404,
            field: 'get_repository_by_registry_path',
            detail: expect.stringContaining('not found'),
          },
        },
      ]);
      expect(io.stderr.text).toContain('0 ok, 1 failed, 0 skipped');
    });

    it('drops a 404 inside data with --skip-missing, as repo and images do, and exits 0', async () => {
      const io = fakeIO();
      const args = ['query', '--skip-missing', '--url', server.url, MISSING_REPOSITORY_QUERY];
      await expect(runCli(args, io)).resolves.toBe(0);
      expect(io.stdout.text).toBe('');
      expect(io.stderr.text).toContain('0 ok, 0 failed, 1 skipped');
    });

    it('runs the query once per --input line of variables, laid over --variables', async () => {
      const query =
        'query ($nvr: String, $size: Int) { find_images_by_nvr(nvr: $nvr, page_size: $size) { total } }';
      const io = fakeIO({ stdin: `{"nvr": "${knownNvr}"}\n{"nvr": "none-1-1"}\nnot json\n` });
      const args = ['query', '--url', server.url, query, '--variables', '{"size": 5}', '--input', '-'];
      await expect(runCli(args, io)).resolves.toBe(1);
      const byInput = new Map(parseLines(io.stdout.text).map((line) => [line.input, line]));
      expect(byInput.get(`{"nvr": "${knownNvr}"}`)).toMatchObject({
        ok: true,
        data: { find_images_by_nvr: { total: 1 } },
      });
      expect(byInput.get('{"nvr": "none-1-1"}')).toMatchObject({
        ok: true,
        data: { find_images_by_nvr: { total: 0 } },
      });
      expect(byInput.get('not json')).toMatchObject({ ok: false, error: { name: 'InvalidInputError' } });
    });

    it('reads the query from a file given as @path', async () => {
      const directory = await mkdtemp(join(tmpdir(), 'pyxis-gql-query-'));
      try {
        const file = join(directory, 'count.graphql');
        await writeFile(file, 'query Count($nvr: String) {\n  find_images_by_nvr(nvr: $nvr) { total }\n}\n');
        const io = fakeIO();
        const args = [
          'query',
          '--url',
          server.url,
          `@${file}`,
          '--variables',
          JSON.stringify({ nvr: knownNvr }),
        ];
        await expect(runCli(args, io)).resolves.toBe(0);
        expect(parseLines(io.stdout.text)[0]).toMatchObject({
          ok: true,
          data: { find_images_by_nvr: { total: 1 } },
        });
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    });
  });

  describe('request stats', () => {
    it('--stats json writes the whole summary as one JSON object on stderr', async () => {
      const io = fakeIO();
      await expect(runCli(['repo', '--url', server.url, '--stats', 'json', ...known], io)).resolves.toBe(0);
      const lines = io.stderr.text.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      const summary = JSON.parse(lines[0] as string);
      expect(summary).toMatchObject({
        command: 'repo',
        lookups: 5,
        ok: 5,
        failed: 0,
        stopped: null,
        // Batched by default: the five lookups of one tick travel in one request.
        requests: 1,
        lookupsPerRequest: 5,
        retries: 0,
        rateLimited: 0,
      });
      const { p50, p90, p99, max } = summary.latencyMs;
      expect(p50).toBeGreaterThan(0);
      expect([p50 <= p90, p90 <= p99, p99 <= max]).toEqual([true, true, true]);
    });

    it('counts retries and their waits', async () => {
      const io = fakeIO();
      await expect(
        runCli(
          ['repo', '--url', failingServer.url, '--retries', '2', '--stats', 'json', known[0] as string],
          io,
        ),
      ).resolves.toBe(1);
      const summary = JSON.parse(io.stderr.text);
      expect(summary).toMatchObject({ requests: 3, retries: 2, failed: 1 });
      expect(summary.retryWaitMs).toBeGreaterThanOrEqual(0);
    });

    it('--verbose prints one line per request: operation, status, duration, trace_id', async () => {
      const io = fakeIO();
      await expect(
        runCli(['repo', '--url', server.url, '--verbose', '--no-batch', ...known], io),
      ).resolves.toBe(0);
      const lines = io.stderr.text.split('\n').filter((line) => line.startsWith('request '));
      expect(lines).toHaveLength(5);
      for (const line of lines) {
        expect(line).toMatch(/^request GetRepositoryByRegistryPath 200 [\d.]+ ms trace_id=[0-9a-f]+$/);
      }
    });

    it('--verbose prints a line for an answer that pauses the whole client, after its request line', async () => {
      const limited = await startPyxisServer({
        dataset: { repositories: 1 },
        faults: { http429: 1, retryAfterSeconds: 2, seed: 1 },
      });
      try {
        const io = fakeIO();
        await expect(
          runCli(['repo', '--url', limited.url, '--verbose', '--retries', '0', known[0] as string], io),
        ).resolves.toBe(1);
        const lines = io.stderr.text.split('\n').filter((line) => /^(request|pause) /.test(line));
        expect(lines).toEqual([
          expect.stringMatching(/^request GetRepositoryByRegistryPath 429 [\d.]+ ms/),
          'pause 429: no request goes out for 2.0 s',
        ]);
      } finally {
        await limited.close();
      }
    });
  });

  describe('progress', () => {
    it('draws a bar on a terminal stderr, then clears it for the summary', async () => {
      const io = fakeIO({ stderrIsTTY: true });
      await expect(runCli(['repo', '--url', slowServer.url, '--no-batch', ...known], io)).resolves.toBe(0);
      expect(io.stderr.text).toMatch(/repo \[[█░]{24}\] \d\/5 +\d+% \| ok \d+ {2}failed 0 {2}skipped 0 \|/);
      expect(io.stderr.text.trimEnd().split('\n').slice(-3)).toEqual([
        expect.stringMatching(/repo: 5 lookups in .*: 5 ok, 0 failed, 0 skipped$/),
        expect.stringMatching(/^repo: 5 requests \(.*\/s\), 1 lookups per request, retries 0, 429s 0$/),
        expect.stringMatching(
          /^repo: latency per request p50 [\d.]+ ms, p90 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms$/,
        ),
      ]);
    });

    it('draws nothing with --no-progress, or when stderr is not a terminal', async () => {
      for (const [stderrIsTTY, flags] of [
        [true, ['--no-progress']],
        [false, []],
      ] as const) {
        const io = fakeIO({ stderrIsTTY });
        await runCli(['repo', '--url', server.url, ...flags, known[0] as string], io);
        expect(io.stderr.text).toMatch(
          /^repo: 1 lookup in .*\nrepo: 1 request .*\nrepo: latency per request .*\n$/,
        );
      }
    });
  });

  describe('serve', () => {
    const ping = (url: string, headers: Record<string, string> = {}) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          query: '{ find_repositories(page_size: 40) { data { registry repository } } }',
        }),
      });

    it('answers 429 with --retry-after past --max-in-flight, and counts it in its summary', async () => {
      const io = fakeIO();
      const args = [
        'serve',
        '--repositories',
        '3',
        '--latency',
        '10m',
        '--capacity',
        '1',
        '--max-in-flight',
        '1',
      ];
      const running = runCli([...args, '--retry-after', '3'], io);
      await until(() => io.stdout.text.endsWith('\n'));
      expect(io.stderr.text).toContain(', capacity 1, 429 (Retry-After: 3) past 1 in flight; Ctrl-C');
      // Whichever arrives first holds the only slot for ten minutes; the other is refused at once.
      const held = ping(io.stdout.text.trim()).catch((error: unknown) => error);
      const refused = ping(io.stdout.text.trim()).catch((error: unknown) => error);
      const first = (await Promise.race([held, refused])) as Response;
      expect(first.status).toBe(429);
      expect(first.headers.get('retry-after')).toBe('3');
      io.process.emit('SIGINT');
      await expect(running).resolves.toBe(0);
      await Promise.all([held, refused]);
      expect(io.stderr.text).toMatch(
        /served 2 HTTP requests, 0 root fields; at most 1 in flight, 0 queued; 1 answered 429 for overload\n$/,
      );
    });

    it('compresses when asked, and never with --no-compression', async () => {
      for (const [flags, encoding] of [
        [[], 'gzip'],
        [['--no-compression'], null],
      ] as const) {
        const io = fakeIO();
        const running = runCli(['serve', '--repositories', '40', ...flags], io);
        await until(() => io.stdout.text.endsWith('\n'));
        const response = await ping(io.stdout.text.trim(), { 'accept-encoding': 'gzip' });
        expect(response.headers.get('content-encoding')).toBe(encoding);
        expect(await response.json()).toHaveProperty('data.find_repositories.data');
        io.process.emit('SIGINT');
        await expect(running).resolves.toBe(0);
        expect(io.stderr.text).toMatch(/served 1 HTTP requests, 1 root fields\n$/);
      }
    });
  });

  describe('interrupts', () => {
    it('stops on the first SIGINT, closes the JSON array, counts the abandoned lookups, and resolves to 130', async () => {
      const io = fakeIO();
      const inputs = slowServer.dataset
        .repositoryPaths()
        .map(({ registry, repository }) => `${registry}/${repository}`);
      const args = [
        'repo',
        '--url',
        slowServer.url,
        '--format',
        'json',
        '--concurrency',
        '1',
        '--batch-size',
        '3',
      ];
      const running = runCli([...args, ...inputs], io);
      await until(() => io.stdout.text.includes('"ok"'));
      io.process.emit('SIGINT');
      await expect(running).resolves.toBe(130);
      expect(io.process.exits).toEqual([]);
      const results = JSON.parse(io.stdout.text) as unknown[];
      expect(results.length).toBeGreaterThan(0);
      expect(results.length).toBeLessThan(inputs.length);
      expect(io.stderr.text).toContain('Received SIGINT, stopping (press Ctrl-C again to exit at once)');
      expect(io.stderr.text).toMatch(
        new RegExp(
          `repo: interrupted after ${results.length} lookups .*; \\d+ in flight abandoned\\n(repo: .*\\n)*$`,
        ),
      );
      expect(io.process.listenerCount('SIGINT')).toBe(0);
    });

    it('asks the process to exit with 130 on the second SIGINT', async () => {
      const io = fakeIO();
      const running = runCli(['repo', '--url', slowServer.url, known[0] as string], io);
      await until(() => io.process.listenerCount('SIGINT') > 0);
      io.process.emit('SIGINT');
      io.process.emit('SIGINT');
      expect(io.process.exits).toEqual([130]);
      await running;
    });
  });
});
