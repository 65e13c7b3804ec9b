// Merging many lookups into one GraphQL document: each lookup's root fields get an alias and its variables a
// prefix, so that one HTTP request carries them all and each lookup's part of the answer can be found again.

import type { GraphQLFormattedError } from 'graphql';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  type SelectionSetNode,
  stripIgnoredCharacters,
  visit,
} from 'graphql';
import { lruCache } from '../shared/lru.js';
import type { Document, Variables } from '../transport/index.js';

/** Stands for a lookup's prefix in a template; replaced by `b0_`, `b1_`... when templates are merged. */
const PLACEHOLDER = '__pyxis_part__';

/** The name of every merged document's operation: what a server (or a test's mock) sees instead of each lookup's. */
export const MERGED_OPERATION_NAME = 'PyxisBatch';

/** A merged document's root alias (`b3_get_ping`), or variable name (`b3_nvr`), read back: lookup 3's `get_ping`. */
export interface MergedName {
  /** The lookup's place in its batch. */
  index: number;
  /** The name the lookup itself uses. */
  name: string;
}

const MERGED_NAME = /^b(0|[1-9][0-9]*)_(.+)$/s;

/** A document prepared for merging, once per document: printed with placeholders where prefixes go. */
interface Template {
  /** Tells templates apart in the key of a merged document. */
  id: number;
  /** Variable definitions, e.g. `$__pyxis_part__nvr: String`. */
  definitions: string[];
  /** Names of the defined variables (only those are sent). */
  variableNames: string[];
  /** The root field selections, aliased `__pyxis_part__<key>`. */
  selections: string;
  /** The response keys of the root fields, as the lookup expects them. */
  keys: string[];
  /**
   * By place in a batch, the variable names and root aliases with that place's prefix (`b3_nvr`), made once: a
   * fan-out merges the same few templates at the same places over and over, and names built afresh for each
   * lookup (a new string to hash for every property set and read) cost more than the rest of the merge.
   */
  placed: Placed[];
}

/** A template's names with the prefix of one place in a batch. */
interface Placed {
  variableNames: string[];
  keys: string[];
  /** This template at this place, in the key of a merged document. */
  key: string;
}

/** A merged request, and how to split its answer. */
export interface MergedRequest {
  document: string;
  variables: Variables;
  /** The index of each merged lookup in the list given to `merge`. */
  members: number[];
  /** The indexes of the lookups that cannot be merged (not a single query) and must be sent alone. */
  loners: number[];
}

/** Merged documents kept for reuse: a fan-out sends the same few over and over. */
const MAX_KEPT_DOCUMENTS = 100;

/** Templates kept for raw-string documents: rare (the typed methods use documents); a bound keeps a client small. */
const MAX_KEPT_STRING_TEMPLATES = 500;

export class DocumentMerger {
  readonly #templates = new WeakMap<DocumentNode, Template | null>();
  /** Wrapped: `null` (a document that cannot be merged) is remembered too, and lru-cache stores no `null`. */
  readonly #stringTemplates = lruCache<string, { template: Template | null }>({
    max: MAX_KEPT_STRING_TEMPLATES,
  });
  /** Merged document texts by the templates merged and their positions (which set the prefixes). */
  readonly #documents = lruCache<string, string>({ max: MAX_KEPT_DOCUMENTS });
  #nextTemplateId = 0;

  merge(lookups: ReadonlyArray<{ document: Document; variables: Variables }>): MergedRequest {
    const templates: Template[] = [];
    const variables: Variables = {};
    const members: number[] = [];
    const loners: number[] = [];
    let key = '';
    for (let index = 0; index < lookups.length; index++) {
      const lookup = lookups[index] as { document: Document; variables: Variables };
      const template = this.#templateOf(lookup.document);
      if (!template) {
        loners.push(index);
        continue;
      }
      members.push(index);
      templates.push(template);
      const placed = placedAt(template, index);
      key += placed.key;
      const names = template.variableNames;
      for (let i = 0; i < names.length; i++) {
        const value = lookup.variables[names[i] as string];
        if (value !== undefined) variables[placed.variableNames[i] as string] = value;
      }
    }
    let document = this.#documents.get(key);
    if (document === undefined) {
      document = mergedText(templates, members);
      this.#documents.set(key, document);
    }
    return { document, variables, members, loners };
  }

  /** The part of a merged answer that belongs to lookup `index`, under the lookup's own field names. */
  dataOf(
    index: number,
    document: Document,
    data: Record<string, unknown> | null | undefined,
  ): Record<string, unknown> {
    const part: Record<string, unknown> = {};
    const template = this.#templateOf(document);
    if (!template) return part;
    const { keys } = template;
    const aliases = placedAt(template, index).keys;
    for (let i = 0; i < keys.length; i++) part[keys[i] as string] = data?.[aliases[i] as string];
    return part;
  }

  /** The errors that belong to lookup `index` (by the first element of their path), with the path made its own. */
  errorsOf(index: number, errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
    const prefix = prefixOf(index);
    return errors
      .filter((error) => typeof error.path?.[0] === 'string' && error.path[0].startsWith(prefix))
      .map((error) => ({
        ...error,
        path: [String(error.path?.[0]).slice(prefix.length), ...(error.path?.slice(1) ?? [])],
      }));
  }

  #templateOf(document: Document): Template | null {
    if (typeof document === 'string') {
      let kept = this.#stringTemplates.get(document);
      if (kept === undefined) {
        kept = { template: buildTemplate(document, this.#nextTemplateId++) };
        this.#stringTemplates.set(document, kept);
      }
      return kept.template;
    }
    let template = this.#templates.get(document);
    if (template === undefined) {
      template = buildTemplate(document, this.#nextTemplateId++);
      this.#templates.set(document, template);
    }
    return template;
  }
}

function prefixOf(index: number): string {
  return `b${index}_`;
}

function placedAt(template: Template, index: number): Placed {
  let placed = template.placed[index];
  if (placed === undefined) {
    const prefix = prefixOf(index);
    placed = {
      variableNames: template.variableNames.map((name) => prefix + name),
      keys: template.keys.map((key) => prefix + key),
      key: `${index}:${template.id} `,
    };
    template.placed[index] = placed;
  }
  return placed;
}

/** Which lookup a merged document's root alias or variable belongs to, or undefined if it is not a merged name. */
export function parseMergedName(name: string): MergedName | undefined {
  const match = MERGED_NAME.exec(name);
  return match ? { index: Number(match[1]), name: match[2] as string } : undefined;
}

/** A merged request's variables, split back into each lookup's own (by lookup index); unprefixed names are dropped. */
export function splitMergedVariables(variables: Variables): Map<number, Variables> {
  const parts = new Map<number, Variables>();
  for (const [key, value] of Object.entries(variables)) {
    const parsed = parseMergedName(key);
    if (!parsed) continue;
    const part = parts.get(parsed.index) ?? {};
    part[parsed.name] = value;
    parts.set(parsed.index, part);
  }
  return parts;
}

function mergedText(templates: readonly Template[], members: readonly number[]): string {
  const definitions: string[] = [];
  const selections: string[] = [];
  templates.forEach((template, i) => {
    const prefix = prefixOf(members[i] as number);
    for (const definition of template.definitions)
      definitions.push(definition.replaceAll(PLACEHOLDER, prefix));
    selections.push(template.selections.replaceAll(PLACEHOLDER, prefix));
  });
  const head = `query ${MERGED_OPERATION_NAME}${definitions.length > 0 ? `(${definitions.join(', ')})` : ''}`;
  return `${head}{${selections.join(' ')}}`;
}

/** A lookup's response keys are unique in a merged document only if a prefix cannot be a prefix of another. */
function buildTemplate(source: Document, id: number): Template | null {
  let document: DocumentNode;
  try {
    document = typeof source === 'string' ? parse(source) : source;
  } catch {
    return null; // FirstResponse alone, so that the server's own syntax error reaches the caller.
  }
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operations[0];
  if (
    operations.length !== 1 ||
    !operation ||
    operation.operation !== 'query' ||
    operation.directives?.length
  ) {
    return null;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let selectionSet: SelectionSetNode;
  try {
    selectionSet = inlineFragments(operation.selectionSet, fragments, new Set());
  } catch {
    return null;
  }
  if (!selectionSet.selections.every((selection) => selection.kind === Kind.FIELD)) return null;

  // Fragments may read operation variables (ours read $includeRpms), so every variable is renamed, in fragments too.
  const renamed = visit(selectionSet, {
    Variable: (node) => ({ ...node, name: { ...node.name, value: PLACEHOLDER + node.name.value } }),
  });
  const fields = renamed.selections as readonly FieldNode[];
  const keys = fields.map((field) => field.alias?.value ?? field.name.value);
  const aliased = fields.map((field, i) => ({
    ...field,
    alias: { kind: Kind.NAME, value: PLACEHOLDER + keys[i] },
  }));
  // Printed without ignored characters: a merged request of 50 image lookups stays a fraction of the size.
  const definitions = (operation.variableDefinitions ?? []).map((definition) =>
    printCompact({
      ...definition,
      variable: {
        ...definition.variable,
        name: { ...definition.variable.name, value: PLACEHOLDER + definition.variable.name.value },
      },
    }),
  );
  return {
    id,
    definitions,
    variableNames: (operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value),
    selections: aliased.map((field) => printCompact(field as FieldNode)).join(' '),
    keys,
    placed: [],
  };
}

function printCompact(node: Parameters<typeof print>[0]): string {
  return stripIgnoredCharacters(print(node));
}

/** Replaces fragment spreads with inline fragments, so that each lookup carries its own copy with its own variables. */
function inlineFragments(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  expanding: ReadonlySet<string>,
): SelectionSetNode {
  return {
    ...selectionSet,
    selections: selectionSet.selections.map((selection) => {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || expanding.has(name)) throw new Error(`cannot inline fragment ${name}`);
        return {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: fragment.typeCondition,
          directives: selection.directives ?? [],
          selectionSet: inlineFragments(fragment.selectionSet, fragments, new Set([...expanding, name])),
        };
      }
      if (selection.selectionSet) {
        return { ...selection, selectionSet: inlineFragments(selection.selectionSet, fragments, expanding) };
      }
      return selection;
    }),
  };
}
