import { readFileSync } from 'node:fs';

/** The public Pyxis GraphQL endpoint; it needs no authentication for reads. */
export const DEFAULT_PYXIS_URL = 'https://catalog.redhat.com/api/containers/graphql/';

export interface PyxisClientOptions {
  /** The GraphQL endpoint. Default: the public Pyxis endpoint. */
  url?: string;
  /** Partner access: sent as the `X-API-KEY` header. */
  apiKey?: string;
  /** mTLS client certificate, PEM text or a file path (Red Hat's internal deployments). */
  cert?: string;
  /** mTLS private key, PEM text or a file path. */
  key?: string;
  /** Certificate authorities to trust instead of the system's, PEM text or a file path. */
  ca?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Milliseconds one HTTP request may take. Default 30000. */
  timeout?: number;
  /** Items per page for the `find*` methods. Default 50. */
  pageSize?: number;
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
}

export interface ResolvedOptions {
  url: string;
  headers: Record<string, string>;
  timeout: number;
  pageSize: number;
  fetch: typeof globalThis.fetch | undefined;
  tls: { cert?: string; key?: string; ca?: string } | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_PAGE_SIZE = 50;

/** Checks every option up front, so a misconfigured client fails when it is made, with a message naming the option. */
export function resolveOptions(options: PyxisClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('PyxisClient: options must be an object');
  }
  const url = options.url ?? DEFAULT_PYXIS_URL;
  checkUrl(url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (typeof value !== 'string') throw new TypeError(`PyxisClient: header "${name}" must be a string`);
    headers[name.toLowerCase()] = value;
  }
  if (options.apiKey !== undefined) {
    if (typeof options.apiKey !== 'string' || options.apiKey === '') {
      throw new TypeError('PyxisClient: "apiKey" must be a non-empty string');
    }
    headers['x-api-key'] = options.apiKey;
  }
  const tls = readTls(options);
  return {
    url,
    headers,
    timeout: positiveNumber('timeout', options.timeout) ?? DEFAULT_TIMEOUT_MS,
    pageSize: positiveInteger('pageSize', options.pageSize) ?? DEFAULT_PAGE_SIZE,
    fetch: checkFetch(options.fetch),
    tls,
  };
}

function checkUrl(url: unknown): void {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new TypeError(`PyxisClient: "url" must be an absolute http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (typeof url !== 'string' || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new TypeError(`PyxisClient: "url" must be an absolute http(s) URL, got ${JSON.stringify(url)}`);
  }
}

function positiveNumber(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new TypeError(
      `PyxisClient: "${name}" must be a positive number of milliseconds, got ${String(value)}`,
    );
  }
  return value;
}

function positiveInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new TypeError(`PyxisClient: "${name}" must be a positive integer, got ${String(value)}`);
  }
  return value as number;
}

function checkFetch(value: unknown): typeof globalThis.fetch | undefined {
  if (value !== undefined && typeof value !== 'function')
    throw new TypeError('PyxisClient: "fetch" must be a function');
  return value as typeof globalThis.fetch | undefined;
}

function readTls(options: PyxisClientOptions): ResolvedOptions['tls'] {
  const tls: NonNullable<ResolvedOptions['tls']> = {};
  for (const name of ['cert', 'key', 'ca'] as const) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`PyxisClient: "${name}" must be PEM text or a file path`);
    }
    tls[name] = readPem(name, value);
  }
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new TypeError('PyxisClient: "cert" and "key" must be given together');
  }
  return Object.keys(tls).length > 0 ? tls : undefined;
}

/** PEM text is used as it is; anything else is a path to read now, so that a wrong path fails at once. */
function readPem(name: string, value: string): string {
  if (value.includes('-----BEGIN ')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new TypeError(`PyxisClient: cannot read "${name}" file ${value} (${reason})`);
  }
}
