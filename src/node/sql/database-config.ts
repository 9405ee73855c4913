/**
 * Database configuration: a URL or its parts, plus pool settings. A database can be named
 * (`main`); the sidecar's environment then holds it, so no password is ever in the njs bundle:
 *
 *   TRESTY_SQL_MAIN=postgres://app@db.internal:5432/app    (URL; its password is allowed here)
 *   TRESTY_SQL_MAIN_PASSWORD=…                             (or the password alone)
 *
 * Pool settings default from TRESTY_SQL_POOL_SIZE, TRESTY_SQL_IDLE_MS, TRESTY_SQL_STATEMENT_TIMEOUT_MS,
 * TRESTY_SQL_CONNECT_TIMEOUT_MS and TRESTY_SQL_TX_IDLE_MS.
 */
import type { Dialect } from './placeholders.ts'

export interface DbConfig {
  /** A name whose settings and password come from the environment (`TRESTY_SQL_<NAME>…`). */
  name?: string
  url?: string
  host?: string
  port?: number
  user?: string
  password?: string
  database?: string
  /** Connections in the pool (default 10). */
  poolSize?: number
  /** Idle pooled connections close after this many ms (default 30 000). */
  idleTimeoutMs?: number
  /** A statement running longer is cancelled (default 30 000; 0 = no limit). */
  statementTimeoutMs?: number
  /** Connecting (or waiting for a free pooled connection) fails after this many ms (default 2000). */
  connectTimeoutMs?: number
  /** An open transaction unused for this long is rolled back and its connection freed (default 10 000). */
  txIdleTimeoutMs?: number
}

/** Everything resolved: connection parts and every pool setting. */
export interface ResolvedConfig {
  dialect: Dialect
  name?: string
  host: string
  port: number
  user: string
  password?: string
  database: string
  socket?: string
  poolSize: number
  idleTimeoutMs: number
  statementTimeoutMs: number
  connectTimeoutMs: number
  txIdleTimeoutMs: number
}

type Env = { [k: string]: string | undefined }

export function envName(name: string): string {
  return `TRESTY_SQL_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`
}

const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v))

export function dialectOfUrl(url: string): Dialect | null {
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase()
  if (scheme === 'postgres' || scheme === 'postgresql') return 'pg'
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql'
  return null
}

/** Parts of a `postgres://` / `mysql://` URL (`?socket=/path` for a unix socket). */
export function parseUrl(url: string): Partial<ResolvedConfig> {
  const u = new URL(url)
  const out: Partial<ResolvedConfig> = {}
  if (u.hostname) out.host = decodeURIComponent(u.hostname)
  if (u.port) out.port = Number(u.port)
  if (u.username) out.user = decodeURIComponent(u.username)
  if (u.password) out.password = decodeURIComponent(u.password)
  const db = u.pathname.replace(/^\//, '')
  if (db) out.database = decodeURIComponent(db)
  const socket = u.searchParams.get('socket') || u.searchParams.get('host')
  if (socket && socket.startsWith('/')) out.socket = socket
  return out
}

export class ConfigError extends Error {}

/** `config` (a URL, a name, or an object) on top of the named settings in `env`. */
export function resolveConfig(dialect: Dialect, config: DbConfig | string | undefined, env: Env = process.env, named: { [name: string]: DbConfig | string } = {}): ResolvedConfig {
  const given: DbConfig = typeof config === 'string' ? (config.includes('://') ? { url: config } : { name: config }) : { ...(config ?? {}) }
  const name = given.name
  let base: DbConfig = {}
  if (name) {
    const fromFile = named[name]
    base = typeof fromFile === 'string' ? { url: fromFile } : { ...(fromFile ?? {}) }
    const key = envName(name)
    if (env[key]) base.url = env[key]
    if (env[`${key}_URL`]) base.url = env[`${key}_URL`]
    if (env[`${key}_PASSWORD`] !== undefined) base.password = env[`${key}_PASSWORD`]
    if (!base.url && !given.url && !given.host && !base.host) {
      throw new ConfigError(`no database "${name}" configured: set ${key}=${dialect === 'pg' ? 'postgres' : 'mysql'}://user:password@host:port/database in the sidecar's environment`)
    }
  }
  const parts: Partial<ResolvedConfig> = {}
  for (const src of [base, given]) {
    if (src.url) {
      const d = dialectOfUrl(src.url)
      if (d && d !== dialect) throw new ConfigError(`${redact(src.url)} is not a ${dialect === 'pg' ? 'PostgreSQL' : 'MySQL'} URL`)
      Object.assign(parts, parseUrl(src.url))
    }
    for (const k of ['host', 'port', 'user', 'password', 'database'] as const) if (src[k] !== undefined) (parts as any)[k] = src[k]
  }
  const pick = (k: keyof DbConfig, envKey: string, dflt: number): number => {
    const v = given[k] ?? base[k] ?? num(env[`TRESTY_SQL_${envKey}`])
    const n = v === undefined ? dflt : Number(v)
    if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${String(k)} must be a number ≥ 0, got ${JSON.stringify(v)}`)
    return n
  }
  return {
    dialect, name,
    host: parts.host ?? '127.0.0.1',
    port: parts.port ?? (dialect === 'pg' ? 5432 : 3306),
    user: parts.user ?? (dialect === 'pg' ? 'postgres' : 'root'),
    password: parts.password,
    database: parts.database ?? (dialect === 'pg' ? 'postgres' : ''),
    socket: parts.socket,
    poolSize: Math.max(1, pick('poolSize', 'POOL_SIZE', 10)),
    idleTimeoutMs: pick('idleTimeoutMs', 'IDLE_MS', 30_000),
    statementTimeoutMs: pick('statementTimeoutMs', 'STATEMENT_TIMEOUT_MS', 30_000),
    connectTimeoutMs: Math.max(1, pick('connectTimeoutMs', 'CONNECT_TIMEOUT_MS', 2000)),
    txIdleTimeoutMs: Math.max(1, pick('txIdleTimeoutMs', 'TX_IDLE_MS', 10_000)),
  }
}

/** A URL without its password, for logs and messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')
}

export function describe(c: ResolvedConfig): string {
  return `${c.dialect === 'pg' ? 'postgres' : 'mysql'}://${c.user}@${c.socket ?? `${c.host}:${c.port}`}/${c.database}`
}
