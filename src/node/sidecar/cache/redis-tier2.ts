/**
 * Cache tier 2 in Redis, shared by every host: get/set with a ttl, and delete/purge that also
 * tells every host's tier 1 to drop the keys (see relay.ts).
 */
import type { Redis } from 'ioredis'
import {
  CACHE_DELETE_PATH, CACHE_GET_PATH, CACHE_SET_PATH, type CacheDeleteResponse, type CacheGetResponse, type InvalidationMessage,
} from '../../../shared/sidecar-protocol.ts'
import { check } from '../errors.ts'
import type { JsonObject } from '../http/body.ts'
import { endpoint, type Route } from '../http/router.ts'
import { withRedis } from '../redis/errors.ts'

export interface Tier2Options {
  keyPrefix: string
  invalidateChannel: string
}

const SCAN_BATCH = 500

export function tier2Routes(redis: Redis, url: string, o: Tier2Options): Route[] {
  const keyOf = (cache: string, key: string) => `${o.keyPrefix}cache:${cache}:${key}`
  return [
    endpoint({
      method: 'POST', path: CACHE_GET_PATH,
      handle: ({ body }): Promise<CacheGetResponse> => withRedis(url, async () => {
        const key = keyOf(cacheName(body), cacheKey(body.key))
        const [[, value], [, pttl]] = (await redis.multi().get(key).pttl(key).exec()) as [unknown, unknown][]
        return { value: (value as string | null) ?? null, ttlMs: typeof pttl === 'number' && pttl >= 0 ? pttl : null }
      }),
    }),
    endpoint({
      method: 'POST', path: CACHE_SET_PATH,
      handle: ({ body }) => {
        const key = keyOf(cacheName(body), cacheKey(body.key))
        check(typeof body.value === 'string', 'value must be a string (tier 1 and 2 keep serialized values)')
        check(isTtl(body.ttlMs), 'ttlMs must be an integer > 0')
        return withRedis(url, async () => {
          await redis.set(key, body.value as string, 'PX', body.ttlMs as number)
          return { ok: true }
        })
      },
    }),
    endpoint({
      method: 'POST', path: CACHE_DELETE_PATH,
      handle: ({ body }): Promise<CacheDeleteResponse> => {
        const cache = cacheName(body)
        const keys = body.keys === undefined ? [] : body.keys
        check(Array.isArray(keys) && keys.every((k) => typeof k === 'string' && k !== ''), 'keys must be an array of non-empty strings')
        check(keys.length > 0 || body.purge === true, 'give keys, or purge: true')
        const message: InvalidationMessage = body.purge === true ? { cache, purge: true } : { cache, keys }
        return withRedis(url, async () => {
          const deleted = message.purge
            ? await unlinkMatching(redis, `${globEscape(keyOf(cache, ''))}*`)
            : await redis.unlink(...keys.map((k) => keyOf(cache, k)))
          const receivers = await redis.publish(o.invalidateChannel, JSON.stringify(message))
          return { deleted, receivers }
        })
      },
    }),
  ]
}

async function unlinkMatching(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0'
  let deleted = 0
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH)
    if (keys.length) deleted += await redis.unlink(...keys)
    cursor = next
  } while (cursor !== '0')
  return deleted
}

function cacheName(body: JsonObject): string {
  check(typeof body.cache === 'string' && body.cache !== '' && !body.cache.includes(':'), 'cache must be a non-empty name without ":"')
  return body.cache
}

export function cacheKey(v: unknown, what = 'key'): string {
  check(typeof v === 'string' && v !== '', `${what} must be a non-empty string`)
  return v
}

export function isTtl(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0
}

/** Escapes Redis glob characters so a cache name matches only itself. */
function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&')
}
