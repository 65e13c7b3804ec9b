// The documents the embedded Pyxis stores: one interface per object type of `schema/pyxis.graphql`, with Pyxis'
// field names, so that graphql-js' default resolvers read them as they are.

export interface ResponseErrorRecord {
  status: number;
  detail: string;
}

export interface RepositoryRecord {
  _id: string;
  registry: string;
  repository: string;
  namespace: string;
  vendor_label: string;
  published: boolean;
  release_categories: string[];
  auto_rebuild_tags: string[];
  build_categories: string[];
  content_stream_tags: string[];
  description: string;
  creation_date: string;
  last_update_date: string;
}

export interface BrewRecord {
  build: string;
  package: string;
  nvra: string;
  completion_date: string;
}

export interface LabelRecord {
  name: string;
  value: string;
}

export interface ImageRepoTagRecord {
  name: string;
  added_date: string;
}

export interface ImageRepoRecord {
  registry: string;
  repository: string;
  published: boolean;
  push_date: string;
  published_date: string | null;
  tags: ImageRepoTagRecord[];
}

export interface RpmRecord {
  name: string;
  version: string;
  release: string;
  architecture: string;
  nvra: string;
  srpm_name: string;
  srpm_nevra: string;
}

export interface RpmManifestRecord {
  _id: string;
  image_id: string;
  rpms: RpmRecord[];
}

export interface ImageRecord {
  _id: string;
  image_id: string;
  docker_image_digest: string;
  architecture: string;
  brew: BrewRecord;
  content_sets: string[];
  parent_brew_build: string | null;
  parsed_data: { architecture: string; labels: LabelRecord[] };
  repositories: ImageRepoRecord[];
  creation_date: string;
  last_update_date: string;
  /** As in Pyxis, the rpm manifest is a separate document reached through the image's edges. */
  edges: { rpm_manifest: { data: RpmManifestRecord | null; error: ResponseErrorRecord | null } };
}
