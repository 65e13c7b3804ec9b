import { existsSync, readFileSync } from 'node:fs';
import {
  buildSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isObjectType,
} from 'graphql';
import { describe, expect, test } from 'vitest';
import { validateOperations } from '../../scripts/validate-operations.js';

const subsetPath = new URL('../../schema/pyxis.graphql', import.meta.url);
const referencePath = new URL('../../../shared/reference/pyxis.graphql', import.meta.url);
const hasReference = existsSync(referencePath);

/** Input types and fields the live service accepts but the reference snapshot lacks (documented in the schema). */
const DEVIATIONS = new Set([
  'ContainerImageFilter.rpm_manifest',
  'ContainerImageRPMManifestFilter',
  'RpmsItemsFilter',
]);

function describeArgs(args: readonly GraphQLArgument[]): string {
  return args
    .map((arg) => `${arg.name}: ${String(arg.type)} = ${JSON.stringify(arg.defaultValue)}`)
    .join(', ');
}

function fieldsOf(type: GraphQLNamedType): Map<string, string> {
  const fields = new Map<string, string>();
  if (isObjectType(type)) {
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      fields.set(field.name, `(${describeArgs(field.args)}): ${String(field.type)}`);
    }
  } else if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields()) as GraphQLInputField[]) {
      fields.set(field.name, String(field.type));
    }
  } else if (isEnumType(type)) {
    for (const value of type.getValues()) fields.set(value.name, 'enum value');
  }
  return fields;
}

function ownTypes(schema: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__'));
}

describe('schema/pyxis.graphql', () => {
  test('every operation we ship validates against our subset', () => {
    expect(validateOperations(subsetPath.pathname)).toEqual([]);
  });

  test.runIf(hasReference)('every operation we ship validates against the public reference schema', () => {
    expect(validateOperations(referencePath.pathname)).toEqual([]);
  });

  test.runIf(hasReference)('names, argument lists and types match the reference exactly', () => {
    const subset = buildSchema(readFileSync(subsetPath, 'utf8'));
    const reference = buildSchema(readFileSync(referencePath, 'utf8'));
    const mismatches: string[] = [];
    for (const type of ownTypes(subset)) {
      if (DEVIATIONS.has(type.name)) continue;
      const twin = reference.getType(type.name);
      if (!twin || twin.constructor !== type.constructor) {
        mismatches.push(`${type.name}: missing from the reference, or of another kind`);
        continue;
      }
      const referenceFields = fieldsOf(twin);
      for (const [name, signature] of fieldsOf(type)) {
        if (DEVIATIONS.has(`${type.name}.${name}`)) continue;
        const expected = referenceFields.get(name);
        if (expected !== signature)
          mismatches.push(`${type.name}.${name}: ours ${signature}, reference ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('the documented deviations are really absent from the reference (or the list is stale)', () => {
    if (!hasReference) return;
    const reference = buildSchema(readFileSync(referencePath, 'utf8'));
    const imageFilter = reference.getType('ContainerImageFilter');
    expect(imageFilter && isInputObjectType(imageFilter) && imageFilter.getFields().rpm_manifest).toBeFalsy();
  });
});
