/**
 * Channels that cross the process. `bus.publishRemote(q, channel, payload)` sends the payload
 * through this host's sidecar to Redis pub/sub (`tresty:bus:<channel>`); Node subscribers
 * (`remoteBus` from `tresty/node`: task workers, other services) and every host's sidecar get
 * it. A sidecar configured to deliver the channel's namespace (TRESTY_BUS_DELIVER) POSTs it to
 * its nginx, where `busDelivery(bus)` publishes it to the nginx-side subscribers.
 * The request `q` is needed because njs reaches the sidecar through a subrequest.
 */
import { channelChain } from '../../shared/bus.ts'
import { BUS_PUBLISH_PATH, type BusPublishResponse } from '../../shared/bus-protocol.ts'
import { postJson, type CallContext, type CallOptions } from '../sidecar/transport.ts'

/** Resolves to the number of Redis subscribers that received it (Node processes and sidecars). */
export function publishRemote(ctx: CallContext, channel: string, payload?: unknown, o?: CallOptions): Promise<number> {
  try {
    channelChain(channel)
  } catch (e) {
    return Promise.reject(e)
  }
  return postJson(ctx, BUS_PUBLISH_PATH, { channel, payload: payload === undefined ? null : payload }, o)
    .then((res: BusPublishResponse) => res.receivers)
}
