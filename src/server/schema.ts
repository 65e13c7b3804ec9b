// The GraphQL schema the embedded Pyxis executes against: exactly the package's `schema/pyxis.graphql`.
import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * Both `src/server/schema.ts` (tests) and `dist/server/schema.js` (the published package, which ships `schema/`)
 * sit two levels below the package root.
 */
const SCHEMA_URL = new URL('../../schema/pyxis.graphql', import.meta.url);

export function loadPyxisSchema(): GraphQLSchema {
  return buildSchema(readFileSync(SCHEMA_URL, 'utf8'));
}
