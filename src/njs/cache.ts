/** `import { cache, cacheInvalidation } from 'tresty/cache'` — see cache/index.ts. */
export * from './cache/index.ts'
