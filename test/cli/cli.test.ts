// The CLI end to end: spawned as a child process, against the embedded Pyxis started here (or its own --demo).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PyxisServer, startPyxisServer } from '../../src/server/index.js';
import { startScriptedServer } from '../helpers/scripted-server.js';
import { parseLines, runCli, startCli } from './helpers.js';

let server: PyxisServer;
let failingServer: PyxisServer;
let directory: string;
let known: string[];
const MISSING = 'registry.access.redhat.com/nothing/here';
const SECRET = 'k3y-s3cr3t';

beforeAll(async () => {
  [server, failingServer, directory] = await Promise.all([
    startPyxisServer({ dataset: { repositories: 30, imagesPerRepository: 1 } }),
    startPyxisServer({ dataset: { repositories: 1 }, faults: { http500: 1 } }),
    mkdtemp(join(tmpdir(), 'pyxis-gql-cli-')),
  ]);
  known = server.dataset
    .repositoryPaths()
    .slice(0, 3)
    .map(({ registry, repository }) => `${registry}/${repository}`);
});

afterAll(async () => {
  await Promise.all([
    server?.close(),
    failingServer?.close(),
    rm(directory, { recursive: true, force: true }),
  ]);
});

/** The lines of stderr that look like a stack trace. */
const stackLines = (stderr: string) => stderr.split('\n').filter((line) => /^\s+at /.test(line));

// Each test starts real CLI processes (node + tsx, a second or two of CPU each): on a loaded 2-core machine a start
// alone has taken 6 s, so the timeout is a fail-safe well above that, not a speed claim.
describe.concurrent('pyxis-gql', { timeout: 90_000 }, () => {
  describe('repo', () => {
    it('prints one ndjson line per lookup, from arguments and an --input file, and exits 0 when all are found', async () => {
      // The file has comments, blank lines, a CRLF line end and trailing spaces: only the values are looked up.
      const file = join(directory, 'repositories.txt');
      await writeFile(
        file,
        `# repositories to check\n\n${known[1]}\r\n   \n  # indented comment\n${known[2]}  \n`,
      );
      const { code, stdout, stderr } = await runCli([
        'repo',
        '--url',
        server.url,
        '--input',
        file,
        known[0] as string,
      ]);
      expect(code).toBe(0);
      const lines = parseLines(stdout);
      expect(lines.map((line) => line.input).sort()).toEqual([...known].sort());
      for (const line of lines) {
        expect(line.ok).toBe(true);
        const [registry, ...rest] = (line.input as string).split('/');
        expect(line.data).toMatchObject({ registry, repository: rest.join('/') });
      }
      expect(stderr).toMatch(
        /^repo: 3 lookups in .*: 3 ok, 0 failed, 0 skipped\nrepo: \d+ requests? \(.*\nrepo: latency per request p50 .*\n$/,
      );
    });

    it('reports a missing repository as a failed lookup with its error, and exits 1', async () => {
      const { code, stdout, stderr } = await runCli([
        'repo',
        '--url',
        server.url,
        known[0] as string,
        MISSING,
      ]);
      expect(code).toBe(1);
      const missing = parseLines(stdout).find((line) => line.input === MISSING);
      expect(missing).toEqual({
        input: MISSING,
        ok: false,
        error: {
          name: 'NotFoundError',
          message: 'no repository nothing/here in registry.access.redhat.com',
          status: 404,
        },
      });
      expect(stderr).toContain('1 ok, 1 failed, 0 skipped');
    });

    it('drops missing repositories with --skip-missing, and exits 0', async () => {
      const { code, stdout, stderr } = await runCli([
        'repo',
        '--skip-missing',
        '--url',
        server.url,
        MISSING,
        ...known,
      ]);
      expect(code).toBe(0);
      expect(parseLines(stdout).map((line) => line.input)).not.toContain(MISSING);
      expect(parseLines(stdout)).toHaveLength(3);
      expect(stderr).toContain('3 ok, 0 failed, 1 skipped');
    });

    it('streams a valid JSON array with --format json', async () => {
      const { code, stdout } = await runCli([
        'repo',
        '--format',
        'json',
        '--url',
        server.url,
        ...known,
        MISSING,
      ]);
      expect(code).toBe(1);
      const results = JSON.parse(stdout) as Array<{ input: string; ok: boolean }>;
      expect(results).toHaveLength(4);
      expect(results.filter((result) => !result.ok).map((result) => result.input)).toEqual([MISSING]);
    });

    it('reads inputs from stdin with --input -', async () => {
      const { code, stdout } = await runCli(['repo', '--url', server.url, '--input', '-'], {
        stdin: `${known.join('\n')}\n`,
      });
      expect(code).toBe(0);
      expect(
        parseLines(stdout)
          .map((line) => line.input)
          .sort(),
      ).toEqual([...known].sort());
    });

    it('looks up a couple of thousand demo inputs, a few missing, with --demo and no inputs', async () => {
      const { code, stdout, stderr } = await runCli(['repo', '--demo']);
      expect(code).toBe(1);
      const lines = parseLines(stdout);
      expect(lines).toHaveLength(2005);
      expect(lines.filter((line) => !line.ok)).toHaveLength(5);
      expect(new Set(lines.map((line) => line.input)).size).toBe(2005);
      expect(stderr).toContain('repo: 2005 lookups');
      expect(stderr).toContain('2000 ok, 5 failed, 0 skipped');
    });
  });

  describe('query', () => {
    it('prints a line for an answer nested 100,000 deep, and the summary, instead of crashing', async () => {
      // A hostile server: JSON.parse reads this, JSON.stringify overflows the stack writing it back out.
      const depth = 100_000;
      const hostile = await startScriptedServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(`{"data":{"get_ping":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
      });
      try {
        const { code, stdout, stderr } = await runCli(['query', '{ get_ping }', '--url', hostile.url]);
        expect(code).toBe(1);
        const lines = parseLines(stdout);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({ input: '{}', ok: false, error: { name: expect.any(String) } });
        expect(stderr).toMatch(
          /^query: 1 lookup in .*: 0 ok, 1 failed, 0 skipped\nquery: 1 request \(.*\nquery: latency per request p50 .*\n$/,
        );
        expect(stderr).not.toContain('RangeError');
      } finally {
        await hostile.close();
      }
    });

    it('runs a query with --variables', async () => {
      const [registry, ...rest] = (known[0] as string).split('/');
      const variables = JSON.stringify({ registry, repository: rest.join('/') });
      const { code, stdout } = await runCli([
        'query',
        '--url',
        server.url,
        'query ($registry: String, $repository: String) { get_repository_by_registry_path(registry: $registry, repository: $repository) { data { repository } } }',
        '--variables',
        variables,
      ]);
      expect(code).toBe(0);
      expect(parseLines(stdout)).toEqual([
        {
          input: variables,
          ok: true,
          data: { get_repository_by_registry_path: { data: { repository: rest.join('/') } } },
        },
      ]);
    });
  });

  describe('usage errors', () => {
    it('exits 2 with a one-line message and no stack', async () => {
      const { code, stdout, stderr } = await runCli(['repo', '--concurrency', '0', 'a/b']);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        "error: option '-c, --concurrency <n>' argument '0' is invalid. Expected a positive integer, or auto.\n",
      );
      expect(stackLines(stderr)).toEqual([]);
    });

    it.each([
      ['--api-key', { args: ['--api-key', `${SECRET}\r\nX-Evil: 1`], env: {} }],
      ['PYXIS_API_KEY', { args: [], env: { PYXIS_API_KEY: `${SECRET}\r\nX-Evil: 1` } }],
    ])('refuses an API key with CR/LF from %s as a usage error, never printing it', async (_from, given) => {
      const { code, stdout, stderr } = await runCli(
        ['repo', '--url', 'http://127.0.0.1:9/graphql', ...given.args, 'a/b'],
        { env: given.env },
      );
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe('error: The `apiKey` option contains CR or LF\n');
      expect(stderr).not.toContain(SECRET);
    });
  });

  describe('serve', () => {
    it('prints its URL, answers there, and stops on SIGINT with exit code 0', async () => {
      const cli = startCli(['serve', '--port', '0', '--repositories', '5']);
      const url = (await cli.waitForStdout('\n')).trim();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/containers\/graphql\/$/);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ find_repositories(page_size: 1) { total } }' }),
      });
      expect(await response.json()).toEqual({ data: { find_repositories: { total: 5 } } });
      cli.child.kill('SIGINT');
      const { code, stderr } = await cli.exited;
      expect(code).toBe(0);
      expect(stderr).toMatch(/served [1-9]\d* HTTP requests/);
    });

    it('answers as Pyxis does without the key given to --require-api-key', async () => {
      const cli = startCli(['serve', '--repositories', '2', '--require-api-key', 'test-key']);
      const url = (await cli.waitForStdout('\n')).trim();
      const post = (headers: Record<string, string>) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ find_repositories(page_size: 1) { total error { status } } }' }),
        }).then((response) => response.json());
      expect(await post({})).toEqual({ data: { find_repositories: { total: 0, error: { status: 401 } } } });
      expect(await post({ 'x-api-key': 'other' })).toEqual({
        data: { find_repositories: { total: 0, error: { status: 403 } } },
      });
      expect(await post({ 'x-api-key': 'test-key' })).toEqual({
        data: { find_repositories: { total: 2, error: null } },
      });
      cli.child.kill('SIGINT');
      expect((await cli.exited).code).toBe(0);
    });
  });

  describe('interrupts', () => {
    it('exits at once with 130 on a second Ctrl-C', async () => {
      const cli = startCli(['repo', '--demo', '--latency', '10s', 'a/b']);
      await cli.waitForStderr('demo: embedded Pyxis');
      cli.child.kill('SIGINT');
      await cli.waitForStderr('Received SIGINT');
      cli.child.kill('SIGINT');
      const { code } = await cli.exited;
      expect(code).toBe(130);
    });
  });
});
