// What each lookup command does with one input: turn the line into a call, make it, and say what "not found"
// means for it. The fan-out around it is the same for every command.
import type { PyxisClient, PyxisImage, PyxisRepository, RegistryPath } from '../index.js';
import { InvalidInputError, NotFoundError } from './errors.js';

/** One command's lookup: what it does with an input line, and how the table sums up its data. */
export interface LookupKind {
  /** The command's name, for the progress bar and the summary. */
  readonly command: string;
  /** Looks one input up; rejects with NotFoundError when there is nothing, InvalidInputError for a bad line. */
  perform(input: string, signal: AbortSignal): Promise<unknown>;
  /** One line about a successful lookup's data (the table's DETAIL column). */
  summarize(data: unknown): string;
}

/**
 * `registry.access.redhat.com/ubi9/ubi-minimal` is registry `registry.access.redhat.com` and repository
 * `ubi9/ubi-minimal`: registries never contain a `/`, repositories often do, so the input splits at the first.
 */
export function splitRegistryPath(input: string): RegistryPath {
  const slash = input.indexOf('/');
  const registry = slash === -1 ? '' : input.slice(0, slash);
  const repository = slash === -1 ? '' : input.slice(slash + 1);
  if (registry === '' || repository === '' || /\s/.test(input)) {
    throw new InvalidInputError(
      `expected <registry>/<repository>, e.g. registry.access.redhat.com/ubi9/ubi-minimal, got ${JSON.stringify(input)}`,
    );
  }
  return { registry, repository };
}

export function repositoryLookup(client: PyxisClient): LookupKind {
  return {
    command: 'repo',
    async perform(input, signal) {
      const path = splitRegistryPath(input);
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

export function imagesLookup(client: PyxisClient, options: { includeRpms: boolean }): LookupKind {
  return {
    command: 'images',
    async perform(nvr, signal) {
      if (/\s/.test(nvr) || nvr === '') {
        throw new InvalidInputError(
          `expected a build NVR such as ubi9-container-9.4-1123, got ${JSON.stringify(nvr)}`,
        );
      }
      const images = await client.findImagesByNvr(nvr, { includeRpms: options.includeRpms, signal });
      if (images.length === 0) throw new NotFoundError(`no images of build ${nvr}`);
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
  client: PyxisClient,
  query: string,
  variables: Record<string, unknown>,
): LookupKind {
  return {
    command: 'query',
    async perform(input, signal) {
      return client.execute(query, { ...variables, ...parseVariablesLine(input) }, { signal });
    },
    summarize(data) {
      return JSON.stringify(data);
    },
  };
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
