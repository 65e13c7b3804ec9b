export type { RegistryPath } from './filters.js';
export { type PageOptions, type PyxisImage, PyxisMethods, type PyxisRepository } from './methods.js';
