// Pyxis filters (`ContainerImageFilter`, `ContainerRepositoryFilter`, ...) evaluated with the MongoDB semantics
// Pyxis translates them to, compiled once per request into a predicate that runs over every candidate document.
//
// - A field condition is either operators (`{ eq, ne, in, out, all, regex, iregex, lt, le, gt, ge }`) or a nested
//   filter (`brew: { build: { in } }`), which stands for dotted paths (`brew.build`).
// - A path reaches every element of the lists it crosses, and a condition holds when any reached value satisfies
//   it (`repositories: { repository: { eq } }` matches an image with that repository among its repositories).
//   Two conditions of one nested filter may be satisfied by different elements.
// - `<field>_elemMatch: filter` holds when one element of the list satisfies the whole filter.
// - `and` / `or` / `nor` / `not` combine filters at any level.
// - A negative operator (`ne`, `out`) holds when no reached value matches, also when the field is missing.
// - Keys the evaluator does not know are read as fields: a field the data lacks reaches no value.
import { describe } from '../shared/options.js';

/** A compiled filter: does this document match? */
export type DocumentPredicate = (document: unknown) => boolean;

/** A filter the service cannot evaluate (e.g. an invalid regular expression); Pyxis answers it with status 400. */
export class FilterError extends Error {
  override name = 'FilterError';
}

export interface CompileOptions {
  /**
   * Filter fields stored elsewhere in the document, by top-level filter field: e.g. an image's `rpm_manifest`
   * filter applies to `edges.rpm_manifest.data`.
   */
  paths?: Readonly<Record<string, readonly string[]>>;
}

type Values = readonly unknown[];
type ValuesTest = (values: Values) => boolean;

const LOGICAL_KEYS = new Set(['and', 'or', 'nor', 'not']);
const OPERATOR_KEYS = new Set(['eq', 'ne', 'in', 'out', 'all', 'regex', 'iregex', 'lt', 'le', 'gt', 'ge']);
const ELEM_MATCH_SUFFIX = '_elemMatch';
const MATCH_ALL: DocumentPredicate = () => true;

/** Compiles a filter; `null` or `undefined` matches everything. Throws FilterError for a filter it cannot run. */
export function compileFilter(filter: unknown, options: CompileOptions = {}): DocumentPredicate {
  if (filter === null || filter === undefined) return MATCH_ALL;
  return compileObject(filter, [], options.paths ?? {});
}

/**
 * A filter object, whose fields are read below `prefix` in the document; `paths` renames top-level fields and is
 * empty below the top level.
 */
function compileObject(
  filter: unknown,
  prefix: readonly string[],
  paths: Readonly<Record<string, readonly string[]>>,
): DocumentPredicate {
  if (!isRecord(filter)) throw new FilterError(`a filter must be an object, got ${describe(filter)}`);
  const parts: DocumentPredicate[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    // GraphQL passes an explicit `null` for an input field the caller set to null: it sets no condition.
    if (condition === null || condition === undefined) continue;
    if (LOGICAL_KEYS.has(key)) {
      parts.push(compileLogical(key, condition, prefix, paths));
      continue;
    }
    if (key.endsWith(ELEM_MATCH_SUFFIX)) {
      const path = [...prefix, ...fieldPath(key.slice(0, -ELEM_MATCH_SUFFIX.length), prefix, paths)];
      // The element becomes the document its filter reads, so paths restart from it.
      const element = compileObject(condition, [], {});
      parts.push((document) => reach(document, path).some((value) => isRecord(value) && element(value)));
      continue;
    }
    const path = [...prefix, ...fieldPath(key, prefix, paths)];
    if (isRecord(condition) && Object.keys(condition).some((name) => OPERATOR_KEYS.has(name))) {
      const test = compileOperators(condition, key);
      parts.push((document) => test(reach(document, path)));
    } else {
      parts.push(compileObject(condition, path, {}));
    }
  }
  return all(parts);
}

function compileLogical(
  key: string,
  condition: unknown,
  prefix: readonly string[],
  paths: Readonly<Record<string, readonly string[]>>,
): DocumentPredicate {
  if (key === 'not') {
    const inner = compileObject(condition, prefix, paths);
    return (document) => !inner(document);
  }
  if (!Array.isArray(condition)) throw new FilterError(`"${key}" must be a list of filters`);
  const inner = condition
    .filter((item) => item !== null && item !== undefined)
    .map((item) => compileObject(item, prefix, paths));
  if (key === 'and') return all(inner);
  if (key === 'or') return (document) => inner.some((predicate) => predicate(document));
  return (document) => !inner.some((predicate) => predicate(document));
}

function fieldPath(
  key: string,
  prefix: readonly string[],
  paths: Readonly<Record<string, readonly string[]>>,
): readonly string[] {
  return (prefix.length === 0 ? paths[key] : undefined) ?? [key];
}

function compileOperators(condition: Record<string, unknown>, field: string): ValuesTest {
  const tests: ValuesTest[] = [];
  for (const [operator, operand] of Object.entries(condition)) {
    if (operand === undefined) continue;
    const test = compileOperator(operator, operand, field);
    if (test) tests.push(test);
  }
  return (values) => tests.every((test) => test(values));
}

function compileOperator(operator: string, operand: unknown, field: string): ValuesTest | undefined {
  switch (operator) {
    case 'eq':
      // As in MongoDB, `eq: null` matches a missing or null field.
      return operand === null ? (values) => values.length === 0 || values.includes(null) : has(operand);
    case 'ne': {
      const test = compileOperator('eq', operand, field) as ValuesTest;
      return (values) => !test(values);
    }
    case 'in': {
      const set = new Set(listOperand(operator, operand, field));
      return (values) => (set.has(null) && values.length === 0) || values.some((value) => set.has(value));
    }
    case 'out': {
      const test = compileOperator('in', operand, field) as ValuesTest;
      return (values) => !test(values);
    }
    case 'all': {
      const wanted = listOperand(operator, operand, field);
      // MongoDB's `$all: []` matches nothing.
      return (values) => wanted.length > 0 && wanted.every((item) => values.includes(item));
    }
    case 'regex':
    case 'iregex': {
      const pattern = regexOperand(operator, operand, field);
      return (values) => values.some((value) => typeof value === 'string' && pattern.test(value));
    }
    case 'lt':
      return compare(operand, (order) => order < 0);
    case 'le':
      return compare(operand, (order) => order <= 0);
    case 'gt':
      return compare(operand, (order) => order > 0);
    case 'ge':
      return compare(operand, (order) => order >= 0);
    default:
      // Not an operator (a field beside operators): nothing to test.
      return undefined;
  }
}

function has(operand: unknown): ValuesTest {
  return (values) => values.includes(operand);
}

function compare(operand: unknown, accept: (order: number) => boolean): ValuesTest {
  return (values) =>
    values.some(
      (value) =>
        typeof value === typeof operand &&
        (typeof value === 'string' || typeof value === 'number') &&
        accept(value < (operand as typeof value) ? -1 : value > (operand as typeof value) ? 1 : 0),
    );
}

function listOperand(operator: string, operand: unknown, field: string): unknown[] {
  if (!Array.isArray(operand)) throw new FilterError(`"${field}.${operator}" must be a list`);
  return operand;
}

function regexOperand(operator: string, operand: unknown, field: string): RegExp {
  if (typeof operand !== 'string') throw new FilterError(`"${field}.${operator}" must be a string`);
  try {
    return new RegExp(operand, operator === 'iregex' ? 'i' : '');
  } catch (error) {
    throw new FilterError(
      `"${field}.${operator}" is not a valid regular expression: ${(error as Error).message}`,
    );
  }
}

/** Every value at `path`, stepping into each element of the lists on the way (MongoDB's dotted paths). */
export function reach(document: unknown, path: readonly string[]): Values {
  let current: unknown[] = [document];
  for (const key of path) {
    const next: unknown[] = [];
    for (const item of current) {
      if (!isRecord(item)) continue;
      const value = item[key];
      if (Array.isArray(value)) {
        for (const element of value) next.push(element);
      } else if (value !== undefined) {
        next.push(value);
      }
    }
    current = next;
  }
  return current;
}

function all(parts: readonly DocumentPredicate[]): DocumentPredicate {
  if (parts.length === 0) return MATCH_ALL;
  if (parts.length === 1) return parts[0] as DocumentPredicate;
  return (document) => parts.every((predicate) => predicate(document));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
