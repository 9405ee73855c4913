/** The nginx side of the sidecar for generated configs: the upstream block and the locations snippet. */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Address } from './http/listen.ts'

/** Server-level snippet with the internal `/_tresty/sidecar/` location (include it in `server {}`). */
export const SIDECAR_LOCATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../nginx/sidecar-locations.conf')

/**
 * The http-level `upstream tresty_sidecar` block pointing at a sidecar's address, and the
 * variable njs sets per call for the internal location to send as the secret (see secret.ts).
 */
export function sidecarUpstream(address: Address, keepalive = 32): string {
  const server = 'socket' in address ? `unix:${address.socket}` : `${address.host}:${address.port}`
  return `upstream tresty_sidecar {\n    server ${server};\n    keepalive ${keepalive};\n}\njs_var $tresty_sidecar_secret;\n`
}

/** The config text a generated nginx.conf needs for a running sidecar: `http` and `server` parts. */
export function sidecarNginxConfig(o: { socket: string; tcpPort?: number; timeoutMs?: number }): { http: string; server: string } {
  return {
    http: [
      sidecarUpstream({ socket: o.socket }),
      o.tcpPort ? `    js_var $tresty_sidecar_url http://127.0.0.1:${o.tcpPort};` : '',
      `    js_var $tresty_sidecar_timeout ${o.timeoutMs ?? 5000};`,
    ].join('\n'),
    server: `        include ${SIDECAR_LOCATIONS};`,
  }
}
