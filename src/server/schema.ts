// The GraphQL schema the embedded Pyxis executes against: exactly the package's `schema/pyxis.graphql`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { GraphQLSchema } from 'graphql';

/**
 * The engine's graphql-js: the CommonJS build, which graphql-jit (a CommonJS package) loads too. Where an ES import
 * of 'graphql' resolves to its `.mjs` build instead (Vite, so Vitest, and bundlers do), a schema made by one copy
 * would be refused by the other.
 */
export const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/**
 * Both `src/server/schema.ts` (tests) and `dist/server/schema.js` (the published package, which ships `schema/`)
 * sit two levels below the package root.
 */
const SCHEMA_URL = new URL('../../schema/pyxis.graphql', import.meta.url);

export function loadPyxisSchema(): GraphQLSchema {
  return graphql.buildSchema(readFileSync(SCHEMA_URL, 'utf8'));
}
