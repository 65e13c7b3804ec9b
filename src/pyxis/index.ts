export type { RegistryPath } from './filters.js';
export {
  type PageOptions,
  type Paging,
  type PyxisImage,
  PyxisMethods,
  type PyxisRepository,
  type RequestArguments,
} from './methods.js';
export type { PagedLookup } from './response.js';
