// docs/testing.md's TypeScript compiles as a user's strict project would compile it (exactOptionalPropertyTypes
// and NodeNext included), against the sources. test/testing/docs-example.test.ts runs its first example.
import { expect, it } from 'vitest';
import { typecheckBlocks, typeScriptBlocks } from '../helpers/doc-blocks.js';

it('typechecks every TypeScript block of docs/testing.md under strict + exactOptionalPropertyTypes', () => {
  const blocks = typeScriptBlocks('docs/testing.md');
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  expect(typecheckBlocks(blocks)).toEqual([]);
}, 120_000);

it('reports a block that does not compile, at its line in the page', () => {
  const problems = typecheckBlocks([
    {
      page: 'docs/example.md',
      line: 10,
      code: "import { aContainerRepository } from 'pyxis-gql/testing';\nconst r: string | undefined = undefined;\naContainerRepository({ repository: r });\n",
    },
  ]);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatch(/^docs\/example\.md:13: TS2379 /);
}, 120_000);
