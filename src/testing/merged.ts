// Per-operation mocks inside merged documents. An auto-batching client (or a batch context) sends many lookups as
// one `PyxisBatch` document, with each lookup's root field aliased `b<i>_...` and its variables prefixed alike.
// MSW lets one handler answer a request, so the mocks answer such a document field by field: each mock, newest
// first, works out the answers to the lookups of its operation and leaves them here under the request's id; the
// handler that finally answers (the mock that completes the document, or `createPyxisHandlers`) executes the whole
// document with those answers in place of the dataset's.

import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { parseMergedName, splitMergedVariables } from '../execution/index.js';
import type { RootFieldName, RootOverrides } from '../server/index.js';
import { lruCache } from '../shared/lru.js';
import type { Variables } from '../transport/index.js';

/** One lookup of a merged document: its root fields (response key and field name) and its own variables. */
export interface MergedPart {
  index: number;
  rootFields: Array<{ responseKey: string; field: string }>;
  variables: Variables;
}

/** A root field a mock has answered: the value stands in for the field's resolver. */
interface Answer {
  field: RootFieldName;
  value: unknown;
}

/**
 * Answers left by mocks, by MSW's request id. An entry lives from the first mock that answers part of a request to
 * the handler that answers the request; a request no handler answers (MSW's `onUnhandledRequest` then reports it)
 * leaves its entry behind, so the least recently used entries are dropped past a bound.
 */
const answersByRequest = lruCache<string, Map<string, Answer>>({ max: 1000 });

/** The lookups of a merged document, or why the document is not one the client's merger made. */
export function splitMergedDocument(query: string, variables: Variables): MergedPart[] | { problem: string } {
  let operation: OperationDefinitionNode | undefined;
  try {
    operation = parse(query).definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
  } catch {
    return { problem: 'the document does not parse' };
  }
  if (!operation) return { problem: 'the document has no operation' };
  const partVariables = splitMergedVariables(variables);
  const parts = new Map<number, MergedPart>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return { problem: 'a root selection is not a field' };
    const responseKey = selection.alias?.value ?? selection.name.value;
    const parsed = parseMergedName(responseKey);
    if (!parsed) return { problem: `the root field "${responseKey}" is not named as merged lookups are` };
    let part = parts.get(parsed.index);
    if (!part) {
      part = { index: parsed.index, rootFields: [], variables: partVariables.get(parsed.index) ?? {} };
      parts.set(parsed.index, part);
    }
    part.rootFields.push({ responseKey, field: selection.name.value });
  }
  return [...parts.values()];
}

/** The answers mocks have left for this request so far (a new, empty set at the first mock). */
export function answersOf(requestId: string): Map<string, Answer> {
  let answers = answersByRequest.get(requestId);
  if (!answers) {
    answers = new Map();
    answersByRequest.set(requestId, answers);
  }
  return answers;
}

/** Takes the answers mocks left for this request, for the handler that answers it. */
export function takeAnswers(requestId: string): Map<string, Answer> | undefined {
  const answers = answersByRequest.get(requestId);
  answersByRequest.delete(requestId);
  return answers;
}

/** Engine overrides that put the mocks' answers in place, leaving every other root field to the dataset. */
export function overridesOf(answers: ReadonlyMap<string, Answer> | undefined): RootOverrides | undefined {
  if (!answers || answers.size === 0) return undefined;
  const overrides: RootOverrides = {};
  for (const { field } of answers.values()) {
    overrides[field] ??= (_args, call) => {
      const answer = answers.get(call.responseKey);
      return answer ? answer.value : call.fromDataset();
    };
  }
  return overrides;
}

/**
 * A mock that cannot answer its lookups in this document says so, as a GraphQL error on every root field (so that
 * each lookup of the batch fails with it, and HTTP 400 is never retried), rather than letting the dataset answer.
 */
export function cannotApplyBody(
  mock: string,
  query: string,
  reason: string,
): { data: null; errors: Array<{ message: string; path?: string[] }> } {
  const message = `${mock} cannot answer its lookups inside this merged document: ${reason}`;
  let keys: string[] = [];
  try {
    const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operation?.kind === Kind.OPERATION_DEFINITION) {
      keys = operation.selectionSet.selections.flatMap((s) =>
        s.kind === Kind.FIELD ? [s.alias?.value ?? s.name.value] : [],
      );
    }
  } catch {
    // A document that does not parse gets one error without a path.
  }
  return {
    data: null,
    errors: keys.length > 0 ? keys.map((key) => ({ message, path: [key] })) : [{ message }],
  };
}
