/**
 * The nginx lines tresty/client needs on a given runtime: nginx/client.conf always, the
 * keepalive snippet on njs ≥ 0.9.2, the per-call proxy snippet on njs ≥ 0.9.4, and a resolver
 * taken from /etc/resolv.conf (ngx.fetch resolves host names only through nginx's resolver).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Runtime } from '../runtime/find-nginx.ts'

// Not imported from runtime/nginx-conf.ts, which imports this file.
const snippetDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../nginx')

const probed: Record<string, boolean> = {}

/** Whether this runtime's njs accepts an http-level directive line (nginx -t on a scratch config). */
export function acceptsDirective(rt: Runtime, line: string): boolean {
  const key = rt.command.join(' ') + '\n' + line
  if (probed[key] !== undefined) return probed[key]
  const dir = mkdtempSync(join(tmpdir(), 'tresty-probe-'))
  try {
    const conf = join(dir, 'nginx.conf')
    writeFileSync(conf, `${rt.jsModule ? `load_module ${rt.jsModule};` : ''}\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\n` +
      `http { access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir}; ${line} }\n`)
    const res = spawnSync(rt.command[0], [...rt.command.slice(1), '-t', '-p', dir, '-c', conf, '-e', `${dir}/error.log`], { encoding: 'utf8' })
    return (probed[key] = res.status === 0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The first nameserver in resolv.conf, as nginx's `resolver` wants it (IPv6 in brackets). */
export function systemResolver(file = '/etc/resolv.conf'): string | null {
  if (!existsSync(file)) return null
  const m = /^\s*nameserver\s+(\S+)/m.exec(readFileSync(file, 'utf8'))
  if (!m) return null
  return m[1].includes(':') ? `[${m[1]}]` : m[1]
}

export interface ClientSupport {
  keepalive: boolean
  proxy: boolean
}

export function clientSupport(rt: Runtime): ClientSupport {
  return {
    keepalive: acceptsDirective(rt, 'js_fetch_keepalive 1;'),
    proxy: acceptsDirective(rt, 'js_fetch_proxy http://127.0.0.1:1;'),
  }
}

/**
 * Lines for a location whose handlers use the `proxy` option (js_fetch_proxy with a variable
 * only works at location level, see nginx/client-proxy-location.conf); '' before njs 0.9.4.
 */
export function clientLocationLines(rt: Runtime): string {
  return clientSupport(rt).proxy ? `include ${snippetDir}/client-proxy-location.conf;` : ''
}

/** http-level lines for tresty/client on this runtime. */
export function clientHttpLines(rt: Runtime, o: { resolver?: string | null } = {}): string {
  const s = clientSupport(rt)
  const resolver = o.resolver === undefined ? systemResolver() : o.resolver
  return [
    `    include ${snippetDir}/client.conf;`,
    s.keepalive ? `    include ${snippetDir}/client-keepalive.conf;` : '',
    s.proxy ? `    include ${snippetDir}/client-proxy.conf;` : '',
    resolver ? `    resolver ${resolver} valid=30s ipv6=off;` : '',
  ].filter(Boolean).join('\n')
}
