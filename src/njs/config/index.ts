/**
 * tresty/config — configuration inside nginx.
 *
 * Live values from etcd (the sidecar mirrors a prefix into the `tresty_config` shared dict):
 *
 *   import { config } from 'tresty/config'
 *   if (config.get('feature.x') === 'on') …           // same answer in every worker, no reload
 *   config.json('limits', { rpm: 60 })                 // parsed JSON, or the fallback
 *   config.status()                                    // { ok, error?, revision, at } of the mirror
 *
 * The app's own config for TRESTY_ENV (built in; secrets from nginx's environment):
 *
 *   const settings = config.app<typeof def.defaults>()  // def: the app's app.config.ts
 *   config.environment()                               // 'development' | 'test' | 'production'
 */
import { liveAll, liveGet, liveStatus } from './live.ts'
import { appConfig, appEnvironment } from './env.ts'

export { configSync } from './live.ts'
export type { MirrorStatus, ConfigSyncMessage } from '../../shared/live-config.ts'

function liveJson<T>(name: string, fallback?: T): T | undefined {
  const v = liveGet(name)
  if (v === undefined) return fallback
  try {
    return JSON.parse(v)
  } catch (e) {
    return fallback
  }
}

export { appConfig, appEnvironment }
export type { Resolved, SecretRef, ConfigDefinition } from '../../shared/app-config.ts'

export const config = { get: liveGet, json: liveJson, all: liveAll, status: liveStatus, app: appConfig, environment: appEnvironment }
