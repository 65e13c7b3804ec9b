/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  DateTime: { input: string; output: string; }
  DateTimeFilterScalar: { input: string; output: string; }
  Int64: { input: number; output: number; }
  NULL: { input: null; output: null; }
  ObjectID: { input: string; output: string; }
};

export type BooleanFilter = {
  eq?: InputMaybe<Scalars['Boolean']['input']>;
  ne?: InputMaybe<Scalars['Boolean']['input']>;
};

export type Brew = {
  build: Maybe<Scalars['String']['output']>;
  completion_date: Maybe<Scalars['DateTime']['output']>;
  nvra: Maybe<Scalars['String']['output']>;
  package: Maybe<Scalars['String']['output']>;
};

export type BrewFilter = {
  and?: InputMaybe<Array<InputMaybe<BrewFilter>>>;
  build?: InputMaybe<StringFilter>;
  nor?: InputMaybe<Array<InputMaybe<BrewFilter>>>;
  not?: InputMaybe<BrewFilter>;
  nvra?: InputMaybe<StringFilter>;
  or?: InputMaybe<Array<InputMaybe<BrewFilter>>>;
  package?: InputMaybe<StringFilter>;
};

export type ContainerImage = {
  _id: Maybe<Scalars['ObjectID']['output']>;
  architecture: Maybe<Scalars['String']['output']>;
  brew: Maybe<Brew>;
  content_sets: Maybe<Array<Maybe<Scalars['String']['output']>>>;
  creation_date: Maybe<Scalars['DateTime']['output']>;
  docker_image_digest: Maybe<Scalars['String']['output']>;
  edges: Maybe<ContainerImageEdges>;
  image_id: Maybe<Scalars['String']['output']>;
  last_update_date: Maybe<Scalars['DateTime']['output']>;
  parent_brew_build: Maybe<Scalars['String']['output']>;
  parsed_data: Maybe<ParsedData>;
  repositories: Maybe<Array<Maybe<ContainerImageRepo>>>;
};

export type ContainerImageEdges = {
  rpm_manifest: Maybe<ContainerImageRpmManifestResponse>;
};

export type ContainerImageFilter = {
  and?: InputMaybe<Array<InputMaybe<ContainerImageFilter>>>;
  architecture?: InputMaybe<StringFilter>;
  brew?: InputMaybe<BrewFilter>;
  content_sets?: InputMaybe<StringListFilter>;
  image_id?: InputMaybe<StringFilter>;
  nor?: InputMaybe<Array<InputMaybe<ContainerImageFilter>>>;
  not?: InputMaybe<ContainerImageFilter>;
  or?: InputMaybe<Array<InputMaybe<ContainerImageFilter>>>;
  repositories?: InputMaybe<ContainerImageRepoListFilter>;
  repositories_elemMatch?: InputMaybe<ContainerImageRepoElemMatchFilter>;
  /** Deviation: accepted by the live service, absent from the public schema snapshot. */
  rpm_manifest?: InputMaybe<ContainerImageRpmManifestFilter>;
};

export type ContainerImagePaginatedResponse = {
  data: Maybe<Array<Maybe<ContainerImage>>>;
  error: Maybe<ResponseError>;
  page: Maybe<Scalars['Int']['output']>;
  page_size: Maybe<Scalars['Int']['output']>;
  total: Maybe<Scalars['Int']['output']>;
};

export type ContainerImageRpmManifest = {
  _id: Maybe<Scalars['ObjectID']['output']>;
  image_id: Maybe<Scalars['String']['output']>;
  rpms: Maybe<Array<Maybe<RpmsItems>>>;
};

/** Deviation: see ContainerImageFilter.rpm_manifest. */
export type ContainerImageRpmManifestFilter = {
  rpms?: InputMaybe<RpmsItemsFilter>;
};

export type ContainerImageRpmManifestResponse = {
  data: Maybe<ContainerImageRpmManifest>;
  error: Maybe<ResponseError>;
};

export type ContainerImageRepo = {
  published: Maybe<Scalars['Boolean']['output']>;
  published_date: Maybe<Scalars['DateTime']['output']>;
  push_date: Maybe<Scalars['DateTime']['output']>;
  registry: Maybe<Scalars['String']['output']>;
  repository: Maybe<Scalars['String']['output']>;
  tags: Maybe<Array<Maybe<ContainerImageRepoTag>>>;
};

export type ContainerImageRepoElemMatchFilter = {
  and?: InputMaybe<Array<InputMaybe<ContainerImageRepoFilter>>>;
  nor?: InputMaybe<Array<InputMaybe<ContainerImageRepoFilter>>>;
  not?: InputMaybe<ContainerImageRepoFilter>;
  or?: InputMaybe<Array<InputMaybe<ContainerImageRepoFilter>>>;
};

export type ContainerImageRepoFilter = {
  and?: InputMaybe<Array<InputMaybe<ContainerImageRepoFilter>>>;
  nor?: InputMaybe<Array<InputMaybe<ContainerImageRepoFilter>>>;
  not?: InputMaybe<ContainerImageRepoFilter>;
  or?: InputMaybe<Array<InputMaybe<ContainerImageRepoFilter>>>;
  published?: InputMaybe<BooleanFilter>;
  registry?: InputMaybe<StringFilter>;
  repository?: InputMaybe<StringFilter>;
  tags?: InputMaybe<ContainerImageRepoTagListFilter>;
  tags_elemMatch?: InputMaybe<ContainerImageRepoTagElemMatchFilter>;
};

export type ContainerImageRepoListFilter = {
  and?: InputMaybe<Array<InputMaybe<ContainerImageRepoFilter>>>;
  nor?: InputMaybe<Array<InputMaybe<ContainerImageRepoFilter>>>;
  not?: InputMaybe<ContainerImageRepoFilter>;
  or?: InputMaybe<Array<InputMaybe<ContainerImageRepoFilter>>>;
  published?: InputMaybe<BooleanFilter>;
  registry?: InputMaybe<StringFilter>;
  repository?: InputMaybe<StringFilter>;
  tags?: InputMaybe<ContainerImageRepoTagListFilter>;
  tags_elemMatch?: InputMaybe<ContainerImageRepoTagElemMatchFilter>;
};

export type ContainerImageRepoTag = {
  added_date: Maybe<Scalars['DateTime']['output']>;
  name: Maybe<Scalars['String']['output']>;
};

export type ContainerImageRepoTagElemMatchFilter = {
  and?: InputMaybe<Array<InputMaybe<ContainerImageRepoTagFilter>>>;
  nor?: InputMaybe<Array<InputMaybe<ContainerImageRepoTagFilter>>>;
  not?: InputMaybe<ContainerImageRepoTagFilter>;
  or?: InputMaybe<Array<InputMaybe<ContainerImageRepoTagFilter>>>;
};

export type ContainerImageRepoTagFilter = {
  and?: InputMaybe<Array<InputMaybe<ContainerImageRepoTagFilter>>>;
  name?: InputMaybe<StringFilter>;
  nor?: InputMaybe<Array<InputMaybe<ContainerImageRepoTagFilter>>>;
  not?: InputMaybe<ContainerImageRepoTagFilter>;
  or?: InputMaybe<Array<InputMaybe<ContainerImageRepoTagFilter>>>;
};

export type ContainerImageRepoTagListFilter = {
  and?: InputMaybe<Array<InputMaybe<ContainerImageRepoTagFilter>>>;
  name?: InputMaybe<StringFilter>;
  nor?: InputMaybe<Array<InputMaybe<ContainerImageRepoTagFilter>>>;
  not?: InputMaybe<ContainerImageRepoTagFilter>;
  or?: InputMaybe<Array<InputMaybe<ContainerImageRepoTagFilter>>>;
};

export type ContainerRepository = {
  _id: Maybe<Scalars['ObjectID']['output']>;
  auto_rebuild_tags: Maybe<Array<Maybe<Scalars['String']['output']>>>;
  build_categories: Maybe<Array<Maybe<Scalars['String']['output']>>>;
  content_stream_tags: Maybe<Array<Maybe<Scalars['String']['output']>>>;
  creation_date: Maybe<Scalars['DateTime']['output']>;
  description: Maybe<Scalars['String']['output']>;
  last_update_date: Maybe<Scalars['DateTime']['output']>;
  namespace: Maybe<Scalars['String']['output']>;
  published: Maybe<Scalars['Boolean']['output']>;
  registry: Maybe<Scalars['String']['output']>;
  release_categories: Maybe<Array<Maybe<Scalars['String']['output']>>>;
  repository: Maybe<Scalars['String']['output']>;
  vendor_label: Maybe<Scalars['String']['output']>;
};

export type ContainerRepositoryFilter = {
  and?: InputMaybe<Array<InputMaybe<ContainerRepositoryFilter>>>;
  auto_rebuild_tags?: InputMaybe<StringListFilter>;
  nor?: InputMaybe<Array<InputMaybe<ContainerRepositoryFilter>>>;
  not?: InputMaybe<ContainerRepositoryFilter>;
  or?: InputMaybe<Array<InputMaybe<ContainerRepositoryFilter>>>;
  published?: InputMaybe<BooleanFilter>;
  registry?: InputMaybe<StringFilter>;
  release_categories?: InputMaybe<StringListFilter>;
  repository?: InputMaybe<StringFilter>;
  vendor_label?: InputMaybe<StringFilter>;
};

export type ContainerRepositoryPaginatedResponse = {
  data: Maybe<Array<Maybe<ContainerRepository>>>;
  error: Maybe<ResponseError>;
  page: Maybe<Scalars['Int']['output']>;
  page_size: Maybe<Scalars['Int']['output']>;
  total: Maybe<Scalars['Int']['output']>;
};

export type ContainerRepositoryResponse = {
  data: Maybe<ContainerRepository>;
  error: Maybe<ResponseError>;
};

export type Label = {
  name: Maybe<Scalars['String']['output']>;
  value: Maybe<Scalars['String']['output']>;
};

export type ParsedData = {
  architecture: Maybe<Scalars['String']['output']>;
  labels: Maybe<Array<Maybe<Label>>>;
};

export type Query = {
  find_images: Maybe<ContainerImagePaginatedResponse>;
  find_images_by_nvr: Maybe<ContainerImagePaginatedResponse>;
  find_repositories: Maybe<ContainerRepositoryPaginatedResponse>;
  get_ping: Maybe<Scalars['String']['output']>;
  get_repository_by_registry_path: Maybe<ContainerRepositoryResponse>;
};


export type QueryFind_ImagesArgs = {
  filter: InputMaybe<ContainerImageFilter>;
  page?: InputMaybe<Scalars['Int']['input']>;
  page_size?: InputMaybe<Scalars['Int']['input']>;
  sort_by: InputMaybe<Array<InputMaybe<SortBy>>>;
};


export type QueryFind_Images_By_NvrArgs = {
  filter: InputMaybe<ContainerImageFilter>;
  nvr: InputMaybe<Scalars['String']['input']>;
  page?: InputMaybe<Scalars['Int']['input']>;
  page_size?: InputMaybe<Scalars['Int']['input']>;
  sort_by: InputMaybe<Array<InputMaybe<SortBy>>>;
};


export type QueryFind_RepositoriesArgs = {
  filter: InputMaybe<ContainerRepositoryFilter>;
  page?: InputMaybe<Scalars['Int']['input']>;
  page_size?: InputMaybe<Scalars['Int']['input']>;
  sort_by: InputMaybe<Array<InputMaybe<SortBy>>>;
};


export type QueryGet_Repository_By_Registry_PathArgs = {
  registry: InputMaybe<Scalars['String']['input']>;
  repository: InputMaybe<Scalars['String']['input']>;
};

/** Set when Pyxis could not answer a field (e.g. status 404 for a missing repository). */
export type ResponseError = {
  detail: Maybe<Scalars['String']['output']>;
  status: Maybe<Scalars['Int']['output']>;
};

export type RpmsItems = {
  architecture: Maybe<Scalars['String']['output']>;
  name: Maybe<Scalars['String']['output']>;
  nvra: Maybe<Scalars['String']['output']>;
  release: Maybe<Scalars['String']['output']>;
  srpm_name: Maybe<Scalars['String']['output']>;
  srpm_nevra: Maybe<Scalars['String']['output']>;
  version: Maybe<Scalars['String']['output']>;
};

/** Deviation: see ContainerImageFilter.rpm_manifest. */
export type RpmsItemsFilter = {
  name?: InputMaybe<StringFilter>;
  nvra?: InputMaybe<StringFilter>;
  srpm_name?: InputMaybe<StringFilter>;
};

export type SortBy = {
  field?: InputMaybe<Scalars['String']['input']>;
  order?: InputMaybe<SortDirectionEnum>;
};

export type SortDirectionEnum =
  | 'ASC'
  | 'DESC';

export type StringFilter = {
  eq?: InputMaybe<Scalars['String']['input']>;
  in?: InputMaybe<Array<InputMaybe<Scalars['String']['input']>>>;
  iregex?: InputMaybe<Scalars['String']['input']>;
  ne?: InputMaybe<Scalars['String']['input']>;
  out?: InputMaybe<Array<InputMaybe<Scalars['String']['input']>>>;
  regex?: InputMaybe<Scalars['String']['input']>;
};

export type StringListFilter = {
  all?: InputMaybe<Array<InputMaybe<Scalars['String']['input']>>>;
  eq?: InputMaybe<Scalars['String']['input']>;
  in?: InputMaybe<Array<InputMaybe<Scalars['String']['input']>>>;
  iregex?: InputMaybe<Scalars['String']['input']>;
  ne?: InputMaybe<Scalars['String']['input']>;
  out?: InputMaybe<Array<InputMaybe<Scalars['String']['input']>>>;
  regex?: InputMaybe<Scalars['String']['input']>;
};

export type BooleanFilter = {
  eq?: boolean | null | undefined;
  ne?: boolean | null | undefined;
};

export type BrewFilter = {
  and?: Array<BrewFilter | null | undefined> | null | undefined;
  build?: StringFilter | null | undefined;
  nor?: Array<BrewFilter | null | undefined> | null | undefined;
  not?: BrewFilter | null | undefined;
  nvra?: StringFilter | null | undefined;
  or?: Array<BrewFilter | null | undefined> | null | undefined;
  package?: StringFilter | null | undefined;
};

export type ContainerImageFilter = {
  and?: Array<ContainerImageFilter | null | undefined> | null | undefined;
  architecture?: StringFilter | null | undefined;
  brew?: BrewFilter | null | undefined;
  content_sets?: StringListFilter | null | undefined;
  image_id?: StringFilter | null | undefined;
  nor?: Array<ContainerImageFilter | null | undefined> | null | undefined;
  not?: ContainerImageFilter | null | undefined;
  or?: Array<ContainerImageFilter | null | undefined> | null | undefined;
  repositories?: ContainerImageRepoListFilter | null | undefined;
  repositories_elemMatch?: ContainerImageRepoElemMatchFilter | null | undefined;
  /** Deviation: accepted by the live service, absent from the public schema snapshot. */
  rpm_manifest?: ContainerImageRpmManifestFilter | null | undefined;
};

/** Deviation: see ContainerImageFilter.rpm_manifest. */
export type ContainerImageRpmManifestFilter = {
  rpms?: RpmsItemsFilter | null | undefined;
};

export type ContainerImageRepoElemMatchFilter = {
  and?: Array<ContainerImageRepoFilter | null | undefined> | null | undefined;
  nor?: Array<ContainerImageRepoFilter | null | undefined> | null | undefined;
  not?: ContainerImageRepoFilter | null | undefined;
  or?: Array<ContainerImageRepoFilter | null | undefined> | null | undefined;
};

export type ContainerImageRepoFilter = {
  and?: Array<ContainerImageRepoFilter | null | undefined> | null | undefined;
  nor?: Array<ContainerImageRepoFilter | null | undefined> | null | undefined;
  not?: ContainerImageRepoFilter | null | undefined;
  or?: Array<ContainerImageRepoFilter | null | undefined> | null | undefined;
  published?: BooleanFilter | null | undefined;
  registry?: StringFilter | null | undefined;
  repository?: StringFilter | null | undefined;
  tags?: ContainerImageRepoTagListFilter | null | undefined;
  tags_elemMatch?: ContainerImageRepoTagElemMatchFilter | null | undefined;
};

export type ContainerImageRepoListFilter = {
  and?: Array<ContainerImageRepoFilter | null | undefined> | null | undefined;
  nor?: Array<ContainerImageRepoFilter | null | undefined> | null | undefined;
  not?: ContainerImageRepoFilter | null | undefined;
  or?: Array<ContainerImageRepoFilter | null | undefined> | null | undefined;
  published?: BooleanFilter | null | undefined;
  registry?: StringFilter | null | undefined;
  repository?: StringFilter | null | undefined;
  tags?: ContainerImageRepoTagListFilter | null | undefined;
  tags_elemMatch?: ContainerImageRepoTagElemMatchFilter | null | undefined;
};

export type ContainerImageRepoTagElemMatchFilter = {
  and?: Array<ContainerImageRepoTagFilter | null | undefined> | null | undefined;
  nor?: Array<ContainerImageRepoTagFilter | null | undefined> | null | undefined;
  not?: ContainerImageRepoTagFilter | null | undefined;
  or?: Array<ContainerImageRepoTagFilter | null | undefined> | null | undefined;
};

export type ContainerImageRepoTagFilter = {
  and?: Array<ContainerImageRepoTagFilter | null | undefined> | null | undefined;
  name?: StringFilter | null | undefined;
  nor?: Array<ContainerImageRepoTagFilter | null | undefined> | null | undefined;
  not?: ContainerImageRepoTagFilter | null | undefined;
  or?: Array<ContainerImageRepoTagFilter | null | undefined> | null | undefined;
};

export type ContainerImageRepoTagListFilter = {
  and?: Array<ContainerImageRepoTagFilter | null | undefined> | null | undefined;
  name?: StringFilter | null | undefined;
  nor?: Array<ContainerImageRepoTagFilter | null | undefined> | null | undefined;
  not?: ContainerImageRepoTagFilter | null | undefined;
  or?: Array<ContainerImageRepoTagFilter | null | undefined> | null | undefined;
};

export type ContainerRepositoryFilter = {
  and?: Array<ContainerRepositoryFilter | null | undefined> | null | undefined;
  auto_rebuild_tags?: StringListFilter | null | undefined;
  nor?: Array<ContainerRepositoryFilter | null | undefined> | null | undefined;
  not?: ContainerRepositoryFilter | null | undefined;
  or?: Array<ContainerRepositoryFilter | null | undefined> | null | undefined;
  published?: BooleanFilter | null | undefined;
  registry?: StringFilter | null | undefined;
  release_categories?: StringListFilter | null | undefined;
  repository?: StringFilter | null | undefined;
  vendor_label?: StringFilter | null | undefined;
};

/** Deviation: see ContainerImageFilter.rpm_manifest. */
export type RpmsItemsFilter = {
  name?: StringFilter | null | undefined;
  nvra?: StringFilter | null | undefined;
  srpm_name?: StringFilter | null | undefined;
};

export type StringFilter = {
  eq?: string | null | undefined;
  in?: Array<string | null | undefined> | null | undefined;
  iregex?: string | null | undefined;
  ne?: string | null | undefined;
  out?: Array<string | null | undefined> | null | undefined;
  regex?: string | null | undefined;
};

export type StringListFilter = {
  all?: Array<string | null | undefined> | null | undefined;
  eq?: string | null | undefined;
  in?: Array<string | null | undefined> | null | undefined;
  iregex?: string | null | undefined;
  ne?: string | null | undefined;
  out?: Array<string | null | undefined> | null | undefined;
  regex?: string | null | undefined;
};

export type ResponseErrorFieldsFragment = { status: number | null, detail: string | null };

export type RepositoryFieldsFragment = { release_categories: Array<string | null> | null, auto_rebuild_tags: Array<string | null> | null, registry: string | null, repository: string | null, published: boolean | null };

export type ImageFieldsFragment = { _id: string | null, architecture: string | null, content_sets: Array<string | null> | null, parent_brew_build: string | null, brew: { build: string | null, package: string | null, completion_date: string | null } | null, parsed_data: { labels: Array<{ name: string | null, value: string | null } | null> | null } | null, repositories: Array<{ registry: string | null, repository: string | null, published: boolean | null, push_date: string | null, tags: Array<{ name: string | null } | null> | null } | null> | null, edges?: { rpm_manifest: { data: { image_id: string | null, rpms: Array<{ name: string | null, nvra: string | null, srpm_name: string | null, srpm_nevra: string | null } | null> | null } | null } | null } | null };

export type FindImagesQueryVariables = Exact<{
  page?: number | null | undefined;
  page_size?: number | null | undefined;
  filter?: ContainerImageFilter | null | undefined;
  includeRpms: boolean;
}>;


export type FindImagesQuery = { find_images: { page: number | null, page_size: number | null, total: number | null, error: { status: number | null, detail: string | null } | null, data: Array<{ _id: string | null, architecture: string | null, content_sets: Array<string | null> | null, parent_brew_build: string | null, brew: { build: string | null, package: string | null, completion_date: string | null } | null, parsed_data: { labels: Array<{ name: string | null, value: string | null } | null> | null } | null, repositories: Array<{ registry: string | null, repository: string | null, published: boolean | null, push_date: string | null, tags: Array<{ name: string | null } | null> | null } | null> | null, edges?: { rpm_manifest: { data: { image_id: string | null, rpms: Array<{ name: string | null, nvra: string | null, srpm_name: string | null, srpm_nevra: string | null } | null> | null } | null } | null } | null } | null> | null } | null };

export type FindImagesByNvrQueryVariables = Exact<{
  nvr?: string | null | undefined;
  page?: number | null | undefined;
  page_size?: number | null | undefined;
  includeRpms: boolean;
}>;


export type FindImagesByNvrQuery = { find_images_by_nvr: { page: number | null, page_size: number | null, total: number | null, error: { status: number | null, detail: string | null } | null, data: Array<{ _id: string | null, architecture: string | null, content_sets: Array<string | null> | null, parent_brew_build: string | null, brew: { build: string | null, package: string | null, completion_date: string | null } | null, parsed_data: { labels: Array<{ name: string | null, value: string | null } | null> | null } | null, repositories: Array<{ registry: string | null, repository: string | null, published: boolean | null, push_date: string | null, tags: Array<{ name: string | null } | null> | null } | null> | null, edges?: { rpm_manifest: { data: { image_id: string | null, rpms: Array<{ name: string | null, nvra: string | null, srpm_name: string | null, srpm_nevra: string | null } | null> | null } | null } | null } | null } | null> | null } | null };

export type PingQueryVariables = Exact<{ [key: string]: never; }>;


export type PingQuery = { get_ping: string | null };

export type GetRepositoryByRegistryPathQueryVariables = Exact<{
  registry?: string | null | undefined;
  repository?: string | null | undefined;
}>;


export type GetRepositoryByRegistryPathQuery = { get_repository_by_registry_path: { error: { status: number | null, detail: string | null } | null, data: { release_categories: Array<string | null> | null, auto_rebuild_tags: Array<string | null> | null, registry: string | null, repository: string | null, published: boolean | null } | null } | null };

export type FindRepositoriesQueryVariables = Exact<{
  page?: number | null | undefined;
  page_size?: number | null | undefined;
  filter?: ContainerRepositoryFilter | null | undefined;
}>;


export type FindRepositoriesQuery = { find_repositories: { page: number | null, page_size: number | null, total: number | null, error: { status: number | null, detail: string | null } | null, data: Array<{ release_categories: Array<string | null> | null, auto_rebuild_tags: Array<string | null> | null, registry: string | null, repository: string | null, published: boolean | null } | null> | null } | null };

export const ResponseErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResponseErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ResponseError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]} as unknown as DocumentNode<ResponseErrorFieldsFragment, unknown>;
export const RepositoryFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepositoryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerRepository"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"release_categories"}},{"kind":"Field","name":{"kind":"Name","value":"auto_rebuild_tags"}},{"kind":"Field","name":{"kind":"Name","value":"registry"}},{"kind":"Field","name":{"kind":"Name","value":"repository"}},{"kind":"Field","name":{"kind":"Name","value":"published"}}]}}]} as unknown as DocumentNode<RepositoryFieldsFragment, unknown>;
export const ImageFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_id"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"brew"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"build"}},{"kind":"Field","name":{"kind":"Name","value":"package"}},{"kind":"Field","name":{"kind":"Name","value":"completion_date"}}]}},{"kind":"Field","name":{"kind":"Name","value":"content_sets"}},{"kind":"Field","name":{"kind":"Name","value":"parent_brew_build"}},{"kind":"Field","name":{"kind":"Name","value":"parsed_data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"repositories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registry"}},{"kind":"Field","name":{"kind":"Name","value":"repository"}},{"kind":"Field","name":{"kind":"Name","value":"published"}},{"kind":"Field","name":{"kind":"Name","value":"push_date"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeRpms"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rpm_manifest"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image_id"}},{"kind":"Field","name":{"kind":"Name","value":"rpms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nvra"}},{"kind":"Field","name":{"kind":"Name","value":"srpm_name"}},{"kind":"Field","name":{"kind":"Name","value":"srpm_nevra"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ImageFieldsFragment, unknown>;
export const FindImagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindImages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page_size"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerImageFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeRpms"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"find_images"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"page_size"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page_size"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResponseErrorFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"page_size"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImageFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResponseErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ResponseError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_id"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"brew"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"build"}},{"kind":"Field","name":{"kind":"Name","value":"package"}},{"kind":"Field","name":{"kind":"Name","value":"completion_date"}}]}},{"kind":"Field","name":{"kind":"Name","value":"content_sets"}},{"kind":"Field","name":{"kind":"Name","value":"parent_brew_build"}},{"kind":"Field","name":{"kind":"Name","value":"parsed_data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"repositories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registry"}},{"kind":"Field","name":{"kind":"Name","value":"repository"}},{"kind":"Field","name":{"kind":"Name","value":"published"}},{"kind":"Field","name":{"kind":"Name","value":"push_date"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeRpms"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rpm_manifest"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image_id"}},{"kind":"Field","name":{"kind":"Name","value":"rpms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nvra"}},{"kind":"Field","name":{"kind":"Name","value":"srpm_name"}},{"kind":"Field","name":{"kind":"Name","value":"srpm_nevra"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindImagesQuery, FindImagesQueryVariables>;
export const FindImagesByNvrDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindImagesByNvr"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"nvr"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page_size"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"includeRpms"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"find_images_by_nvr"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"nvr"},"value":{"kind":"Variable","name":{"kind":"Name","value":"nvr"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"page_size"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page_size"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResponseErrorFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"page_size"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImageFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResponseErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ResponseError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerImage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"_id"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"brew"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"build"}},{"kind":"Field","name":{"kind":"Name","value":"package"}},{"kind":"Field","name":{"kind":"Name","value":"completion_date"}}]}},{"kind":"Field","name":{"kind":"Name","value":"content_sets"}},{"kind":"Field","name":{"kind":"Name","value":"parent_brew_build"}},{"kind":"Field","name":{"kind":"Name","value":"parsed_data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"repositories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registry"}},{"kind":"Field","name":{"kind":"Name","value":"repository"}},{"kind":"Field","name":{"kind":"Name","value":"published"}},{"kind":"Field","name":{"kind":"Name","value":"push_date"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"includeRpms"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rpm_manifest"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image_id"}},{"kind":"Field","name":{"kind":"Name","value":"rpms"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nvra"}},{"kind":"Field","name":{"kind":"Name","value":"srpm_name"}},{"kind":"Field","name":{"kind":"Name","value":"srpm_nevra"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindImagesByNvrQuery, FindImagesByNvrQueryVariables>;
export const PingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Ping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"get_ping"}}]}}]} as unknown as DocumentNode<PingQuery, PingQueryVariables>;
export const GetRepositoryByRegistryPathDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetRepositoryByRegistryPath"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"registry"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"repository"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"get_repository_by_registry_path"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"registry"},"value":{"kind":"Variable","name":{"kind":"Name","value":"registry"}}},{"kind":"Argument","name":{"kind":"Name","value":"repository"},"value":{"kind":"Variable","name":{"kind":"Name","value":"repository"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResponseErrorFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepositoryFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResponseErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ResponseError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepositoryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerRepository"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"release_categories"}},{"kind":"Field","name":{"kind":"Name","value":"auto_rebuild_tags"}},{"kind":"Field","name":{"kind":"Name","value":"registry"}},{"kind":"Field","name":{"kind":"Name","value":"repository"}},{"kind":"Field","name":{"kind":"Name","value":"published"}}]}}]} as unknown as DocumentNode<GetRepositoryByRegistryPathQuery, GetRepositoryByRegistryPathQueryVariables>;
export const FindRepositoriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindRepositories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page_size"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerRepositoryFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"find_repositories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"page_size"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page_size"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ResponseErrorFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"page_size"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RepositoryFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ResponseErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ResponseError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RepositoryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContainerRepository"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"release_categories"}},{"kind":"Field","name":{"kind":"Name","value":"auto_rebuild_tags"}},{"kind":"Field","name":{"kind":"Name","value":"registry"}},{"kind":"Field","name":{"kind":"Name","value":"repository"}},{"kind":"Field","name":{"kind":"Name","value":"published"}}]}}]} as unknown as DocumentNode<FindRepositoriesQuery, FindRepositoriesQueryVariables>;