// GraphQL over HTTP, apart from any HTTP library: reading a request's GraphQL parameters (GET query string or
// POST JSON body) and shaping answers, so that the node:http server and the MSW handlers behave alike.

/** A GraphQL request's parameters. */
export interface GraphQLParams {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** The parts of an HTTP request that GraphQL over HTTP reads. */
export interface GraphQLHttpRequest {
  method: string;
  /** The URL's query string, with or without its leading `?` (read for GET). */
  search: string;
  /** The body as text (read for POST). */
  body: string;
}

export interface GraphQLHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The root fields the request executed, by field name (aliases resolved). */
  rootFields: readonly string[];
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const ALLOWED_METHODS = 'GET, POST';

/** A fresh request id, shaped like Pyxis' (32 hexadecimal digits). */
export function newTraceId(): string {
  return globalThis.crypto.randomUUID().replaceAll('-', '');
}

/** The GraphQL parameters of a request, or the HTTP answer for a request that carries none. */
export function readGraphQLParams(request: GraphQLHttpRequest): GraphQLParams | GraphQLHttpResponse {
  const method = request.method.toUpperCase();
  if (method === 'POST') return readBody(request.body);
  if (method === 'GET') return readSearch(request.search);
  return textResponse(405, 'Method Not Allowed', { allow: ALLOWED_METHODS });
}

function readBody(body: string): GraphQLParams | GraphQLHttpResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return requestError(`Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return requestError('Request body must be a JSON object with a "query"');
  }
  const { query, variables, operationName } = parsed as Record<string, unknown>;
  return checkParams(query, variables, operationName);
}

function readSearch(search: string): GraphQLParams | GraphQLHttpResponse {
  const params = new URLSearchParams(search);
  const variablesText = params.get('variables');
  let variables: unknown = null;
  if (variablesText !== null && variablesText !== '') {
    try {
      variables = JSON.parse(variablesText);
    } catch (error) {
      return requestError(`"variables" is not valid JSON: ${(error as Error).message}`);
    }
  }
  return checkParams(params.get('query') ?? undefined, variables, params.get('operationName'));
}

function checkParams(
  query: unknown,
  variables: unknown,
  operationName: unknown,
): GraphQLParams | GraphQLHttpResponse {
  if (typeof query !== 'string' || query === '') return requestError('"query" must be a non-empty string');
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  ) {
    return requestError('"variables" must be an object');
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return requestError('"operationName" must be a string');
  }
  return {
    query,
    variables: (variables ?? null) as Record<string, unknown> | null,
    operationName: (operationName ?? null) as string | null,
  };
}

export function isResponse(value: GraphQLParams | GraphQLHttpResponse): value is GraphQLHttpResponse {
  return 'status' in value;
}

/** A request GraphQL cannot run, answered as GraphQL-over-HTTP servers do: 400 with `{ errors }`. */
export function requestError(message: string): GraphQLHttpResponse {
  return jsonResponse(400, JSON.stringify({ errors: [{ message }] }), []);
}

export function jsonResponse(
  status: number,
  body: string,
  rootFields: readonly string[],
): GraphQLHttpResponse {
  return { status, headers: { 'content-type': JSON_CONTENT_TYPE }, body, rootFields };
}

export function textResponse(
  status: number,
  body: string,
  headers: Record<string, string> = {},
): GraphQLHttpResponse {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    body,
    rootFields: [],
  };
}
