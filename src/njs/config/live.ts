/**
 * Live config values in nginx: what the sidecar mirrored from etcd into the `tresty_config`
 * shared dict, the same in every worker, updated without a reload. When etcd is down the
 * last known values stay (see `liveStatus()`).
 */
import { HttpError } from '../http-error.ts'
import { sharedZone } from '../utils/zones.ts'
import type { Handler, Request } from '../types.ts'
import { SECRET_HEADER } from '../../shared/sidecar-protocol.ts'
import { sameSecret as same, sidecarSecret as envSecret } from '../sidecar/secret.ts'
import { CONFIG_STATUS_KEY, CONFIG_VALUE_PREFIX, CONFIG_ZONE, type ConfigSyncMessage, type MirrorStatus } from '../../shared/live-config.ts'

function zone(): NgxSharedDict<string> {
  const d = sharedZone<string>(CONFIG_ZONE)
  if (!d) throw new Error(`tresty/config: no js_shared_dict_zone "${CONFIG_ZONE}" (include nginx/http.conf)`)
  return d
}

/** The value of `name` (e.g. 'feature.x'), or `fallback` when etcd has none. */
export function liveGet(name: string, fallback?: string): string | undefined {
  const v = zone().get(CONFIG_VALUE_PREFIX + name)
  return v === undefined ? fallback : v
}

/** Every mirrored name and value (at most `max`, default 10,000). */
export function liveAll(max?: number): Record<string, string> {
  const items = zone().items(max || 10000)
  const out: Record<string, string> = {}
  for (let i = 0; i < items.length; i++) {
    const k = items[i][0]
    if (k.indexOf(CONFIG_VALUE_PREFIX) === 0) out[k.slice(CONFIG_VALUE_PREFIX.length)] = items[i][1] as string
  }
  return out
}

/** The mirror's state as the sidecar last reported it, or null before the first sync. */
export function liveStatus(): MirrorStatus | null {
  const s = zone().get(CONFIG_STATUS_KEY)
  return s === undefined ? null : JSON.parse(s)
}

function isStringMap(v: any): v is Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false
  const keys = Object.keys(v)
  for (let i = 0; i < keys.length; i++) if (typeof v[keys[i]] !== 'string') return false
  return true
}

/**
 * The sync endpoint the sidecar posts to. Mount it where nginx/config-sync.conf sends it and
 * give nginx the sidecar's secret (`env TRESTY_SIDECAR_SECRET;`):
 *
 *   a.post('/_tresty/config/sync', configSync())
 */
export function configSync(o?: { secret?: string }): Handler {
  return (q: Request) => {
    const secret = (o && o.secret) || envSecret()
    if (!secret || !same(q.headers[SECRET_HEADER] || '', secret)) throw HttpError(403, 'config sync refused')
    const m = q.json<ConfigSyncMessage>()
    if (!m || typeof m !== 'object' || !m.status || typeof m.status.ok !== 'boolean') throw HttpError(400, 'status is required')
    if (m.set !== undefined && !isStringMap(m.set)) throw HttpError(400, 'set must map names to string values')
    if (m.del !== undefined && (!Array.isArray(m.del) || m.del.some((k) => typeof k !== 'string'))) throw HttpError(400, 'del must be a list of names')
    const d = zone()
    let removed = 0
    if (m.full) {
      const keys = d.keys(100000)
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]
        if (k.indexOf(CONFIG_VALUE_PREFIX) === 0 && !(m.set && Object.prototype.hasOwnProperty.call(m.set, k.slice(CONFIG_VALUE_PREFIX.length)))) {
          d.delete(k)
          removed++
        }
      }
    }
    const names = m.set ? Object.keys(m.set) : []
    try {
      for (let i = 0; i < names.length; i++) d.set(CONFIG_VALUE_PREFIX + names[i], (m.set as Record<string, string>)[names[i]])
    } catch (e) {
      // The zone is full: say so (the sidecar logs it and retries), never drop values silently.
      throw HttpError(507, `tresty_config zone is full: ${(e as Error).message}`)
    }
    for (let i = 0; m.del && i < m.del.length; i++) if (d.delete(CONFIG_VALUE_PREFIX + m.del[i])) removed++
    d.set(CONFIG_STATUS_KEY, JSON.stringify(m.status))
    return { set: names.length, removed }
  }
}
