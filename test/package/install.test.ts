// The package as its users get it: packed from a clean copy of the project (no dist/, no node_modules of its own),
// installed from the tarball into a consumer project with npm (offline), then imported at every entry of its
// exports map, run (the bin and a script against the embedded server), typechecked as a consumer's code under
// `nodenext` and `bundler` resolution, and checked by publint and arethetypeswrong. The documentation's TypeScript
// blocks are files of the same consumer project: typechecked there, and run against the embedded server.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startPyxisServer } from '../../src/server/index.js';
import { docModules, documentationPages, typeScriptBlocks } from '../helpers/doc-blocks.js';
import { installConsumer, type PackageJson, packCleanCopy, projectRoot, run } from './consumer.js';
import { writeConsumerFiles } from './consumer-files.js';
import {
  DOC_RUNNER_CHECK_FILE,
  docsDataset,
  REFUSED,
  runDocModule,
  runUnderDocRunner,
  typecheckDocModules,
  writeDocModules,
} from './doc-examples.js';

const SLOW = 240_000;
const projectPackage = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as PackageJson;

let workDir: string;
let tarball: string;
let unpacked: string;
let consumer: string;

const DOC_MODULES = docModules(documentationPages().flatMap((page) => typeScriptBlocks(page)));
/** A block that must fail, checked with the pages' blocks: the check can fail, and names the block's page line. */
const BROKEN = docModules([
  {
    page: 'docs/broken.md',
    line: 10,
    fragment: false,
    code: "import { aContainerRepository } from 'pyxis-gql/testing';\nconst r: string | undefined = undefined;\naContainerRepository({ repository: r });\n",
  },
]);

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'pyxis-gql-package-'));
  tarball = await packCleanCopy(workDir);
  unpacked = join(workDir, 'unpacked');
  mkdirSync(unpacked);
  await run('tar', ['xzf', tarball, '-C', unpacked], workDir);
  consumer = join(workDir, 'consumer');
  await installConsumer(consumer, tarball, projectPackage, [
    'fastify',
    'bullmq',
    'ioredis',
    'msw',
    'typescript',
    '@types/node',
    'vitest',
  ]);
  writeConsumerFiles(consumer);
  writeDocModules(consumer, [...DOC_MODULES, ...BROKEN]);
}, SLOW);

afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, SLOW);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

describe('the packed package', () => {
  test('npm pack builds it: dist with its .d.ts files and source maps, the schema, no sources', () => {
    const files = filesUnder(join(unpacked, 'package'));
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'schema/pyxis.graphql']));
    expect(files).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/cli/main.js']),
    );
    expect(files.filter((path) => !path.startsWith('dist/') && !path.startsWith('schema/'))).toEqual([
      'README.md',
      'package.json',
    ]);
    // Every target of the exports map and the bin is in the tarball.
    const targets = Object.values(projectPackage.exports).flatMap((target) =>
      typeof target === 'string' ? [target] : Object.values(target as Record<string, string>),
    );
    for (const target of [...targets, ...Object.values(projectPackage.bin ?? {})]) {
      expect(files, target).toContain(target.replace(/^\.\//, ''));
    }
    // The maps carry the sources they point at, since src/ is not shipped.
    const map = JSON.parse(readFileSync(join(unpacked, 'package/dist/client/client.js.map'), 'utf8')) as {
      sourcesContent?: string[];
    };
    expect(map.sourcesContent?.[0]).toContain('export class PyxisClient');
  });

  test('internal constructors and helpers are left out of the .d.ts files', () => {
    const declarations = filesUnder(join(unpacked, 'package/dist')).filter((path) => path.endsWith('.d.ts'));
    expect(declarations.length).toBeGreaterThan(20);
    for (const path of declarations) {
      expect(readFileSync(join(unpacked, 'package/dist', path), 'utf8'), path).not.toContain('@internal');
    }
    const asyncJob = readFileSync(join(unpacked, 'package/dist/execution/async.d.ts'), 'utf8');
    expect(asyncJob).toMatch(/class AsyncJob<T> \{[^}]*private constructor\(\);/);
  });

  test(
    'publint and arethetypeswrong find nothing wrong',
    async () => {
      const bin = (name: string) => join(projectRoot, 'node_modules/.bin', name);
      const [publint, attw] = await Promise.all([
        run(bin('publint'), ['--strict', tarball], workDir),
        // An ESM-only package for Node >= 20: CommonJS `require` and node10 resolution are not supported.
        run(bin('attw'), ['--profile', 'esm-only', '--format', 'json', tarball], workDir),
      ]);
      expect(publint.stdout).toContain('All good!');
      const report = JSON.parse(attw.stdout) as {
        analysis: { problems: Array<{ resolutionKind?: string }> };
      };
      const ignored = new Set(['node10', 'node16-cjs']);
      expect(
        report.analysis.problems.filter((problem) => !ignored.has(problem.resolutionKind ?? '')),
      ).toEqual([]);
    },
    SLOW,
  );
});

describe('installed in a consumer project', () => {
  test(
    'every entry of the exports map imports, exporting what its source exports',
    async () => {
      const { stdout } = await run('node', ['imports.mjs'], consumer);
      const exported = JSON.parse(stdout) as Record<string, string[]>;
      expect(Object.keys(exported).sort()).toEqual(Object.keys(projectPackage.exports).sort());
      const sources: Record<string, string> = {
        '.': '../../src/index.js',
        './server': '../../src/server/index.js',
        './testing': '../../src/testing/index.js',
        './fastify': '../../src/fastify/index.js',
        './bullmq': '../../src/bullmq/index.js',
      };
      for (const [entry, source] of Object.entries(sources)) {
        const names = Object.keys(await import(source)).sort();
        expect(exported[entry], entry).toEqual(names);
      }
      expect(exported['.']).toEqual(expect.arrayContaining(['PyxisClient', 'gather', 'asCompleted', 'run']));
      expect(exported['./server']).toEqual(expect.arrayContaining(['startPyxisServer', 'createDataset']));
      expect(exported['./testing']).toEqual(expect.arrayContaining(['createPyxisHandlers', 'mockPing']));
      expect(exported['./fastify']).toEqual(expect.arrayContaining(['default', 'pyxisScheduler', 'atomic']));
      expect(exported['./bullmq']).toEqual(
        expect.arrayContaining(['startLookupWorker', 'beginDurableAsyncExecution']),
      );
      expect(exported['./package.json']).toEqual(['default']);
    },
    SLOW,
  );

  test(
    'the bin prints the package version and its help',
    async () => {
      const bin = join(consumer, 'node_modules/.bin/pyxis-gql');
      const [version, help] = await Promise.all([
        run(bin, ['--version'], consumer),
        run(bin, ['--help'], consumer),
      ]);
      expect(version.stdout).toBe(`${projectPackage.version}\n`);
      expect(help.stdout).toMatch(/^Usage: pyxis-gql /);
      for (const command of ['repo', 'images', 'query', 'serve'])
        expect(help.stdout).toContain(`\n  ${command} `);
    },
    SLOW,
  );

  test(
    'a script looks repositories up against the embedded server (which reads the shipped schema)',
    async () => {
      const { stdout } = await run('node', ['lookups.mjs'], consumer);
      const { found, expected, missing } = JSON.parse(stdout) as {
        found: string[];
        expected: string[];
        missing: unknown;
      };
      expect(found).toEqual(expected);
      expect(expected).toHaveLength(5);
      expect(missing).toBeNull();
    },
    SLOW,
  );

  test(
    'a consumer file typechecks under nodenext and bundler resolution, strict with exactOptionalPropertyTypes',
    async () => {
      const tsc = join(consumer, 'node_modules/typescript/bin/tsc');
      await Promise.all(
        ['tsconfig.nodenext.json', 'tsconfig.bundler.json'].map((config) =>
          run('node', [tsc, '-p', config], consumer),
        ),
      );
    },
    SLOW,
  );

  test(
    'editors show the public type names',
    () => {
      const hovers = quickInfo(join(consumer, 'hover.ts'), {
        repository: 'const repository: Promise<PyxisRepository | null>',
        images: 'const images: Promise<PyxisImage[]>',
        asyncJob: 'const asyncJob: AsyncJob<PyxisRepository | null>',
        batchJob: 'const batchJob: BatchJob<PyxisImage[]>',
        fixture: 'const fixture: PyxisRepository',
        imageFixture: 'const imageFixture: PyxisImage',
        jobs: 'const jobs: BatchJob<unknown>[]',
        getRepositoryByPath: 'options?: CallOptions): Promise<PyxisRepository | null>',
      });
      for (const [name, { shown, expected }] of Object.entries(hovers))
        expect(shown, name).toContain(expected);
    },
    SLOW,
  );

  test(
    "the package's own .d.ts files have no errors (the consumer's tsc skips library files)",
    () => {
      const program = languageService().getProgram() as ts.Program;
      const ours = program
        .getSourceFiles()
        .filter((file) => file.fileName.includes('/node_modules/pyxis-gql/dist/'));
      expect(ours.map((file) => file.fileName)).toEqual(
        expect.arrayContaining(
          ['index', 'server/index', 'testing/index', 'fastify/index', 'bullmq/index'].map((entry) =>
            join(consumer, `node_modules/pyxis-gql/dist/${entry}.d.ts`),
          ),
        ),
      );
      const errors = ours.flatMap((file) => program.getSemanticDiagnostics(file));
      expect(errors.map((error) => ts.flattenDiagnosticMessageText(error.messageText, '\n'))).toEqual([]);
    },
    SLOW,
  );
});

describe('the TypeScript blocks of README.md and docs/*.md, as files of the consumer project', () => {
  let problems: string[];
  beforeAll(async () => {
    // One tsc run checks them all and emits the JavaScript that the tests below run.
    problems = await typecheckDocModules(consumer, [...DOC_MODULES, ...BROKEN]);
  }, SLOW);

  test('every block typechecks under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess and NodeNext', () => {
    for (const page of ['README.md', 'docs/client.md', 'docs/fanout.md', 'docs/testing.md']) {
      expect(DOC_MODULES.some((module) => module.block.page === page)).toBe(true);
    }
    // The broken block is reported at its line in its page, and nothing else is.
    expect(problems).toEqual([expect.stringMatching(/^docs\/broken\.md:13: TS2379 /)]);
  });

  test('the runner sends the default URL to the embedded server, and refuses any host beyond loopback', async () => {
    const server = await startPyxisServer({ dataset: docsDataset() });
    try {
      const { code, stdout, stderr } = await runUnderDocRunner(consumer, [DOC_RUNNER_CHECK_FILE], server.url);
      expect({ code, stdout }).toEqual({ code: 0, stdout: `${JSON.stringify('pong')}\nPyxisNetworkError\n` });
      expect(stderr).toContain(`${REFUSED} a connection to pyxis.example.com`);
      expect(server.stats().httpRequests).toBe(1);
    } finally {
      await server.close();
    }
  });

  const runnable = DOC_MODULES.filter((module) => module.run).map((module) => ({
    at: `${module.block.page}:${module.block.line}`,
    module,
  }));
  test.concurrent.for(runnable)(
    'the block at $at runs against the embedded server',
    { timeout: SLOW },
    async ({ module }) => {
      const server = await startPyxisServer({ dataset: docsDataset() });
      try {
        const { code, stdout, stderr } = await runDocModule(consumer, module, server.url);
        expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
        expect(stderr).not.toContain(REFUSED);
        // What its `// → text` comments say it prints, in that order.
        const printed = stdout.split('\n');
        let from = 0;
        for (const claim of module.prints) {
          const at = printed.indexOf(claim, from);
          expect(
            at,
            `${module.block.page}:${module.block.line} prints ${JSON.stringify(claim)}:\n${stdout}`,
          ).toBeGreaterThanOrEqual(0);
          from = at + 1;
        }
      } finally {
        await server.close();
      }
    },
  );
});

let service: ts.LanguageService | undefined;

/** A language service over the consumer's hover.ts, as an editor runs it (strict, libraries checked). */
function languageService(): ts.LanguageService {
  const file = join(consumer, 'hover.ts');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    strict: true,
    exactOptionalPropertyTypes: true,
    types: ['node'],
  };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (path) =>
      ts.sys.fileExists(path) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(path) ?? '') : undefined,
    getCurrentDirectory: () => consumer,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (settings) => ts.getDefaultLibFilePath(settings),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  service ??= ts.createLanguageService(host);
  return service;
}

/** What an editor shows on hovering the first occurrence of each name (after its `const`, or as a method). */
function quickInfo(
  file: string,
  expectations: Record<string, string>,
): Record<string, { shown: string; expected: string }> {
  const text = readFileSync(file, 'utf8');
  const result: Record<string, { shown: string; expected: string }> = {};
  for (const [name, expected] of Object.entries(expectations)) {
    const declared = text.indexOf(`const ${name} `);
    const position = declared >= 0 ? declared + 'const '.length : text.indexOf(`.${name}(`) + 1;
    const info = languageService().getQuickInfoAtPosition(file, position);
    result[name] = { shown: ts.displayPartsToString(info?.displayParts), expected };
  }
  return result;
}
