export { PyxisClient, type PyxisClientOptions } from './client.js';
export { DEFAULT_PYXIS_URL, type RetryDelayOptions } from './options.js';
