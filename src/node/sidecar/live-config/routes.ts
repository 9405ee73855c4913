/**
 * Live config in the sidecar: starts the etcd mirror when `etcdUrl` is configured (it needs
 * `nginxUrl` and the secret too) and answers `GET /config/status` (what `tresty check` reads).
 */
import type { SidecarConfig } from '../sidecar-config.ts'
import { endpoint, type Route } from '../http/router.ts'
import { CONFIG_SYNC_PATH } from '../../../shared/live-config.ts'
import { startMirror, type Mirror } from './mirror.ts'
import { CONFIG_STATUS_PATH } from '../../../shared/sidecar-protocol.ts'

/** The mirror of the running sidecar, for Node-side code (`liveConfigValues()`). */
let current: Mirror | null = null

export function liveConfigValues(): Record<string, string> {
  return current ? current.values() : {}
}

export function liveConfigRoutes(config: SidecarConfig, cleanups: (() => Promise<unknown>)[]): Route[] {
  let mirror: Mirror | null = null
  if (config.etcdUrl) {
    if (!config.nginxUrl) throw new Error('sidecar config: etcdUrl needs nginxUrl (TRESTY_NGINX_URL), where the values are mirrored to')
    mirror = startMirror({
      etcdUrl: config.etcdUrl, prefix: config.etcdPrefix, secret: config.secret,
      target: new URL(CONFIG_SYNC_PATH, config.nginxUrl).href, timeoutMs: config.etcdTimeoutMs,
    })
    current = mirror
    const started = mirror
    cleanups.push(async () => {
      await started.stop()
      if (current === started) current = null
    })
  }
  return [endpoint({
    method: 'GET', path: CONFIG_STATUS_PATH,
    handle: () => (mirror ? mirror.state() : { configured: false }),
  })]
}
