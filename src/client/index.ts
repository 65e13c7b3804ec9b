export { PyxisClient, type PyxisClientOptions } from './client.js';
export { DEFAULT_PYXIS_URL } from './options.js';
