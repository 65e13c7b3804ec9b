// The data the embedded Pyxis serves, indexed for the lookups clients make most (a repository by registry path,
// the images of a build), plus a few helpers that tell tests, benchmarks and the CLI which inputs exist.
import { checkInteger, checkOptionsObject, InvalidOptionError, optionNames } from '../shared/options.js';
import { generateRecords } from './generate.js';
import type { ImageRecord, RepositoryRecord } from './records.js';

export interface DatasetOptions {
  /** Same seed, same data. Default 1. */
  seed?: number;
  /** How many repositories to generate (about 5% of them are mirrors of another in a second registry). Default 2000. */
  repositories?: number;
  /** Images per (non-mirror) repository: builds of 1 to 4 architectures each. Default 2. */
  imagesPerRepository?: number;
}

/** A registry path, as `getRepositoryByPath` takes it. */
export interface DatasetRegistryPath {
  registry: string;
  repository: string;
}

/** Every option's name: a new option must be added here, or `createDataset` refuses it as unknown. */
const DATASET_OPTIONS = optionNames<DatasetOptions>({
  seed: true,
  repositories: true,
  imagesPerRepository: true,
});

export const DEFAULT_DATASET_OPTIONS: Readonly<Required<DatasetOptions>> = {
  seed: 1,
  repositories: 2000,
  imagesPerRepository: 2,
};

/** Repositories and images, read-only once made. Make one with `createDataset()`, or from records of your own. */
export class PyxisDataset {
  readonly repositories: readonly RepositoryRecord[];
  readonly images: readonly ImageRecord[];
  readonly #repositoryByPath = new Map<string, RepositoryRecord>();
  readonly #imagesByNvr = new Map<string, ImageRecord[]>();

  constructor(records: { repositories: readonly RepositoryRecord[]; images: readonly ImageRecord[] }) {
    this.repositories = records.repositories;
    this.images = records.images;
    for (const repository of this.repositories) {
      this.#repositoryByPath.set(pathKey(repository.registry, repository.repository), repository);
    }
    for (const image of this.images) {
      const sameBuild = this.#imagesByNvr.get(image.brew.build);
      if (sameBuild) sameBuild.push(image);
      else this.#imagesByNvr.set(image.brew.build, [image]);
    }
  }

  /** The repository at this registry path, if any (indexed). */
  findRepository(registry: string, repository: string): RepositoryRecord | undefined {
    return this.#repositoryByPath.get(pathKey(registry, repository));
  }

  /** The images of this brew build (one per architecture), in dataset order (indexed). */
  findImagesByNvr(nvr: string): readonly ImageRecord[] {
    return this.#imagesByNvr.get(nvr) ?? [];
  }

  /** Every repository's registry path, in dataset order. */
  repositoryPaths(): DatasetRegistryPath[] {
    return this.repositories.map(({ registry, repository }) => ({ registry, repository }));
  }

  /** Every brew build NVR (`name-version-release`), in dataset order. */
  nvrs(): string[] {
    return [...this.#imagesByNvr.keys()];
  }

  /** Every rpm name installed in some image, sorted. */
  rpmNames(): string[] {
    const names = new Set<string>();
    for (const image of this.images) {
      for (const rpm of image.edges.rpm_manifest.data?.rpms ?? []) names.add(rpm.name);
    }
    return [...names].sort();
  }
}

/** A generated dataset: the same options always give the same data. */
export function createDataset(options: DatasetOptions = {}): PyxisDataset {
  checkOptionsObject(options, DATASET_OPTIONS, 'dataset options');
  const seed = options.seed ?? DEFAULT_DATASET_OPTIONS.seed;
  if (typeof seed !== 'number' || !Number.isFinite(seed))
    throw new InvalidOptionError('seed', seed, 'a number');
  const repositories =
    checkInteger('repositories', options.repositories, { min: 0 }) ?? DEFAULT_DATASET_OPTIONS.repositories;
  const imagesPerRepository =
    checkInteger('imagesPerRepository', options.imagesPerRepository, { min: 0 }) ??
    DEFAULT_DATASET_OPTIONS.imagesPerRepository;
  return new PyxisDataset(generateRecords({ seed, repositories, imagesPerRepository }));
}

/** A dataset as given, or the one these options generate. */
export function resolveDataset(dataset: PyxisDataset | DatasetOptions | undefined): PyxisDataset {
  return dataset instanceof PyxisDataset ? dataset : createDataset(dataset);
}

/** Repository paths contain "/", registries never contain a newline. */
function pathKey(registry: string, repository: string): string {
  return `${registry}\n${repository}`;
}
