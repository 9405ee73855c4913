/**
 * Invalidation fan-out: every sidecar subscribes to the invalidation channel and relays each
 * message to its own nginx (a POST with the shared secret), which purges its tier 1.
 * A callback that fails is logged, not retried: tier 1's ttl bounds how long a value stays stale.
 */
import { Redis } from 'ioredis'
import { SECRET_HEADER } from '../../../shared/sidecar-protocol.ts'
import { logError } from '../log.ts'
import { redactUrl } from '../redis/client.ts'

export interface RelayOptions {
  redisUrl: string
  channel: string
  /** Full callback URL, e.g. `http://127.0.0.1:8080/_tresty/cache/invalidate`. */
  target: string
  secret: string
  timeoutMs: number
}

export interface Relay {
  /** Resolves once subscribed (so nothing published after it is missed). */
  ready: Promise<void>
  stop(): Promise<void>
}

export function startRelay(o: RelayOptions): Relay {
  // Its own connection: a subscribed connection can do nothing else. ioredis re-subscribes
  // after reconnecting, so the relay survives Redis restarts.
  const sub = new Redis(o.redisUrl, { retryStrategy: (times) => Math.min(times * 100, 1000), maxRetriesPerRequest: null })
  let reported = false
  sub.on('error', (err) => {
    if (!reported) logError(`invalidation subscriber, Redis ${redactUrl(o.redisUrl)}`, err)
    reported = true
  })
  sub.on('ready', () => { reported = false })
  sub.on('message', (_channel: string, message: string) => {
    forward(o, message).catch((err) => logError(`invalidation callback to ${o.target} failed`, err))
  })
  return {
    ready: sub.subscribe(o.channel).then(() => undefined),
    stop: async () => { sub.disconnect() },
  }
}

export async function forward(o: Pick<RelayOptions, 'target' | 'secret' | 'timeoutMs'>, message: string) {
  const res = await fetch(o.target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SECRET_HEADER]: o.secret },
    body: message,
    signal: AbortSignal.timeout(o.timeoutMs),
  })
  await res.arrayBuffer()
  if (!res.ok) throw new Error(`HTTP ${res.status}`)
}
