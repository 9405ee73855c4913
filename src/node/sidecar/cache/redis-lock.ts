/**
 * A Redis lock for cross-host single flight: SET NX PX with a random token, released only by
 * the holder of that token (so a lock that expired and was taken by another host is left alone).
 */
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import {
  LOCK_ACQUIRE_PATH, LOCK_RELEASE_PATH, type LockAcquireResponse, type LockReleaseResponse,
} from '../../../shared/sidecar-protocol.ts'
import { check } from '../errors.ts'
import { endpoint, type Route } from '../http/router.ts'
import { withRedis } from '../redis/errors.ts'
import { cacheKey, isTtl } from './redis-tier2.ts'

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`

export function lockRoutes(redis: Redis, url: string, keyPrefix: string): Route[] {
  const keyOf = (key: string) => `${keyPrefix}lock:${key}`
  return [
    endpoint({
      method: 'POST', path: LOCK_ACQUIRE_PATH,
      handle: ({ body }): Promise<LockAcquireResponse> => {
        const key = keyOf(cacheKey(body.key))
        check(isTtl(body.ttlMs), 'ttlMs must be an integer > 0')
        const token = randomUUID()
        return withRedis(url, async () => ({
          token: (await redis.set(key, token, 'PX', body.ttlMs as number, 'NX')) === 'OK' ? token : null,
        }))
      },
    }),
    endpoint({
      method: 'POST', path: LOCK_RELEASE_PATH,
      handle: ({ body }): Promise<LockReleaseResponse> => {
        const key = keyOf(cacheKey(body.key))
        const token = cacheKey(body.token, 'token')
        return withRedis(url, async () => ({ released: (await redis.eval(RELEASE, 1, key, token)) === 1 }))
      },
    }),
  ]
}
