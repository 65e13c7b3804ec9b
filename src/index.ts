export { DEFAULT_PYXIS_URL, PyxisClient, type PyxisClientOptions } from './client/index.js';
export {
  PyxisError,
  PyxisGraphQLError,
  PyxisHttpError,
  PyxisRequestError,
  PyxisTimeoutError,
} from './errors/index.js';
export type { CallOptions } from './execution/index.js';
export type { PageOptions, PyxisImage, PyxisRepository, RegistryPath } from './pyxis/index.js';
