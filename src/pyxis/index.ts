export type { RegistryPath } from './filters.js';
export {
  type DataWithErrors,
  type PageOptions,
  type Paging,
  type PyxisImage,
  PyxisMethods,
  type PyxisRepository,
  type RequestArguments,
  type RequestArgumentsReturningErrors,
  type RequestCallOptions,
  type ReturnErrorsOptions,
} from './methods.js';
export type { PagedLookup } from './response.js';
