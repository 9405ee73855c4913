/**
 * Live config: the sidecar mirrors an etcd prefix into nginx's `tresty_config` shared dict by
 * POSTing these messages (with the sidecar secret) to a loopback-only nginx location; handlers
 * read the dict with `config.get(name)` from `tresty/config`.
 */

/** The shared dict zone (nginx/http.conf). */
export const CONFIG_ZONE = 'tresty_config'
/** Where the sidecar sends updates (nginx/config-sync.conf protects it). */
export const CONFIG_SYNC_PATH = '/_tresty/config/sync'
/** Dict keys: values are `v:<name>`, the mirror's status is `m:status`. */
export const CONFIG_VALUE_PREFIX = 'v:'
export const CONFIG_STATUS_KEY = 'm:status'

export interface MirrorStatus {
  /** False while etcd cannot be reached (the last known values are still served). */
  ok: boolean
  /** The last error, while not ok. */
  error?: string
  /** etcd revision of the values nginx holds. */
  revision: number
  /** When the sidecar last heard from etcd (ms since epoch). */
  at: number
}

export interface ConfigSyncMessage {
  /** A full snapshot: names not in `set` are removed. */
  full?: boolean
  /** Names (the etcd key without the prefix) to values. */
  set?: Record<string, string>
  del?: string[]
  status: MirrorStatus
}
