// Pyxis filters, built as Freshmaker's PyxisAsyncGQL builds them, and sent as GraphQL variables.
import type { ContainerImageFilter, ContainerRepositoryFilter } from '../generated/graphql.js';

export interface RegistryPath {
  registry: string;
  repository: string;
}

/** Freshmaker looks at Red Hat's own repositories only. */
const RED_HAT_VENDOR: ContainerRepositoryFilter = { vendor_label: { eq: 'redhat' } };

export function repositoriesFilter(options: {
  published?: boolean | undefined;
  releaseCategories?: string[] | undefined;
  autoRebuildTags?: string[] | undefined;
}): ContainerRepositoryFilter {
  const and: ContainerRepositoryFilter[] = [RED_HAT_VENDOR];
  // Freshmaker always asked for published repositories here, whatever was passed; we honour the value.
  if (options.published !== undefined) and.push({ published: { eq: options.published } });
  if (options.releaseCategories) and.push({ release_categories: { in: options.releaseCategories } });
  if (options.autoRebuildTags) and.push({ auto_rebuild_tags: { in: options.autoRebuildTags } });
  return { and };
}

export function repositoryNameFilter(repository: string): ContainerRepositoryFilter {
  return { and: [{ repository: { eq: repository } }, RED_HAT_VENDOR] };
}

export function registryPathsFilter(paths: readonly RegistryPath[]): ContainerRepositoryFilter {
  return {
    or: paths.map(({ registry, repository }) => ({
      and: [{ registry: { eq: registry } }, { repository: { eq: repository } }],
    })),
  };
}

export function nvrsFilter(nvrs: string[]): ContainerImageFilter {
  return { brew: { build: { in: nvrs } } };
}

export function installedRpmsFilter(
  rpmNames: string[],
  options: {
    contentSets?: string[] | undefined;
    repositories?: string[] | undefined;
    published?: boolean | undefined;
    tags?: string[] | undefined;
  },
): ContainerImageFilter {
  // From the most to the least specific: Pyxis answers this expensive query faster that way.
  const and: ContainerImageFilter[] = [];
  const repoMatches: NonNullable<NonNullable<ContainerImageFilter['repositories_elemMatch']>['and']> = [];
  if (options.published !== undefined) repoMatches.push({ published: { eq: options.published } });
  if (options.repositories?.length) repoMatches.push({ repository: { in: options.repositories } });
  if (options.tags?.length) repoMatches.push({ tags_elemMatch: { and: [{ name: { in: options.tags } }] } });
  if (repoMatches.length > 0) and.push({ repositories_elemMatch: { and: repoMatches } });
  if (options.contentSets?.length) and.push({ content_sets: { in: options.contentSets } });
  and.push({ rpm_manifest: { rpms: { name: { in: rpmNames } } } });
  return { and };
}

export function namesFilter(names: string[]): ContainerImageFilter {
  return {
    and: [
      { brew: { package: { in: names } } },
      { repositories_elemMatch: { and: [{ published: { eq: true } }] } },
    ],
  };
}

export function repositoryImagesFilter(repository: string, autoRebuildTags?: string[]): ContainerImageFilter {
  const and: ContainerImageFilter[] = [
    { repositories: { repository: { eq: repository } } },
    { repositories: { published: { eq: true } } },
  ];
  if (autoRebuildTags?.length) and.push({ repositories: { tags: { name: { in: autoRebuildTags } } } });
  return { and };
}

export function nameVersionFilter(
  name: string,
  version: string,
  options: { published?: boolean | undefined; contentSets?: string[] | undefined },
): ContainerImageFilter {
  // Freshmaker put name and version into the regex unescaped, so "1.2" also matched "1x2".
  const and: ContainerImageFilter[] = [
    { brew: { package: { eq: name } } },
    { brew: { build: { regex: `^${escapeRegex(name)}-${escapeRegex(version)}-.*` } } },
  ];
  if (options.contentSets?.length) and.push({ content_sets: { in: options.contentSets } });
  if (options.published !== undefined) {
    and.push({ repositories_elemMatch: { and: [{ published: { eq: options.published } }] } });
  }
  return { and };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
