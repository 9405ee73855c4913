/**
 * Tier 2 in MongoDB through the sidecar: one document per key in `collection`
 * (`{_id: "<cache>:<key>", value, expiresAt}`; the sidecar keeps a TTL index on `expiresAt`).
 * Locks and the invalidation fan-out to every host's tier 1 still go through Redis, as with
 * sidecarTier2: MongoDB holds the values, Redis coordinates.
 *
 *   cache('users', { tier2: mongoTier2() })
 */
import { mongo } from '../sidecar/mongo.ts'
import { lock, tier2 } from '../sidecar/cache-client.ts'
import type { Tier2 } from './tier2.ts'
import { MONGO_CACHE_COLLECTION } from '../../shared/sidecar-protocol.ts'

/** The collection the sidecar indexes for expiry (see src/node/sidecar/sidecar.ts). */
export { MONGO_CACHE_COLLECTION }

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function mongoTier2(collection?: string): Tier2 {
  const coll = collection || MONGO_CACHE_COLLECTION
  const id = (cache: string, key: string) => cache + ':' + key
  return {
    get: (q, cache, key) => mongo.findOne(q, coll, { filter: { _id: id(cache, key) } }).then((doc: any) => {
      if (!doc) return null
      const left = doc.expiresAt ? new Date(doc.expiresAt).getTime() - Date.now() : null
      // The TTL index removes expired documents about once a minute: until then they are misses.
      if (left !== null && left <= 0) return null
      return { value: String(doc.value), ttlMs: left }
    }),
    set: (q, cache, key, value, ttlMs) => mongo.updateOne(q, coll, {
      filter: { _id: id(cache, key) },
      update: { $set: { value, expiresAt: new Date(Date.now() + Math.max(1, Math.round(ttlMs))) } },
      upsert: true,
    }).then(() => undefined),
    invalidate: (q, cache, keys) => {
      const filter = keys ? { _id: { $in: keys.map((k) => id(cache, k)) } } : { _id: { $regex: '^' + escapeRegex(cache + ':') } }
      // Delete the values, then let every host drop its tier-1 copies (Redis pub/sub via the sidecars).
      return mongo.deleteMany(q, coll, { filter }).then(() => (keys ? tier2.delete(q, cache, keys) : tier2.purge(q, cache))).then(() => undefined)
    },
    lock: (q, key, ttlMs) => lock.acquire(q, key, Math.max(1, Math.round(ttlMs))),
    unlock: (q, key, token) => lock.release(q, key, token).then(() => undefined),
  }
}
