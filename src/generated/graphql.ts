/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
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