// Versions reported to clients. Clients pick features from redis_version, so we report the Redis
// release whose behaviour we follow, and our own version separately.

import pkg from '../../package.json' with { type: 'json' };

export const REDIS_VERSION = '7.2.4';
export const RESPITE_VERSION: string = pkg.version;
