/**
 * The invalidation callback: each host's sidecar POSTs what another host deleted or purged to
 * its own nginx, which drops those keys from tier 1. Mount it where nginx's protected location
 * sends it (nginx/locations.conf: loopback only), and give nginx the sidecar's secret:
 *
 *   a.post('/_tresty/cache/invalidate', cacheInvalidation())
 *   # nginx.conf, main context:  env TRESTY_SIDECAR_SECRET;
 *
 * Without a configured secret every callback is refused.
 */
import { HttpError } from '../http-error.ts'
import type { Handler, Request } from '../types.ts'
import { CACHE_INVALIDATE_PATH, SECRET_HEADER, type InvalidationMessage } from '../../shared/sidecar-protocol.ts'
import { purgeLocal } from './tiered-cache.ts'
import { zoneOf } from './cache-zones.ts'
import { sameSecret, sidecarSecret } from '../sidecar/secret.ts'

/** Where the sidecar sends invalidations (the contract's CACHE_INVALIDATE_PATH). */
export const INVALIDATE_PATH = CACHE_INVALIDATE_PATH

export interface InvalidationOptions {
  /** The shared secret; default `process.env.TRESTY_SIDECAR_SECRET`. */
  secret?: string
}

function isKeyList(v: any): v is string[] {
  if (!Array.isArray(v)) return false
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string' || v[i] === '') return false
  return true
}

export function cacheInvalidation(o?: InvalidationOptions): Handler {
  return (q: Request) => {
    const secret = (o && o.secret) || sidecarSecret()
    const given = q.headers[SECRET_HEADER] || ''
    if (!secret || !sameSecret(given, secret)) throw HttpError(403, 'invalidation refused')
    const m = q.json<InvalidationMessage>()
    if (!m || typeof m !== 'object' || typeof m.cache !== 'string' || m.cache === '') throw HttpError(400, 'cache must be a non-empty string')
    const zone = zoneOf(m.cache)
    if (m.purge === true) return { dropped: purgeLocal(zone, m.cache) }
    if (!isKeyList(m.keys)) throw HttpError(400, 'keys must be an array of non-empty strings, or purge: true')
    const d = ngx.shared[zone]
    let dropped = 0
    for (let i = 0; d && i < m.keys.length; i++) if (d.delete(m.cache + ':' + m.keys[i])) dropped++
    return { dropped }
  }
}
