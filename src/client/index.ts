export { PyxisClient } from './client.js';
export { DEFAULT_PYXIS_URL, type PyxisClientOptions } from './options.js';
