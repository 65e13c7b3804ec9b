// The in-memory Pyxis: `schema/pyxis.graphql` over a dataset, parsed and validated by graphql-js and executed by
// graphql-jit. One engine serves both transports, the node:http server and the MSW handlers of
// `pyxis-gql/testing`.
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { LRUCache } from 'lru-cache';
import { lruCache } from '../shared/lru.js';
import { checkInteger } from '../shared/options.js';
import { type DatasetOptions, type PyxisDataset, resolveDataset } from './dataset.js';
import { DEFAULT_MAX_PAGE_SIZE } from './paging.js';
import {
  type GraphQLHttpRequest,
  type GraphQLHttpResponse,
  type GraphQLParams,
  isResponse,
  jsonResponse,
  readGraphQLParams,
} from './protocol.js';
import { createRootResolvers, type RootFieldName, type RootResolvers } from './resolvers.js';
import { graphql, loadPyxisSchema } from './schema.js';

export interface PyxisEngineOptions {
  /** The data to serve: a dataset, or the options to generate one with. Default: `createDataset()`. */
  dataset?: PyxisDataset | DatasetOptions;
  /** The largest `page_size` served; larger requests are clamped to it. Default 500. */
  maxPageSize?: number;
  /** How many distinct query strings keep their parsed and validated document. Default 1000. */
  documentCacheSize?: number;
}

/** What an override learns of the root field it answers. */
export interface RootFieldCall {
  /** The field's key in the response: its alias, or its name. Tells apart the lookups of a merged document. */
  responseKey: string;
  /** The answer the dataset would give, for the fields an override leaves to it. */
  fromDataset: () => unknown;
}

/** Answers one root field, in place of the dataset; must answer synchronously. */
export type RootOverride = (args: Record<string, unknown>, field: RootFieldCall) => unknown;

/** Root fields answered otherwise than from the dataset for one request (the typed MSW mocks use it). */
export type RootOverrides = Partial<Record<RootFieldName, RootOverride>>;

/** Runs one operation of a document: `(rootValue, context, variables) => result`. */
type Operation = (
  root: Record<string, CountedResolver>,
  context: RequestContext,
  variables: Record<string, unknown>,
) => ExecutionResult | Promise<ExecutionResult>;

/** A parsed and validated document with its operations made ready (by name), or why the query cannot run. */
type PreparedDocument =
  | { document: DocumentNode; operations: Map<string | undefined, Operation | ExecutionResult> }
  | { errors: readonly GraphQLError[] };

/** What each request's root resolvers write to: the root fields it executed. */
interface RequestContext {
  rootFields: string[];
}

type CountedResolver = (
  args: Record<string, unknown>,
  context: RequestContext,
  responseKey: string,
) => unknown;

export class PyxisEngine {
  readonly dataset: PyxisDataset;
  readonly #schema: GraphQLSchema;
  readonly #documents: LRUCache<string, PreparedDocument>;
  readonly #resolvers: RootResolvers;
  readonly #root: Record<string, CountedResolver>;

  constructor(options: PyxisEngineOptions = {}) {
    const maxPageSize = checkInteger('maxPageSize', options.maxPageSize, { min: 1 }) ?? DEFAULT_MAX_PAGE_SIZE;
    this.dataset = resolveDataset(options.dataset);
    this.#schema = withRootResolvers(loadPyxisSchema());
    this.#documents = lruCache({
      max: checkInteger('documentCacheSize', options.documentCacheSize, { min: 1 }) ?? 1000,
    });
    this.#resolvers = createRootResolvers(this.dataset, { maxPageSize });
    this.#root = counted(this.#resolvers);
  }

  /** Answers a raw GraphQL-over-HTTP request (GET or POST). */
  handle(request: GraphQLHttpRequest, overrides?: RootOverrides): GraphQLHttpResponse {
    const params = readGraphQLParams(request);
    return isResponse(params) ? params : this.respond(params, overrides);
  }

  /**
   * Executes a GraphQL request: 200 with `{ data }` (Pyxis' own errors sit in each field's `error`), or 400 with
   * `{ errors }` when the query does not parse or validate, or its variables do not fit.
   */
  respond(params: GraphQLParams, overrides?: RootOverrides): GraphQLHttpResponse {
    const prepared = this.#prepare(params.query);
    if ('errors' in prepared) return jsonResponse(400, JSON.stringify({ errors: prepared.errors }), []);
    const operation = this.#operation(prepared, params.operationName ?? undefined);
    if (typeof operation !== 'function') return jsonResponse(400, JSON.stringify(operation), []);
    const context: RequestContext = { rootFields: [] };
    const result = operation(
      overrides ? { ...this.#root, ...this.#overridden(overrides) } : this.#root,
      context,
      params.variables ?? {},
    );
    if (result instanceof Promise) {
      // Every root resolver is synchronous: a promise here is a programming error, not a request error.
      throw new TypeError('PyxisEngine: root resolvers must answer synchronously');
    }
    // No `data` at all means the request never ran (unknown operation, variables of the wrong type).
    const status = (result as ExecutionResult).data === undefined ? 400 : 200;
    return jsonResponse(status, JSON.stringify(result), context.rootFields);
  }

  /** The overrides, counted like the dataset's resolvers, each able to fall back on the dataset's answer. */
  #overridden(overrides: RootOverrides): Record<string, CountedResolver> {
    const wrapped: Record<string, CountedResolver> = {};
    for (const [name, override] of Object.entries(overrides) as [RootFieldName, RootOverride | undefined][]) {
      if (!override) continue;
      const fromDataset = this.#resolvers[name];
      wrapped[name] = (args, context, responseKey) => {
        context.rootFields.push(name);
        return override(args, { responseKey, fromDataset: () => fromDataset(args) });
      };
    }
    return wrapped;
  }

  /**
   * The operation, compiled by graphql-jit, which runs our lookups several times faster than graphql-js interprets
   * them (the server's speed caps what the client's benchmarks can show). graphql-jit never finishes compiling
   * variables of recursive input types (zalando-incubator/graphql-jit#81), and Pyxis' filters are recursive: an
   * operation with input-object variables is interpreted by graphql-js instead.
   */
  #operation(
    prepared: { document: DocumentNode; operations: Map<string | undefined, Operation | ExecutionResult> },
    operationName: string | undefined,
  ): Operation | ExecutionResult {
    let operation = prepared.operations.get(operationName);
    if (operation !== undefined) return operation;
    const { document } = prepared;
    const schema = this.#schema;
    if (hasInputObjectVariables(schema, document)) {
      operation = (rootValue, contextValue, variableValues) =>
        graphql.execute({ schema, document, rootValue, contextValue, variableValues, operationName });
    } else {
      const compiled = compileQuery(schema, document, operationName);
      operation = isCompiledQuery(compiled) ? compiled.query.bind(compiled) : compiled;
    }
    prepared.operations.set(operationName, operation);
    return operation;
  }

  /** Parsing, validating and compiling cost more than executing our small documents: each is done once per query. */
  #prepare(query: string): PreparedDocument {
    let prepared = this.#documents.get(query);
    if (prepared === undefined) {
      prepared = prepare(this.#schema, query);
      this.#documents.set(query, prepared);
    }
    return prepared;
  }
}

function prepare(schema: GraphQLSchema, query: string): PreparedDocument {
  let document: DocumentNode;
  try {
    document = graphql.parse(query);
  } catch (error) {
    return { errors: [error as GraphQLError] };
  }
  const errors = graphql.validate(schema, document);
  return errors.length > 0 ? { errors } : { document, operations: new Map() };
}

function hasInputObjectVariables(schema: GraphQLSchema, document: DocumentNode): boolean {
  return document.definitions.some(
    (definition) =>
      definition.kind === graphql.Kind.OPERATION_DEFINITION &&
      definition.variableDefinitions?.some((variable) => {
        const type = graphql.typeFromAST(schema, variable.type);
        return type !== undefined && graphql.isInputObjectType(graphql.getNamedType(type));
      }),
  );
}

/**
 * Each root field resolves through the function of the same name on the root value, as graphql-js does by default
 * (graphql-jit reads the root value's properties without calling them). Per-request overrides stay possible.
 */
function withRootResolvers(schema: GraphQLSchema): GraphQLSchema {
  const fields = schema.getQueryType()?.getFields() ?? {};
  for (const [name, field] of Object.entries(fields)) {
    field.resolve = (root: Record<string, CountedResolver>, args: Record<string, unknown>, context, info) =>
      root[name]?.(args, context as RequestContext, String(info.path.key));
  }
  return schema;
}

/** Wraps each resolver so that every execution (one per root field, aliases included) is recorded. */
function counted(resolvers: RootResolvers): Record<string, CountedResolver> {
  const wrapped: Record<string, CountedResolver> = {};
  for (const [name, resolve] of Object.entries(resolvers)) {
    wrapped[name] = (args, context) => {
      context.rootFields.push(name);
      return resolve(args);
    };
  }
  return wrapped;
}
