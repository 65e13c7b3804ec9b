// What each lookup command does with one input: turn the line into a call, make it, and say what "not found"
// means for it. The fan-out around it is the same for every command.
import {
  type PyxisClient,
  type PyxisImage,
  type PyxisRepository,
  PyxisRequestError,
  type RegistryPath,
} from '../index.js';
import { echoInput, quoteInput } from './echo.js';
import { InvalidInputError, NotFoundError } from './errors.js';

/** The client methods the lookups call: a `PyxisClient`'s, or a distributed fan-out's (`--redis`). */
export type LookupClient = Pick<PyxisClient, 'getRepositoryByPath' | 'findImagesByNvr' | 'execute'>;

/** One command's lookup: what it does with an input line, and how the table sums up its data. */
export interface LookupKind {
  /** The command's name, for the progress bar and the summary. */
  readonly command: string;
  /** Looks one input up; rejects with NotFoundError when there is nothing, InvalidInputError for a bad line. */
  perform(input: string, signal: AbortSignal): Promise<unknown>;
  /** One line about a successful lookup's data (the table's DETAIL column). */
  summarize(data: unknown): string;
}

/** A registry as image references name it: a host name (or address), with an optional port. */
const REGISTRY_PATTERN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$/;
/** The longest host name DNS allows. */
const MAX_HOST_NAME_LENGTH = 253;
/** The distribution spec's limit on a repository name; past it, no registry holds the repository. */
const MAX_REPOSITORY_LENGTH = 255;

/**
 * `registry.access.redhat.com/ubi9/ubi-minimal` is registry `registry.access.redhat.com` and repository
 * `ubi9/ubi-minimal`: registries never contain a `/`, repositories often do, so the input splits at the first.
 * A path no registry could hold (an empty segment, a tag, a URL...) is refused here rather than sent, where it would
 * only come back as not found.
 */
export function splitRegistryPath(input: string): RegistryPath {
  const slash = input.indexOf('/');
  const registry = slash === -1 ? '' : input.slice(0, slash);
  const repository = slash === -1 ? '' : input.slice(slash + 1);
  const problem = registryPathProblem(input, slash, registry, repository);
  if (problem !== undefined) {
    throw new InvalidInputError(
      `expected <registry>/<repository>, e.g. registry.access.redhat.com/ubi9/ubi-minimal, got ${quoteInput(input)} (${problem})`,
    );
  }
  return { registry, repository };
}

function registryPathProblem(
  input: string,
  slash: number,
  registry: string,
  repository: string,
): string | undefined {
  if (input === '') return 'an empty input';
  if (/[\s\p{Cc}]/u.test(input)) return 'it holds whitespace or a control character';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(input)) return 'a URL: give the path without its scheme';
  if (slash === -1) return 'no "/" between registry and repository';
  if (registry === '') return 'no registry before the first "/"';
  if (!REGISTRY_PATTERN.test(registry)) return 'the registry is not a host name with an optional port';
  if (registry.replace(/:\d+$/, '').length > MAX_HOST_NAME_LENGTH) {
    return `the registry's host name is longer than ${MAX_HOST_NAME_LENGTH} characters`;
  }
  if (repository === '') return 'no repository after the first "/"';
  if (repository.split('/').includes('')) return 'an empty path segment: "//", or a "/" at the end';
  if (/[:@]/.test(repository)) return 'a tag or digest: give the repository alone';
  if (repository.length > MAX_REPOSITORY_LENGTH) {
    return `the repository is longer than ${MAX_REPOSITORY_LENGTH} characters`;
  }
  return undefined;
}

/** After how many inputs that look like NVRs `repo` says, once, that `images` is the command for them. */
const NVR_HINT_AFTER = 3;

/**
 * `ubi9-container-9.4-1123`, `ose-cli-container-v4.12.0-202301042354.p0`: name-version-release, where the version
 * and release hold no `-` and have a digit each. Only used to give a hint, so it may be loose.
 */
export function looksLikeNvr(input: string): boolean {
  return /^[^\s/]+-[^\s/-]*\d[^\s/-]*-[^\s/-]*\d[^\s/-]*$/.test(input);
}

export interface RepositoryLookupOptions {
  /** Writes a line for the user on stderr (between redraws of the progress bar). */
  notice(text: string): void;
}

export function repositoryLookup(client: LookupClient, options: RepositoryLookupOptions): LookupKind {
  let nvrLike = 0;
  return {
    command: 'repo',
    async perform(input, signal) {
      let path: RegistryPath;
      try {
        path = splitRegistryPath(input);
      } catch (error) {
        // A file of NVRs given to the wrong command fails line by line; say once what the user meant to run.
        if (looksLikeNvr(input) && ++nvrLike === NVR_HINT_AFTER) {
          options.notice(
            `hint: these inputs look like build NVRs (name-version-release), not registry paths: \`pyxis-gql images --nvr <nvr...>\` (or \`images --input <file>\`) looks builds up`,
          );
        }
        throw error;
      }
      const repository = await client.getRepositoryByPath(path, { signal });
      if (repository === null)
        throw new NotFoundError(`no repository ${path.repository} in ${path.registry}`);
      return repository;
    },
    summarize(data) {
      const repository = data as PyxisRepository;
      const categories = repository.release_categories?.filter((category) => category != null) ?? [];
      return [repository.published ? 'published' : 'unpublished', ...categories].join(', ');
    },
  };
}

export function imagesLookup(client: LookupClient, options: { includeRpms: boolean }): LookupKind {
  return {
    command: 'images',
    async perform(nvr, signal) {
      if (/\s/.test(nvr) || nvr === '') {
        throw new InvalidInputError(
          `expected a build NVR such as ubi9-container-9.4-1123, got ${quoteInput(nvr)}`,
        );
      }
      const images = await client.findImagesByNvr(nvr, { includeRpms: options.includeRpms, signal });
      if (images.length === 0) throw new NotFoundError(`no images of build ${echoInput(nvr)}`);
      return images;
    },
    summarize(data) {
      const images = data as PyxisImage[];
      const architectures = [...new Set(images.map((image) => image.architecture ?? '?'))].join(', ');
      const repositories = [
        ...new Set(
          images.flatMap((image) => (image.repositories ?? []).map((repo) => repo?.repository ?? '?')),
        ),
      ];
      const where = repositories.length > 0 ? ` in ${repositories.join(', ')}` : '';
      return `${images.length} image${images.length === 1 ? '' : 's'} (${architectures})${where}`;
    },
  };
}

/**
 * A GraphQL query run once per input: each input line is a JSON object of variables, laid over `--variables`.
 * With no input lines the query runs once, with `--variables` alone.
 */
export function queryLookup(
  client: LookupClient,
  query: string,
  variables: Record<string, unknown>,
): LookupKind {
  return {
    command: 'query',
    async perform(input, signal) {
      const data = await client.execute(query, { ...variables, ...parseVariablesLine(input) }, { signal });
      throwPyxisFieldError(data);
      return data;
    },
    summarize(data) {
      return JSON.stringify(data);
    },
  };
}

/**
 * Pyxis answers a lookup that failed with HTTP 200 and the root field's `error { status detail }` set (404 when
 * there is nothing): a failed lookup, as it is for `repo` and `images`, and one `--skip-missing` drops when every
 * such error is a 404. Only root fields carry Pyxis' wrappers, and only a query that asks for `error` sees it.
 */
function throwPyxisFieldError(data: Record<string, unknown>): void {
  const failed = Object.entries(data).flatMap(([field, value]) => {
    const error = pyxisErrorOf(value);
    return error === undefined ? [] : [{ field, ...error }];
  });
  const worst = failed.find((error) => error.status !== 404) ?? failed[0];
  if (worst === undefined) return;
  if (worst.status !== 404) throw new PyxisRequestError(worst.field, worst);
  throw new NotFoundError(`Pyxis ${worst.field} failed with status 404: ${worst.detail ?? 'no detail'}`, {
    field: worst.field,
    detail: worst.detail ?? undefined,
  });
}

function pyxisErrorOf(wrapper: unknown): { status: number | null; detail: string | null } | undefined {
  if (!isObject(wrapper) || !isObject(wrapper.error)) return undefined;
  const { status, detail } = wrapper.error;
  return {
    status: typeof status === 'number' ? status : null,
    detail: typeof detail === 'string' ? detail : null,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseVariablesLine(input: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch (error) {
    throw new InvalidInputError(`expected a JSON object of variables: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(
      'expected a JSON object of variables, e.g. {"nvr": "ubi9-container-9.4-1123"}',
    );
  }
  return value as Record<string, unknown>;
}
