// The consumer project's own files: scripts that import and run the installed package, a file that uses every
// part of its API (typechecked, not run), one whose hovers are read, and the tsconfigs it is checked under.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeConsumerFiles(dir: string): void {
  const files: Record<string, string> = {
    'imports.mjs': `
import { readFileSync } from 'node:fs';
const manifest = JSON.parse(readFileSync(new URL('./node_modules/pyxis-gql/package.json', import.meta.url), 'utf8'));
const exported = {};
for (const entry of Object.keys(manifest.exports)) {
  const specifier = entry === '.' ? 'pyxis-gql' : \`pyxis-gql/\${entry.slice(2)}\`;
  const module = entry.endsWith('.json')
    ? await import(specifier, { with: { type: 'json' } })
    : await import(specifier);
  exported[entry] = Object.keys(module).sort();
}
console.log(JSON.stringify(exported));
`,
    'lookups.mjs': `
import { gather, PyxisClient } from 'pyxis-gql';
import { startPyxisServer } from 'pyxis-gql/server';
const server = await startPyxisServer({ dataset: { repositories: 20 } });
const pyxis = new PyxisClient({ url: server.url, batch: true });
try {
  const paths = server.dataset.repositoryPaths().slice(0, 5);
  const found = await gather(paths.map((path) => (signal) => pyxis.getRepositoryByPath(path, { signal })), {
    concurrency: 2,
  });
  const missing = await pyxis.getRepositoryByPath({ registry: 'registry.access.redhat.com', repository: 'no/such' });
  console.log(JSON.stringify({ found: found.map((repo) => repo?.repository), expected: paths.map((path) => path.repository), missing }));
} finally {
  await pyxis.close();
  await server.close();
}
`,
    'consumer.ts': `
import Fastify from 'fastify';
import { setupServer } from 'msw/node';
import {
  type AsyncJob,
  asCompleted,
  type BatchJob,
  gather,
  PyxisClient,
  type PyxisImage,
  type PyxisRepository,
  PyxisRequestError,
  run,
  SKIP,
} from 'pyxis-gql';
import pyxisScheduler, { atomic, getScheduler, spawn } from 'pyxis-gql/fastify';
import { startPyxisServer } from 'pyxis-gql/server';
import { aContainerRepository, createPyxisHandlers, mockGetRepositoryByPath, notFound } from 'pyxis-gql/testing';

const path = { registry: 'registry.access.redhat.com', repository: 'ubi9' };

export async function lookups(url: string): Promise<number> {
  const pyxis = new PyxisClient({ url, batch: true, timeout: 5000, retries: 2 });
  const repo: PyxisRepository | null = await pyxis.getRepositoryByPath(path, { deadline: 10_000 });
  const tags: (string | null)[] | null | undefined = repo?.auto_rebuild_tags;
  const images: PyxisImage[] = await pyxis.findImagesByNvr('ubi9-container-9.4-1123', { includeRpms: false });
  const [pong, sameName] = await gather(
    [() => pyxis.ping(), (signal: AbortSignal) => pyxis.findRepositoriesByRepositoryName('ubi9', { signal })],
    { concurrency: 2 },
  );
  let seen = 0;
  for await (const found of asCompleted(
    ['ubi8', 'ubi9'].map((repository) => (signal: AbortSignal) =>
      pyxis.getRepositoryByPath({ ...path, repository }, { signal }).then((r) => r ?? SKIP),
    ),
    { concurrency: 4 },
  )) {
    seen += found.published ? 1 : 0;
  }
  const answer = await pyxis.request<{ get_ping: string | null }>('{ get_ping }');
  try {
    await pyxis.findImagesByNames(['x']);
  } catch (error) {
    if (error instanceof PyxisRequestError) seen += error.status ?? 0;
  }

  const jobs = pyxis.beginAsyncExecution();
  const job: AsyncJob<PyxisRepository | null> = jobs.getRepositoryByPath(path);
  const status: 'pending' | 'done' | 'cancelled' = await job.status();
  const later: PyxisRepository | null = await job.wait();

  const batch = pyxis.beginBatchExecution();
  const queued: BatchJob<PyxisImage[]> = batch.findImagesByNames(['ubi9-container']);
  const committed: BatchJob<unknown>[] = await batch.commit();
  const batched: PyxisImage[] = await queued.result();
  await pyxis.close();
  return [tags, images, pong, sameName, answer, status, later, committed, batched].length + seen;
}

export function mocked(): void {
  const server = setupServer(
    mockGetRepositoryByPath((variables) =>
      variables.repository === 'gone' ? notFound() : aContainerRepository({ repository: variables.repository ?? 'x' }),
    ),
    ...createPyxisHandlers({ dataset: { repositories: 10 } }),
  );
  server.listen({ onUnhandledRequest: 'error' });
  server.close();
}

export async function web(): Promise<void> {
  const app = Fastify();
  await app.register(pyxisScheduler, { limit: 10 });
  app.get(
    '/ping',
    atomic(async (_request, _reply, signal) => new PyxisClient().ping({ signal })),
  );
  app.get('/jobs', async (request) => {
    await spawn(request, async () => 'background');
    return { active: getScheduler(request).activeCount };
  });
  await app.close();
}

await run(async (signal) => {
  const server = await startPyxisServer({ dataset: { repositories: 10 } });
  signal.throwIfAborted();
  await lookups(server.url);
  await server.close();
});
`,
    'hover.ts': `
import { PyxisClient } from 'pyxis-gql';
import 'pyxis-gql/fastify';
import 'pyxis-gql/bullmq';
import 'pyxis-gql/server';
import { aContainerImage, aContainerRepository } from 'pyxis-gql/testing';

const pyxis = new PyxisClient();
const path = { registry: 'registry.access.redhat.com', repository: 'ubi9' };
export const repository = pyxis.getRepositoryByPath(path);
export const images = pyxis.findImagesByNames(['ubi9-container']);
export const asyncJob = pyxis.beginAsyncExecution().getRepositoryByPath(path);
export const batchJob = pyxis.beginBatchExecution().findImagesByNvr('ubi9-container-9.4-1123');
export const fixture = aContainerRepository();
export const imageFixture = aContainerImage();
export const jobs = await pyxis.batch((batch) => batch.ping());
`,
  };
  const compilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    target: 'ES2022',
    // msw's types need the DOM's (Request, MessageEvent...), as its docs say.
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: ['node'],
    noEmit: true,
    // As most projects do; the package's own .d.ts files are checked by the test, with the language service.
    skipLibCheck: true,
  };
  const configs = {
    'tsconfig.nodenext.json': { module: 'NodeNext', moduleResolution: 'NodeNext' },
    'tsconfig.bundler.json': { module: 'ESNext', moduleResolution: 'Bundler' },
  };
  for (const [name, resolution] of Object.entries(configs)) {
    files[name] = JSON.stringify({
      compilerOptions: { ...compilerOptions, ...resolution },
      files: ['consumer.ts', 'hover.ts'],
    });
  }
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}
