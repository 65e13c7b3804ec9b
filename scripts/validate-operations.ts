// Validates every operation we ship against a Pyxis schema: our subset in schema/, or the full public one.
// `tsx scripts/validate-operations.ts [schema.graphql]` exits 1 and lists the problems when any operation fails.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse, validate } from 'graphql';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every operation and fragment we ship, as one document (fragments are shared between files). */
export function readOperations(): string {
  const folder = join(root, 'src/operations');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(join(folder, name), 'utf8'))
    .join('\n');
}

/** The problems found, as messages; empty when every operation validates. */
export function validateOperations(schemaPath: string): string[] {
  const schema = buildSchema(readFileSync(schemaPath, 'utf8'));
  return validate(schema, parse(readOperations())).map((error) => error.message);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const schemaPath = process.argv[2] ?? join(root, 'schema/pyxis.graphql');
  const problems = validateOperations(schemaPath);
  for (const problem of problems) console.error(`- ${problem}`);
  console.log(`${problems.length === 0 ? 'ok' : 'FAILED'}: operations against ${schemaPath}`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
