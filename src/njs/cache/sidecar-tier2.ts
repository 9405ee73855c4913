/**
 * Tier 2 through the Node sidecar: Redis values, Redis locks, invalidation fan-out.
 *
 *   cache('users', { tier2: sidecarTier2 })
 *
 * A separate export, so apps whose caches stay in tier 1 do not bundle the sidecar client.
 */
import { lock, tier2 } from '../sidecar/cache-client.ts'
import type { Tier2 } from './tier2.ts'

export const sidecarTier2: Tier2 = {
  get: (q, cache, key) => tier2.get(q, cache, key).then((res) => (res.value === null ? null : { value: res.value, ttlMs: res.ttlMs })),
  set: (q, cache, key, value, ttlMs) => tier2.set(q, cache, key, value, Math.max(1, Math.round(ttlMs))),
  invalidate: (q, cache, keys) => (keys ? tier2.delete(q, cache, keys) : tier2.purge(q, cache)).then(() => undefined),
  lock: (q, key, ttlMs) => lock.acquire(q, key, Math.max(1, Math.round(ttlMs))),
  unlock: (q, key, token) => lock.release(q, key, token).then(() => undefined),
}
