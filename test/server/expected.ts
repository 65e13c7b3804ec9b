// What the client should return for dataset records: the records projected onto the fields our operations
// select, computed here independently of the server's code.
import type { PyxisImage, PyxisRepository } from '../../src/index.js';
import type { ImageRecord, RepositoryRecord } from '../../src/server/index.js';

export function repositoryFields(record: RepositoryRecord): PyxisRepository {
  return {
    release_categories: record.release_categories,
    auto_rebuild_tags: record.auto_rebuild_tags,
    registry: record.registry,
    repository: record.repository,
    published: record.published,
  };
}

export function imageFields(record: ImageRecord, options: { includeRpms: boolean }): PyxisImage {
  const image: PyxisImage = {
    _id: record._id,
    architecture: record.architecture,
    brew: {
      build: record.brew.build,
      package: record.brew.package,
      completion_date: record.brew.completion_date,
    },
    content_sets: record.content_sets,
    parent_brew_build: record.parent_brew_build,
    parsed_data: { labels: record.parsed_data.labels.map(({ name, value }) => ({ name, value })) },
    repositories: record.repositories.map((entry) => ({
      registry: entry.registry,
      repository: entry.repository,
      published: entry.published,
      push_date: entry.push_date,
      tags: entry.tags.map(({ name }) => ({ name })),
    })),
  };
  if (options.includeRpms) {
    const manifest = record.edges.rpm_manifest.data;
    image.edges = {
      rpm_manifest: {
        data: manifest && {
          image_id: manifest.image_id,
          rpms: manifest.rpms.map(({ name, nvra, srpm_name, srpm_nevra }) => ({
            name,
            nvra,
            srpm_name,
            srpm_nevra,
          })),
        },
      },
    };
  }
  return image;
}

export function rpmNamesOf(image: ImageRecord): string[] {
  return image.edges.rpm_manifest.data?.rpms.map((rpm) => rpm.name) ?? [];
}

/** A document with `count` aliased `get_repository_by_registry_path` fields, as a batching client sends. */
export function aliasedRepositoryDocument(count: number): string {
  const variables = Array.from({ length: count }, (_, i) => `$registry${i}: String, $repository${i}: String`);
  const fields = Array.from(
    { length: count },
    (
      _,
      i,
    ) => `  r${i}: get_repository_by_registry_path(registry: $registry${i}, repository: $repository${i}) {
    error { status detail }
    data { registry repository published }
  }`,
  );
  return `query Batch(${variables.join(', ')}) {\n${fields.join('\n')}\n}`;
}
