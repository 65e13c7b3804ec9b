// Partner access, simulated: with `requireApiKey`, the embedded server and the testing kit answer a request without
// the right `X-API-KEY` as Pyxis answers one, so that a test can see what its code does on 401 and 403. Pyxis
// checks access per field (its schema's `@auth_jwt_or_api_key_required` directive) and reports a refusal, like
// every other error, in the field's `error { status detail }` of an HTTP 200 response: a missing key is a 401, a
// key that is not the one required a 403. `get_ping`, which reads no data, answers without a key.
import { InvalidOptionError } from '../shared/options.js';
import type { RootOverrides } from './engine.js';
import { pageError } from './paging.js';
import type { ResponseErrorRecord } from './records.js';
import type { RootFieldName } from './resolvers.js';

/** The request header Pyxis reads the key from (HTTP header names are case-insensitive). */
export const API_KEY_HEADER = 'x-api-key';

export const MISSING_API_KEY: Readonly<ResponseErrorRecord> = {
  status: 401,
  detail: 'Unauthorized: this request needs an API key, sent in the X-API-KEY header',
};

export const WRONG_API_KEY: Readonly<ResponseErrorRecord> = {
  status: 403,
  detail: 'Forbidden: the API key sent in the X-API-KEY header is not valid',
};

const EXPECTED = 'a non-empty string of printable ASCII characters, without spaces at either end';
/** What an `X-API-KEY` header can carry once fetch has trimmed it: a key outside this could never match. */
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * The required key, checked: `undefined` (no key required) or a string a header can carry. The key is a secret:
 * a refused string is neither quoted in the message nor kept in the error's `received`.
 */
export function checkRequireApiKey(value: unknown, option = 'requireApiKey'): string | undefined {
  if (value === undefined || (typeof value === 'string' && HEADER_VALUE.test(value))) return value;
  if (typeof value !== 'string' || value === '') throw new InvalidOptionError(option, value, EXPECTED);
  const error = new InvalidOptionError(option, '[redacted]', EXPECTED);
  error.message = `Expected the \`${option}\` option to be ${EXPECTED}, got a string of ${value.length} characters that is not (not shown, as it is a secret)`;
  throw error;
}

/** Pyxis' refusal of a request with this key (a header value, or null when absent), or undefined if it may pass. */
export function refusalOf(
  required: string | undefined,
  presented: string | null | undefined,
): ResponseErrorRecord | undefined {
  if (required === undefined) return undefined;
  if (presented === null || presented === undefined || presented === '') return MISSING_API_KEY;
  return presented === required ? undefined : WRONG_API_KEY;
}

/** What a root field answers when the request is refused; `get_ping` is never refused (undefined). */
export function refusedAnswer(
  field: RootFieldName,
  refusal: ResponseErrorRecord,
  args: Record<string, unknown>,
): unknown {
  const error = { ...refusal };
  if (field === 'get_ping') return undefined;
  if (field === 'get_repository_by_registry_path') return { data: null, error };
  return pageError(error.status, error.detail, pageNumber(args.page), pageNumber(args.page_size));
}

/** Every data field answers with the refusal instead of the dataset; `get_ping` still answers. */
export function refusingOverrides(refusal: ResponseErrorRecord): RootOverrides {
  const refused = (field: RootFieldName) => (args: Record<string, unknown>) =>
    refusedAnswer(field, refusal, args);
  return {
    get_repository_by_registry_path: refused('get_repository_by_registry_path'),
    find_repositories: refused('find_repositories'),
    find_images: refused('find_images'),
    find_images_by_nvr: refused('find_images_by_nvr'),
  };
}

function pageNumber(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
