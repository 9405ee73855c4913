/**
 * The individual checks of `tresty check` (Oresty's check-env.sh). Each returns one line's
 * worth: pass/fail/skip, what was found, and on failure the fix.
 */
import { existsSync, readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { request } from 'node:http'
import { cacheDir, checkRuntime, DEFAULT_ROW, findRuntime, ROWS, type Runtime } from '../runtime/find-nginx.ts'
import type { SidecarConfig } from '../sidecar/sidecar-config.ts'
import { acceptsDirective } from '../client/nginx.ts'
import { etcdClient } from '../etcd/client.ts'
import { CONFIG_ZONE } from '../../shared/live-config.ts'
import { CONFIG_STATUS_PATH, HEALTH_PATH, SECRET_HEADER } from '../../shared/sidecar-protocol.ts'
import { redactUrl } from '../sidecar/redis/client.ts'

export type Outcome = 'pass' | 'fail' | 'skip'

export interface CheckResult {
  name: string
  outcome: Outcome
  detail: string
  fix?: string
}

const pass = (name: string, detail: string): CheckResult => ({ name, outcome: 'pass', detail })
const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, outcome: 'fail', detail, fix })
const skip = (name: string, detail: string): CheckResult => ({ name, outcome: 'skip', detail })

const errText = (e: unknown) => {
  const err = e as any
  return (err?.code ?? '') + (err?.message ? `${err?.code ? ' ' : ''}${err.message}` : String(e))
}

/** The runtime tests and `tresty dev` would use, without installing one (check only looks). */
export function runtimeCheck(): { result: CheckResult; rt: Runtime | null } {
  const row = process.env.TRESTY_RUNTIME || ''
  const suite = ROWS[row || DEFAULT_ROW]?.suite
  const hasRoot = suite ? existsSync(join(cacheDir, 'roots', suite, 'usr/sbin/nginx')) : false
  const onPath = (process.env.PATH || '').split(':').concat(['/usr/sbin']).some((d) => d && existsSync(join(d, 'nginx')))
  if (!process.env.TRESTY_NGINX && !hasRoot && !onPath) {
    return { rt: null, result: fail('nginx', 'no nginx found', 'run `tresty setup`, or set TRESTY_NGINX=/path/to/nginx (njs ≥ 0.8)') }
  }
  try {
    const rt = checkRuntime(findRuntime())
    const v = spawnSync(rt.command[0], [...rt.command.slice(1), '-v'], { encoding: 'utf8' })
    const nginxVersion = /nginx\/(\S+)/.exec(v.stderr || '')?.[1] ?? '?'
    return { rt, result: pass('nginx', `nginx ${nginxVersion} (${rt.description})`) }
  } catch (e) {
    return { rt: null, result: fail('nginx', (e as Error).message, 'install nginx with njs ≥ 0.8 (`tresty setup`) or point TRESTY_NGINX at one') }
  }
}

/** njs version: from the runtime's description, else bracketed by the directives it accepts. */
export function njsCheck(rt: Runtime): CheckResult[] {
  const exact = /njs (\d+\.\d+\.\d+)/.exec(rt.description)?.[1]
  const keepalive = acceptsDirective(rt, 'js_fetch_keepalive 1;')
  const proxy = acceptsDirective(rt, 'js_fetch_proxy http://127.0.0.1:1;')
  const floor = proxy ? '≥ 0.9.4' : keepalive ? '≥ 0.9.2' : '≥ 0.8'
  const features = `fetch keepalive ${keepalive ? 'yes' : 'no (njs < 0.9.2)'}, js_fetch_proxy ${proxy ? 'yes' : 'no (njs < 0.9.4: tresty/client sends proxied requests in origin form)'}`
  const out = [pass('njs', `njs ${exact ?? floor}; ${features}`)]
  const qjs = rt.engine === 'qjs'
  if (qjs && !acceptsDirective(rt, 'js_engine qjs;')) out.push(fail('engine', 'QuickJS requested but this njs has no js_engine qjs', 'use njs ≥ 0.8.6 built with QuickJS, or TRESTY_RUNTIME=njs-…'))
  else out.push(pass('engine', qjs ? 'QuickJS (js_engine qjs)' : 'njs engine' + (acceptsDirective(rt, 'js_engine qjs;') ? ' (QuickJS also available: js_engine qjs)' : '')))
  out.push(acceptsDirective(rt, 'js_shared_dict_zone zone=tresty_probe:64k;')
    ? pass('shared dict', 'js_shared_dict_zone supported')
    : fail('shared dict', 'js_shared_dict_zone is not supported', 'njs ≥ 0.8 is needed'))
  return out
}

/** Zone names declared in an nginx config, following `include`s (globs not expanded). */
export function declaredZones(conf: string, seen: Record<string, true> = {}): string[] {
  if (seen[conf] || !existsSync(conf)) return []
  seen[conf] = true
  const text = readFileSync(conf, 'utf8').replace(/#.*$/gm, '')
  const zones: string[] = []
  for (const m of text.matchAll(/js_shared_dict_zone\s+[^;]*zone=([A-Za-z0-9_]+):/g)) zones.push(m[1])
  for (const m of text.matchAll(/^\s*include\s+([^;\s]+)\s*;/gm)) zones.push(...declaredZones(resolve(dirname(conf), m[1]), seen))
  return zones
}

/**
 * Zones an app's bundle reads: `ngx.shared.NAME` / `ngx.shared['NAME']`, and each of tresty's
 * own zones (`known`, from nginx/http.conf) whose name is a string in the bundle (tresty's
 * modules pick their zone by name at run time).
 */
export function neededZones(bundleCode: string, known: string[] = []): string[] {
  const names: string[] = []
  for (const m of bundleCode.matchAll(/ngx\.shared(?:\.([A-Za-z_]\w*)|\[\s*["']([^"']+)["']\s*\])/g)) names.push(m[1] ?? m[2])
  for (const z of known.concat([CONFIG_ZONE])) if (new RegExp(`["']${z}["']`).test(bundleCode)) names.push(z)
  return [...new Set(names)]
}

export function zonesCheck(needed: string[], declared: string[], where: string): CheckResult {
  const missing = needed.filter((z) => !declared.includes(z))
  if (missing.length) return fail('zones', `${where} lacks ${missing.join(', ')}`, `declare them: ${missing.map((z) => `js_shared_dict_zone zone=${z}:1m;`).join(' ')} (tresty's own are in nginx/http.conf)`)
  return pass('zones', needed.length ? `${needed.join(', ')} declared in ${where}` : 'the app reads no shared dict')
}

type SidecarAddress = { socket?: string; port?: number; host?: string; secret?: string }

/** GETs a sidecar path with the shared secret (every sidecar endpoint wants it); a non-2xx rejects. */
function getJson(address: SidecarAddress, path: string, timeoutMs: number): Promise<any> {
  return new Promise((res, rej) => {
    const headers = address.secret ? { [SECRET_HEADER]: address.secret } : {}
    const req = request({ socketPath: address.socket, host: address.host ?? '127.0.0.1', port: address.port, path, headers, timeout: timeoutMs }, (r) => {
      let text = ''
      r.on('data', (c) => { text += c })
      r.on('end', () => {
        if ((r.statusCode ?? 0) >= 300) {
          rej(new Error(r.statusCode === 401 ? 'refused: TRESTY_SIDECAR_SECRET differs from the sidecar\'s (or is unset here)' : `HTTP ${r.statusCode}: ${text.slice(0, 200)}`))
          return
        }
        try { res(JSON.parse(text)) } catch (e) { rej(e) }
      })
    })
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)))
    req.on('error', rej)
    req.end()
  })
}

export async function sidecarCheck(c: SidecarConfig): Promise<{ result: CheckResult; address: SidecarAddress | null }> {
  const tries: SidecarAddress[] = []
  if (c.socket) tries.push({ socket: c.socket, secret: c.secret })
  if (c.port) tries.push({ port: c.port, host: c.host, secret: c.secret })
  let last: unknown = null
  for (const a of tries) {
    try {
      const h = await getJson(a, HEALTH_PATH, 1000)
      return { address: a, result: pass('sidecar', `${a.socket ?? `${a.host}:${a.port}`} answers (redis ${h.redis}, mongo ${h.mongo}, ${h.workers} task workers)`) }
    } catch (e) { last = e }
  }
  return { address: null, result: fail('sidecar', `not reachable at ${tries.map((a) => a.socket ?? `${a.host}:${a.port}`).join(' or ')}: ${errText(last)}`, 'start it: `tresty sidecar` (same TRESTY_SIDECAR_SOCKET / TRESTY_SIDECAR_PORT as nginx uses)') }
}

export async function redisCheck(url: string, timeoutMs: number): Promise<CheckResult> {
  const { Redis } = await import('ioredis')
  const r = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false })
  r.on('error', () => undefined)
  try {
    await r.connect()
    const info = await r.info('server')
    return pass('redis', `${redactUrl(url)} answers (redis ${/redis_version:(\S+)/.exec(info)?.[1] ?? '?'})`)
  } catch (e) {
    return fail('redis', `${redactUrl(url)} unreachable: ${errText(e)}`, 'start redis-server, or set TRESTY_REDIS_URL to yours')
  } finally {
    r.disconnect()
  }
}

export async function mongoCheck(url: string, timeoutMs: number): Promise<CheckResult> {
  const { MongoClient } = await import('mongodb')
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs })
  try {
    await client.connect()
    await client.db().command({ ping: 1 })
    return pass('mongodb', `${redactUrl(url)} answers`)
  } catch (e) {
    return fail('mongodb', `${redactUrl(url)} unreachable: ${errText(e)}`, 'start MongoDB, or fix TRESTY_MONGO_URL')
  } finally {
    await client.close().catch(() => undefined)
  }
}

/** A SQL database named by URL (postgres:// or mysql://): connect and SELECT 1. */
export async function sqlCheck(url: string, timeoutMs: number): Promise<CheckResult> {
  const scheme = url.split(':')[0]
  try {
    if (scheme === 'postgres' || scheme === 'postgresql') {
      const pg = (await import('pg')).default
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs })
      try { await client.connect(); await client.query('SELECT 1') } finally { await client.end().catch(() => undefined) }
    } else if (scheme === 'mysql' || scheme === 'mariadb') {
      const mysql = await import('mysql2/promise')
      const conn = await mysql.createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), connectTimeout: timeoutMs })
      try { await conn.query('SELECT 1') } finally { await conn.end().catch(() => undefined) }
    } else {
      return fail('database', `${redactUrl(url)}: unknown scheme ${scheme}`, 'use postgres://… or mysql://…')
    }
    return pass('database', `${redactUrl(url)} answers`)
  } catch (e) {
    return fail('database', `${redactUrl(url)} unreachable: ${errText(e)}`, 'start the database, or fix TRESTY_DATABASE_URL')
  }
}

export async function etcdCheck(url: string, timeoutMs: number): Promise<CheckResult> {
  try {
    const v = await etcdClient({ url, timeoutMs }).version()
    return pass('etcd', `${url} answers (etcd ${v})`)
  } catch (e) {
    return fail('etcd', `${url} unreachable: ${errText(e)} (nginx serves the last known config values)`, 'start etcd, or fix TRESTY_ETCD_URL')
  }
}

/** The sidecar's etcd → nginx mirror, as the sidecar reports it. */
export async function mirrorCheck(address: SidecarAddress): Promise<CheckResult> {
  try {
    const s = await getJson(address, CONFIG_STATUS_PATH, 1000)
    if (!s.configured) return skip('live config', 'the sidecar mirrors no etcd prefix (TRESTY_ETCD_URL unset where it runs)')
    if (!s.ok) return fail('live config', `mirror of ${s.prefix} from ${s.etcdUrl}: ${s.error} (nginx serves revision ${s.revision})`, 'bring etcd back; the sidecar resyncs by itself')
    if (!s.nginxOk) return fail('live config', `nginx does not take the values: ${s.nginxError}`, 'include nginx/config-sync.conf, mount configSync() on /_tresty/config/sync, same TRESTY_SIDECAR_SECRET on both sides')
    return pass('live config', `${s.keys} values under ${s.prefix} mirrored at revision ${s.revision}`)
  } catch (e) {
    return fail('live config', `the sidecar's /config/status did not answer: ${errText(e)}`, 'update the sidecar')
  }
}

export function secretsCheck(names: string[], env: NodeJS.ProcessEnv): CheckResult {
  const missing = names.filter((n) => env[n] === undefined)
  if (!names.length) return skip('secrets', 'the app config names no secrets')
  if (missing.length) return fail('secrets', `not set: ${missing.join(', ')}`, `export them where nginx and the sidecar start, and add ${missing.map((n) => `\`env ${n};\``).join(' ')} to nginx.conf's main context`)
  return pass('secrets', `${names.join(', ')} set`)
}
