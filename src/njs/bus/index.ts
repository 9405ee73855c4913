/**
 * `tresty/bus`: Lusty's event bus. Channels are namespaced with `:`; publishing `data:store:user`
 * runs the subscribers of `data:store:user`, then `data:store`, then `data`.
 *
 *   import { bus, stop } from 'tresty/bus'
 *   bus.subscribe('data:request:user:get', (q, id) => stop(loadUser(q, id)))
 *   const [user] = await bus.publish('data:request:user:get', q, '42')
 *
 * Within njs the bus lives as long as module state does: per request on the njs engine, per
 * pooled context on QuickJS. Subscribe at module load (present in every request); see docs/bus.md.
 */
/// <reference path="./events.d.ts" />
import { createBus, type Bus } from '../../shared/bus.ts'
import type { CallContext, CallOptions } from '../sidecar/transport.ts'
import { publishRemote } from './remote.ts'

export { createBus, stop, channelChain } from '../../shared/bus.ts'
export type { Bus, BusError, BusHandler, Stop, SubscribeOptions, Subscription, WireTarget, Wiring } from '../../shared/bus.ts'
export type { RemoteMeta } from '../../shared/bus-protocol.ts'
export { busRequests, requestChannel } from './http.ts'
export { busLog } from './log-channels.ts'
export { publishRemote } from './remote.ts'
export { busDelivery, type DeliveryOptions } from './deliver.ts'

export interface NginxBus extends Bus {
  /** Publishes `payload` (JSON) through the sidecar to Redis pub/sub; see remote.ts. */
  publishRemote(ctx: CallContext, channel: string, payload?: unknown, o?: CallOptions): Promise<number>
}

/** A bus with `publishRemote`. */
export function createNginxBus(): NginxBus {
  const b = createBus() as NginxBus
  b.publishRemote = publishRemote
  return b
}

/** The app's bus: one per module instance, made at module load. */
export const bus = createNginxBus()
export { persistence, storeHandlers, type Store, type StoreHandlers } from './persistence.ts'
export { redisStore, type RedisStoreOptions } from './redis-store.ts'
