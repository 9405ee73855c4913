/**
 * The Redis connection behind the HTTP endpoints. It fails fast while Redis is down (no offline
 * queue, short connect and command timeouts) and keeps reconnecting so calls recover on their own.
 */
import { Redis } from 'ioredis'
import { logError } from '../log.ts'

export function connectRedis(url: string, timeoutMs: number): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  })
  let reported = false
  redis.on('error', (err) => {
    // ioredis emits an error per reconnect attempt; one line per outage is enough.
    if (!reported) logError(`Redis ${redactUrl(url)}`, err)
    reported = true
  })
  redis.on('ready', () => { reported = false })
  return redis
}

/** A Redis URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
}

/**
 * Gives a fresh connection up to `ms` to become ready, so the first requests after start do not
 * fail; Redis being down at start is not an error (calls answer 503 until it is back).
 */
export function settle(redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); redis.off('ready', done); resolve() }
    const timer = setTimeout(done, ms)
    redis.once('ready', done)
  })
}
