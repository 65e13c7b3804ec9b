// How the documentation's TypeScript blocks are read: test/package/install.test.ts typechecks them in a consumer
// project with the package installed, and runs those that are not fragments against the embedded server.
import { expect, it } from 'vitest';
import { docModules, documentationPages, FRAGMENT_MARKER, typeScriptBlocks } from '../helpers/doc-blocks.js';

const PAGE = [
  '# A page',
  '```ts',
  "import { PyxisClient } from 'pyxis-gql';",
  'const pyxis = new PyxisClient();',
  '```',
  '',
  FRAGMENT_MARKER,
  '',
  '```ts',
  'await pyxis.ping();',
  '```',
  '- a list item:',
  '',
  `  ${FRAGMENT_MARKER}`,
  '  ```typescript',
  '  if (pyxis) {',
  '    await pyxis.close();',
  '  }',
  '  ```',
  '```sh',
  'npm test',
  '```',
  '```ts',
  "import { test } from 'vitest';",
  '```',
].join('\n');

it('reads every ```ts block, indented ones too, with its line and its fragment marker', () => {
  const blocks = typeScriptBlocks('docs/page.md', PAGE);
  expect(blocks.map(({ line, fragment }) => ({ line, fragment }))).toEqual([
    { line: 2, fragment: false },
    { line: 9, fragment: true },
    { line: 15, fragment: true },
    { line: 23, fragment: false },
  ]);
  expect(blocks[2]?.code).toBe('if (pyxis) {\n  await pyxis.close();\n}\n');
});

it('compiles a fragment after the blocks since the last whole example, and runs only whole examples', () => {
  const modules = docModules(typeScriptBlocks('docs/page.md', PAGE));
  expect(modules.map(({ file, run }) => ({ file, run }))).toEqual([
    { file: 'docs-page.md-L2.ts', run: 'script' },
    { file: 'docs-page.md-L9.ts', run: false },
    { file: 'docs-page.md-L15.ts', run: false },
    { file: 'docs-page.md-L23.test.ts', run: 'vitest' },
  ]);
  const last = modules[2];
  expect(last?.code).toBe(
    "import { PyxisClient } from 'pyxis-gql';\nconst pyxis = new PyxisClient();\nawait pyxis.ping();\nif (pyxis) {\n  await pyxis.close();\n}\n",
  );
  // Each line of the module is traced back to its page line, for the compiler's complaints.
  expect([1, 2, 3, 4, 5].map((line) => last?.origin(line))).toEqual([
    'docs/page.md:3',
    'docs/page.md:4',
    'docs/page.md:10',
    'docs/page.md:16',
    'docs/page.md:17',
  ]);
});

it('reads what a block claims to print from its `// → text` comments', () => {
  const [module] = docModules(
    typeScriptBlocks(
      'docs/page.md',
      "```ts\nconsole.log(1); // → 1\n// not a claim\nconsole.log('a b');\n// → a b \n```\n",
    ),
  );
  expect(module?.prints).toEqual(['1', 'a b']);
});

it('refuses a fragment with no example before it on its page, and a block never closed', () => {
  const lone = typeScriptBlocks('docs/a.md', `${FRAGMENT_MARKER}\n\`\`\`ts\nx;\n\`\`\`\n`);
  expect(() => docModules(lone)).toThrow('docs/a.md:2: a fragment with no example before it');
  // Not even after another page's example.
  const pages = [...typeScriptBlocks('docs/other.md', PAGE), ...lone];
  expect(() => docModules(pages)).toThrow('docs/a.md:2: a fragment with no example before it');
  expect(() => typeScriptBlocks('docs/b.md', '```ts\nx;\n')).toThrow(
    'docs/b.md:1: the block is never closed',
  );
});

it('finds blocks on README.md and on the pages of docs/', () => {
  const pages = documentationPages();
  expect(pages[0]).toBe('README.md');
  expect(pages).toEqual(expect.arrayContaining(['docs/client.md', 'docs/fanout.md', 'docs/testing.md']));
  const modules = docModules(pages.flatMap((page) => typeScriptBlocks(page)));
  expect(modules.length).toBeGreaterThan(25);
  expect(modules.filter((module) => module.run === 'vitest').length).toBeGreaterThan(0);
});
