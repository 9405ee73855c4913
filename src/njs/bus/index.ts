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
import { createBus } from './bus.ts'

export { createBus, stop, channelChain } from './bus.ts'
export type { Bus, BusError, BusHandler, Stop, SubscribeOptions, Subscription, WireTarget, Wiring } from './bus.ts'

/** The app's bus: one per module instance, made at module load. */
export const bus = createBus()

export { busRequests, requestChannel } from './http.ts'
export { busLog } from './log.ts'
