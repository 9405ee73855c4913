/**
 * tresty/bus on the Node side (`remoteBus` from `tresty/node`): the same bus nginx runs, fed by
 * Redis pub/sub. What nginx publishes with `bus.publishRemote(q, channel, payload)` arrives
 * here as `(payload, { channel, via: 'node' })` on `channel`, then its parents; and what Node
 * publishes with `remote.publishRemote(channel, payload)` reaches every other remoteBus and, for
 * the namespaces a sidecar delivers (TRESTY_BUS_DELIVER), that host's nginx-side subscribers.
 *
 *   import { remoteBus } from 'tresty/node'
 *   const remote = remoteBus({ redisUrl: process.env.TRESTY_REDIS_URL!, channels: ['notes'] })
 *   remote.subscribe('notes:changed', (note) => reindex(note))
 *   await remote.publishRemote('notes:reindexed', { at: Date.now() })
 *
 * Pub/sub delivers to every subscriber that is connected at that moment, once each: each task
 * worker process with a remoteBus gets every message (use tasks for work that must run once),
 * and a process that is down misses what was published meanwhile.
 */
import { Redis } from 'ioredis'
import { channelChain, createBus, type Bus } from '../../shared/bus.ts'
import { BUS_REDIS_PREFIX, type RemoteMeta } from '../../shared/bus-protocol.ts'
import { busChannelOf, busPatterns, payloadOf } from './patterns.ts'

export interface RemoteBusOptions {
  redisUrl: string
  /** Namespaces to receive (`notes` = `notes` and `notes:*`); default every bus channel. */
  channels?: string[]
  /** Called when a message cannot be read or a subscriber fails (default: stderr). */
  onError?: (err: unknown, channel: string) => void
}

export interface RemoteBus extends Bus {
  /** Resolves once subscribed: nothing published after it is missed. */
  ready: Promise<void>
  /** Publishes to Redis; resolves to the number of receivers (Node processes and sidecars). */
  publishRemote(channel: string, payload?: unknown): Promise<number>
  close(): Promise<void>
}

export function remoteBus(o: RemoteBusOptions): RemoteBus {
  const patterns = busPatterns(o.channels)
  const onError = o.onError ?? ((err: unknown, channel: string) =>
    process.stderr.write(`tresty bus: message on "${channel}": ${err instanceof Error ? err.message : String(err)}\n`))
  const retry = { retryStrategy: (times: number) => Math.min(times * 100, 1000), maxRetriesPerRequest: null }
  // A subscribed connection can do nothing else: one to listen, one to publish. ioredis
  // re-subscribes after a reconnect.
  const sub = new Redis(o.redisUrl, retry)
  const pub = new Redis(o.redisUrl, retry)
  sub.on('error', () => undefined)
  pub.on('error', () => undefined)
  const b = createBus() as RemoteBus
  sub.on('pmessage', (_pattern: string, redisChannel: string, message: string) => {
    const channel = busChannelOf(redisChannel)
    const m = payloadOf(message)
    if (channel === null || !m) return onError(new Error('not a tresty bus message'), redisChannel)
    const meta: RemoteMeta = { channel, via: 'node' }
    b.publish(channel, m.payload, meta).catch((err) => onError(err, channel))
  })
  b.ready = sub.psubscribe(...patterns).then(() => undefined)
  b.publishRemote = async (channel: string, payload?: unknown) => {
    channelChain(channel)
    return pub.publish(BUS_REDIS_PREFIX + channel, JSON.stringify({ channel, payload: payload === undefined ? null : payload }))
  }
  b.close = async () => {
    sub.disconnect()
    pub.disconnect()
  }
  return b
}
