/**
 * The sidecar's part of tresty/bus: `POST /bus/publish` (what njs `bus.publishRemote` calls)
 * publishes to Redis; and, when TRESTY_BUS_DELIVER names namespaces, a subscriber that POSTs each
 * message of those namespaces to this host's nginx (nginx/bus.conf), in order, with the secret.
 * A delivery that fails is logged, not retried (pub/sub is at most once).
 */
import { Redis } from 'ioredis'
import { BUS_PUBLISH_PATH, BUS_REDIS_PREFIX, type BusPublishResponse } from '../../../shared/bus-protocol.ts'
import { channelChain } from '../../../shared/bus.ts'
import { busChannelOf, busPatterns, payloadOf } from '../../bus/patterns.ts'
import type { SidecarConfig } from '../sidecar-config.ts'
import { check } from '../errors.ts'
import { endpoint, type Route } from '../http/router.ts'
import { forward } from '../cache/relay.ts'
import { logError } from '../log.ts'
import { withRedis } from '../redis/errors.ts'
import { redactUrl } from '../redis/client.ts'

function validChannel(channel: unknown): boolean {
  try {
    channelChain(channel as string)
    return true
  } catch {
    return false
  }
}

/** The bus routes; starts the delivery subscriber when configured (its stop goes to `cleanups`). */
export async function busRoutes(redis: Redis, url: string, config: SidecarConfig, cleanups: (() => Promise<unknown>)[]): Promise<Route[]> {
  if (config.busDeliver.length > 0) {
    if (!config.nginxUrl) throw new Error('sidecar config: busDeliver needs nginxUrl (TRESTY_NGINX_URL) to deliver to')
    const stop = await startDelivery(config)
    cleanups.push(stop)
  }
  return [endpoint({
    method: 'POST', path: BUS_PUBLISH_PATH,
    async handle({ body }): Promise<BusPublishResponse> {
      check(validChannel(body.channel), 'channel must be non-empty segments separated by ":"')
      const message = JSON.stringify({ channel: body.channel, payload: body.payload === undefined ? null : body.payload })
      return { receivers: await withRedis(url, () => redis.publish(BUS_REDIS_PREFIX + (body.channel as string), message)) }
    },
  })]
}

async function startDelivery(config: SidecarConfig): Promise<() => Promise<void>> {
  const target = { target: new URL(config.busDeliverPath, config.nginxUrl).href, secret: config.secret, timeoutMs: config.redisTimeoutMs * 2 }
  const sub = new Redis(config.redisUrl, { retryStrategy: (times) => Math.min(times * 100, 1000), maxRetriesPerRequest: null })
  let reported = false
  sub.on('error', (err) => {
    if (!reported) logError(`bus delivery subscriber, Redis ${redactUrl(config.redisUrl)}`, err)
    reported = true
  })
  sub.on('ready', () => { reported = false })
  // One delivery at a time, so nginx sees messages in the order Redis delivered them.
  let queue: Promise<void> = Promise.resolve()
  sub.on('pmessage', (_pattern: string, redisChannel: string, message: string) => {
    const channel = busChannelOf(redisChannel)
    const m = payloadOf(message)
    if (channel === null || !m) return
    const body = JSON.stringify({ channel, payload: m.payload })
    queue = queue.then(() => forward(target, body)).catch((err) => logError(`bus delivery of "${channel}" to ${target.target} failed`, err))
  })
  // Subscribed before serving, unless Redis is down (then ioredis subscribes once it is back).
  const subscribed = sub.psubscribe(...busPatterns(config.busDeliver)).then(() => undefined)
  await Promise.race([subscribed, new Promise((r) => setTimeout(r, config.redisTimeoutMs))])
  return async () => { sub.disconnect() }
}
