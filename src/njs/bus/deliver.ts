/**
 * The nginx end of Node → nginx messages: the js_content handler behind `nginx/bus.conf`'s
 * loopback-only location. This host's sidecar POSTs `{ channel, payload }` with its secret;
 * the message is published on the local bus as `(payload, { channel, via: 'nginx' })`.
 *
 *   export default Object.assign(a, { busDeliver: busDelivery(bus) })   // js_content app.busDeliver
 *   # nginx.conf, main context:  env TRESTY_SIDECAR_SECRET;
 *
 * One delivery runs in ONE worker of one nginx, in a request of its own: subscribers that must
 * affect every worker write to a shared dict (`ngx.shared`), not to module state.
 * Without a configured secret every delivery is refused.
 */
import { channelChain, type Bus } from '../../shared/bus.ts'
import type { BusDeliverResponse, BusEnvelope, RemoteMeta } from '../../shared/bus-protocol.ts'
import { SECRET_HEADER } from '../../shared/sidecar-protocol.ts'
import { sameSecret, sidecarSecret } from '../sidecar/secret.ts'
import { errorText } from './log-channels.ts'

export interface DeliveryOptions {
  /** The shared secret; default `process.env.TRESTY_SIDECAR_SECRET`. */
  secret?: string
}

function reply(r: NginxHTTPRequest, status: number, body: object) {
  r.headersOut['Content-Type'] = 'application/json'
  r.return(status, JSON.stringify(body))
}

function refuse(r: NginxHTTPRequest, status: number, message: string) {
  reply(r, status, { error: { status, message } })
}

function envelopeOf(text: string): BusEnvelope | string {
  let m: any
  try {
    m = JSON.parse(text)
  } catch (e) {
    return 'the body is not JSON'
  }
  if (!m || typeof m !== 'object' || typeof m.channel !== 'string') return 'channel must be a string'
  try {
    channelChain(m.channel)
  } catch (e) {
    return (e as Error).message
  }
  return m as BusEnvelope
}

export function busDelivery(b: Bus, o?: DeliveryOptions): (r: NginxHTTPRequest) => void {
  return (r: NginxHTTPRequest) => {
    if (r.method !== 'POST') {
      r.headersOut['Allow'] = 'POST'
      return refuse(r, 405, 'bus deliveries are POSTed')
    }
    const secret = (o && o.secret) || sidecarSecret()
    const given = r.headersIn[SECRET_HEADER]
    if (!secret || typeof given !== 'string' || !sameSecret(given, secret)) return refuse(r, 403, 'bus delivery refused')
    const m = envelopeOf(r.requestText || '')
    if (typeof m === 'string') return refuse(r, 400, m)
    const meta: RemoteMeta = { channel: m.channel, via: 'nginx' }
    b.publish(m.channel, m.payload, meta).then(
      (results) => reply(r, 200, { results: results.length } as BusDeliverResponse),
      (e) => {
        ngx.log(ngx.ERR, `tresty bus: delivery of "${m.channel}" failed: ${errorText(e)}`)
        refuse(r, 500, `a subscriber of "${e && e.channel || m.channel}" failed`)
      },
    )
  }
}
