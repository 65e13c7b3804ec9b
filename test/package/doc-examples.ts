// The documentation's TypeScript blocks as files of the consumer project (docs/, one module per block, see
// test/helpers/doc-blocks.ts), typechecked by the consumer's tsc against the installed package and run with node
// (or the consumer's vitest, for blocks that are tests) against the embedded server.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDataset, PyxisDataset } from '../../src/server/index.js';
import type { DocModule } from '../helpers/doc-blocks.js';

const exec = promisify(execFile);

export const DOCS_DIR = 'docs';
export const DOCS_OUT_DIR = 'docs-out';

/**
 * A user's strict project: strict, exactOptionalPropertyTypes, NodeNext, and noUncheckedIndexedAccess as the
 * consumer's other tsconfigs (a destructured array element may be undefined). It emits JavaScript next to the checking,
 * for the blocks that run.
 */
const DOCS_TSCONFIG = {
  compilerOptions: {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    // msw's types need the DOM's (Request, MessageEvent...), as its docs say.
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: ['node'],
    skipLibCheck: true,
    rootDir: DOCS_DIR,
    outDir: DOCS_OUT_DIR,
  },
  include: [`${DOCS_DIR}/*.ts`],
};

export const DOC_RUNNER_FILE = 'doc-runner.mjs';
/** What REFUSED lines on stderr start with. */
export const REFUSED = '[doc-runner] REFUSED';

/**
 * What a runnable block runs under (`node --import ./doc-runner.mjs`): requests to the public catalog go to the
 * embedded server at PYXIS_DOC_SERVER instead, and no socket connects beyond loopback. The client sends through
 * its own undici Agent, so the Agent's `dispatch` is where the endpoint is swapped; a refused connection is told on
 * stderr with REFUSED, which the test looks for.
 */
const DOC_RUNNER = `
import { createRequire } from 'node:module';
import net from 'node:net';

const REFUSED = '${REFUSED}';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const PUBLIC_ORIGIN = 'https://catalog.redhat.com';
const server = process.env.PYXIS_DOC_SERVER ? new URL(process.env.PYXIS_DOC_SERVER).origin : undefined;

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  const host = options.path === undefined ? (typeof options.host === 'string' ? options.host : 'localhost') : undefined;
  if (host !== undefined && !LOOPBACK.has(host)) {
    process.stderr.write(\`\${REFUSED} a connection to \${host}\\n\`);
    process.nextTick(() => this.destroy(new Error(\`\${REFUSED} a connection to \${host}: doc examples stay on loopback\`)));
    return this;
  }
  return connect.apply(this, args);
};

if (server) {
  // The undici the installed package imports, whichever copy that is.
  const { Agent } = createRequire(import.meta.resolve('pyxis-gql'))('undici');
  const dispatch = Agent.prototype.dispatch;
  Agent.prototype.dispatch = function (options, handler) {
    const origin = new URL(String(options.origin)).origin;
    return dispatch.call(this, origin === PUBLIC_ORIGIN ? { ...options, origin: server } : options, handler);
  };
}
`;

/** A script that proves the runner's two parts: the default URL reaches the embedded server, other hosts nothing. */
export const DOC_RUNNER_CHECK_FILE = 'doc-runner-check.mjs';
const DOC_RUNNER_CHECK = `
import { PyxisClient } from 'pyxis-gql';
console.log(JSON.stringify(await new PyxisClient({ retries: 0 }).ping()));
const elsewhere = new PyxisClient({ url: 'https://pyxis.example.com/graphql', retries: 0 });
console.log(await elsewhere.ping().then(() => 'answered', (error) => error.name));
`;

/** Writes the modules into the consumer's docs/, with the tsconfig that checks them and the runner's preload. */
export function writeDocModules(consumer: string, modules: readonly DocModule[]): void {
  for (const dir of [DOCS_DIR, DOCS_OUT_DIR]) rmSync(join(consumer, dir), { recursive: true, force: true });
  mkdirSync(join(consumer, DOCS_DIR), { recursive: true });
  for (const module of modules) writeFileSync(join(consumer, DOCS_DIR, module.file), module.code);
  writeFileSync(join(consumer, 'tsconfig.docs.json'), JSON.stringify(DOCS_TSCONFIG, null, 2));
  writeFileSync(join(consumer, DOC_RUNNER_FILE), DOC_RUNNER);
  writeFileSync(join(consumer, DOC_RUNNER_CHECK_FILE), DOC_RUNNER_CHECK);
}

/**
 * Runs the consumer's tsc over the modules (emitting them), and resolves to its complaints as `page:line: TSnnnn
 * message`, the lines counted in the pages; none when every block compiles.
 */
export async function typecheckDocModules(
  consumer: string,
  modules: readonly DocModule[],
): Promise<string[]> {
  const tsc = join(consumer, 'node_modules/typescript/bin/tsc');
  const output = await exec('node', [tsc, '-p', 'tsconfig.docs.json', '--pretty', 'false'], {
    cwd: consumer,
  }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  const byFile = new Map(modules.map((module) => [`${DOCS_DIR}/${module.file}`, module]));
  const problems: string[] = [];
  for (const line of output.split('\n')) {
    const diagnostic = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
    if (diagnostic) {
      const [, file, at, code, message] = diagnostic as unknown as [string, string, string, string, string];
      const module = byFile.get(file);
      problems.push(`${module ? module.origin(Number(at)) : `${file}:${at}`}: ${code} ${message}`);
    } else if (line.trim() && problems.length > 0) {
      problems[problems.length - 1] += `\n${line}`;
    } else if (line.trim()) {
      problems.push(line);
    }
  }
  return problems;
}

/** The repositories the examples look up (some others, e.g. `ubi9-minimal`, are missing on purpose). */
const DOCS_REPOSITORIES = ['ubi8', 'ubi9', 'ubi9/ubi', 'ubi9/ubi-minimal', 'rhel9/nginx-124'];
/** The build the examples look images up by. */
const DOCS_NVR = 'ubi9-container-9.4-1123';

/**
 * A generated dataset, plus the public catalog's names the examples use: copies of generated records renamed, so
 * that the examples find what they look for, as they would on the public catalog.
 */
export function docsDataset(): PyxisDataset {
  const generated = createDataset({ seed: 1, repositories: 50 });
  const named = DOCS_REPOSITORIES.map((repository, index) => ({
    ...(generated.repositories[index] as (typeof generated.repositories)[number]),
    _id: `docs-${index}`,
    registry: 'registry.access.redhat.com',
    repository,
    published: true,
  }));
  const build = generated.images[0]?.brew.build;
  const images = generated.images
    .filter((image) => image.brew.build === build)
    .map((image) => ({ ...image, _id: `docs-${image._id}`, brew: { ...image.brew, build: DOCS_NVR } }));
  return new PyxisDataset({
    repositories: [...generated.repositories, ...named],
    images: [...generated.images, ...images],
  });
}

export interface DocRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one module in the consumer project, its requests to the public catalog sent to `serverUrl`. */
export function runDocModule(consumer: string, module: DocModule, serverUrl: string): Promise<DocRun> {
  if (!module.run) throw new Error(`${module.file} is a fragment: it is typechecked, not run`);
  return runUnderDocRunner(
    consumer,
    module.run === 'vitest'
      ? [join(consumer, 'node_modules/vitest/vitest.mjs'), 'run', `${DOCS_DIR}/${module.file}`]
      : [join(DOCS_OUT_DIR, module.file.replace(/\.ts$/, '.js'))],
    serverUrl,
  );
}

/** Runs `node ...args` in the consumer project under the doc runner's preload. */
export function runUnderDocRunner(consumer: string, args: string[], serverUrl: string): Promise<DocRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYXIS_DOC_SERVER: serverUrl,
    NODE_OPTIONS: `--import ./${DOC_RUNNER_FILE}`,
  };
  // The project's own vitest run sets these; the consumer's vitest must not inherit them.
  for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'TEST') delete env[name];
  return new Promise((resolve) => {
    execFile('node', args, { cwd: consumer, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
