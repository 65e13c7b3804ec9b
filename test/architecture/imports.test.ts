// The import rules of docs/architecture.md, enforced: which folder of src/ may import which, and no import cycle
// at all, type-only ones included. The table below is the one the document shows; a test pins the two together.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { type FolderRules, forbiddenImports, importCycles, importGraph } from './imports.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Each folder of src/, and the folders it may import (besides itself). `index` is src/index.ts. */
const FOLDER_RULES: FolderRules = {
  // At the bottom: used by everything, knowing nothing of Pyxis.
  shared: [],
  errors: [],
  generated: [],
  operations: [],
  // Beside the data path: general-purpose, nothing of Pyxis.
  scheduler: ['shared'],
  fanout: ['shared'],
  run: ['shared'],
  // The data path, top to bottom: each folder may import those below it.
  transport: ['errors', 'shared'],
  execution: ['transport', 'scheduler', 'errors', 'shared'],
  pyxis: ['execution', 'transport', 'generated', 'errors', 'shared'],
  // Beside the data path: what observes it (the transport's observer, the call spans).
  telemetry: ['execution', 'transport', 'shared'],
  client: ['pyxis', 'execution', 'transport', 'telemetry', 'scheduler', 'errors', 'shared'],
  // On top.
  index: [
    'client',
    'pyxis',
    'execution',
    'transport',
    'telemetry',
    'errors',
    'fanout',
    'scheduler',
    'run',
    'shared',
  ],
  server: ['shared'],
  testing: ['server', 'client', 'pyxis', 'execution', 'transport', 'generated', 'errors', 'shared'],
  cli: ['index', 'bullmq', 'server', 'fanout', 'run', 'errors', 'shared'],
  fastify: ['scheduler', 'shared'],
  bullmq: ['client', 'pyxis', 'execution', 'transport', 'fanout', 'errors', 'shared'],
};

describe('the import rules of src/', () => {
  const edges = importGraph(root);

  test('every import goes where the table allows', () => {
    expect(edges.length).toBeGreaterThan(100); // the graph was read at all
    expect(forbiddenImports(edges, FOLDER_RULES)).toEqual([]);
  });

  test('no import cycle, not even a type-only one', () => {
    expect(importCycles(edges)).toEqual([]);
  });

  test('every folder of src/ is in the table', () => {
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.filter((folder) => !(folder in FOLDER_RULES))).toEqual([]);
  });

  test('docs/architecture.md shows the same table', () => {
    const text = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
    const documented: Record<string, string[]> = {};
    for (const match of text.matchAll(/^\| `(\w+)` \| ([^|]*) \|/gm)) {
      documented[match[1] as string] = [...(match[2] as string).matchAll(/`(\w+)`/g)].map(
        (m) => m[1] as string,
      );
    }
    const sorted = (rules: FolderRules) =>
      Object.fromEntries(Object.entries(rules).map(([folder, allowed]) => [folder, [...allowed].sort()]));
    expect(sorted(documented)).toEqual(sorted(FOLDER_RULES));
  });
});

describe('the check itself', () => {
  const fixture = mkdtempSync(join(tmpdir(), 'pyxis-imports-'));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), text);
  };
  write(
    'src/transport/send.ts',
    "import type { Lookup } from '../execution/lookup.js';\nexport type S = Lookup;\n",
  );
  write('src/execution/lookup.ts', "import type { Job } from './job.js';\nexport type Lookup = Job;\n");
  write('src/execution/job.ts', "export type Job = import('./lookup.js').Lookup;\n");
  write('src/shared/ok.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n");
  write('src/fanout/leak.ts', "export { PyxisClient } from '../client/index.js';\n");
  write(
    'src/client/index.ts',
    "export class PyxisClient {}\nexport const late = () => import('../cli/main.js');\n",
  );
  const edges = importGraph(fixture);

  test('a forbidden import is reported, type-only, re-exported or dynamic', () => {
    expect(forbiddenImports(edges, FOLDER_RULES)).toEqual([
      'src/client/index.ts -> src/cli/main.ts ("client" may not import "cli")',
      'src/fanout/leak.ts -> src/client/index.ts ("fanout" may not import "client")',
      'src/transport/send.ts -> src/execution/lookup.ts ("transport" may not import "execution")',
    ]);
  });

  test('a type-only cycle is reported (through `import()` types too)', () => {
    expect(importCycles(edges)).toEqual([['src/execution/job.ts', 'src/execution/lookup.ts']]);
  });

  test('a folder missing from the table is reported', () => {
    write('src/extra/thing.ts', "export { read } from '../shared/ok.js';\n");
    expect(forbiddenImports(importGraph(fixture), FOLDER_RULES)).toContain(
      'src/extra/thing.ts: folder "extra" is not in the table',
    );
  });
});
