/** `tresty/cache`: the tiered cache (shared dict, then Redis through the sidecar). */
export { cache, purgeLocal } from './tiered-cache.ts'
export type { Cache, CacheOptions, GetOptions, Loader, Peeked } from './tiered-cache.ts'
export type { Tier2, Tier2Entry } from './tier2.ts'
export { sidecarTier2 } from './sidecar-tier2.ts'
export { cacheInvalidation, INVALIDATE_PATH, type InvalidationOptions } from './invalidate.ts'
export { mongoTier2, MONGO_CACHE_COLLECTION } from './mongo-tier2.ts'
