// The TypeScript of docs/testing.md and docs/loaders.md compiles as a user's strict project would compile it
// (exactOptionalPropertyTypes and NodeNext included), against the sources. test/testing/docs-example.test.ts runs
// testing.md's first example.
import { expect, it } from 'vitest';
import { typecheckBlocks, typeScriptBlocks } from '../helpers/doc-blocks.js';

const PAGES = ['docs/testing.md', 'docs/loaders.md'];

/** A block that must fail, compiled with the pages (one program is built once): the check can fail. */
const BROKEN = {
  page: 'docs/broken.md',
  line: 10,
  code: "import { aContainerRepository } from 'pyxis-gql/testing';\nconst r: string | undefined = undefined;\naContainerRepository({ repository: r });\n",
};

it(`typechecks every TypeScript block of ${PAGES.join(', ')} under strict + exactOptionalPropertyTypes`, () => {
  const blocks = PAGES.flatMap((page) => typeScriptBlocks(page));
  for (const page of PAGES) expect(blocks.some((block) => block.page === page)).toBe(true);
  const problems = typecheckBlocks([...blocks, BROKEN]);
  // The broken block is reported at its line in its page, and nothing else is.
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^docs\/broken\.md:13: TS2379 /);
}, 120_000);
