/** The nginx side of the sidecar for generated configs: the upstream block and the locations snippet. */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Address } from './http/listen.ts'

/** Server-level snippet with the internal `/_tresty/sidecar/` location (include it in `server {}`). */
export const SIDECAR_LOCATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../nginx/sidecar-locations.conf')

/** The http-level `upstream tresty_sidecar` block pointing at a sidecar's address. */
export function sidecarUpstream(address: Address, keepalive = 32): string {
  const server = 'socket' in address ? `unix:${address.socket}` : `${address.host}:${address.port}`
  return `upstream tresty_sidecar {\n    server ${server};\n    keepalive ${keepalive};\n}\n`
}
