/**
 * Sidecar configuration: defaults, then the `sidecar` section of the app's config file
 * (`tresty.config.json`, or the file `TRESTY_CONFIG` names), then the environment, then
 * whatever the caller passes to `loadConfig` (tests, `tresty dev`).
 */
import { existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { CACHE_INVALIDATE_CHANNEL, CACHE_INVALIDATE_PATH } from '../../shared/sidecar-protocol.ts'

export interface SidecarConfig {
  /**
   * Unix socket to listen on: the default transport (`$TMPDIR/tresty-sidecar.sock` unless a port
   * alone is configured). With both a socket and a port, the sidecar listens on both.
   */
  socket?: string
  /** File mode of the socket. nginx workers often run as another user (nobody, www-data). */
  socketMode: number
  /** TCP port on `host`: what `ngx.fetch` (no unix sockets) needs; 0 picks a free one. */
  port?: number
  host: string
  redisUrl: string
  /** Milliseconds a Redis connect or command may take before the call fails (503). */
  redisTimeoutMs: number
  mongoUrl?: string
  /** Database to use; default: the one the Mongo URL names (else the driver's `test`). */
  mongoDb?: string
  mongoTimeoutMs: number
  /** Largest request body accepted, in bytes (413 above). */
  payloadLimit: number
  /** Redis commands `redis/call` and `redis/pipeline` accept; `*` allows all but the unsafe ones. */
  redisCommands: string[]
  /** Module whose top level calls `defineTask`; without one this sidecar only enqueues. */
  tasksModule?: string
  queue: string
  /** Task worker processes, and tasks each one runs at once. */
  workers: number
  concurrency: number
  /** How long a running task's lock lasts; a crashed worker's task is retried after it. */
  taskLockMs: number
  /** This host's nginx, for invalidation callbacks (e.g. `http://127.0.0.1:8080`). */
  nginxUrl?: string
  invalidatePath: string
  invalidateChannel: string
  /**
   * Shared secret (TRESTY_SIDECAR_SECRET), required: every call into the sidecar must carry it in
   * the `x-tresty-secret` header (nginx adds it), and invalidation callbacks into nginx send it.
   */
  secret: string
  /** Prefix of every Redis key the sidecar itself writes (cache tier 2, locks). */
  keyPrefix: string
  /** tresty/bus namespaces this sidecar delivers to its nginx (`notes` = `notes` and `notes:*`); needs nginxUrl. */
  busDeliver: string[]
  busDeliverPath: string
  /** SQL databases by name (`{ main: 'postgres://…' }`); `TRESTY_SQL_<NAME>` in the environment also names one (see docs/sql.md). */
  sql?: { [name: string]: import('../sql/database-config.ts').DbConfig | string }
  /** etcd's JSON gateway (e.g. `http://127.0.0.1:2379`): live config is mirrored to nginx when set. */
  etcdUrl?: string
  /** The etcd prefix mirrored (`tresty/config`'s names are the keys without it). */
  etcdPrefix: string
  etcdTimeoutMs: number
}

/** Commands allowed by default: data access on one connection, nothing that blocks or administers. */
export const DEFAULT_REDIS_COMMANDS = [
  'GET', 'SET', 'MGET', 'MSET', 'GETDEL', 'GETEX', 'SETNX', 'DEL', 'UNLINK', 'EXISTS', 'TYPE',
  'EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT', 'TTL', 'PTTL', 'PERSIST',
  'INCR', 'INCRBY', 'INCRBYFLOAT', 'DECR', 'DECRBY', 'APPEND', 'STRLEN',
  'HGET', 'HSET', 'HSETNX', 'HMGET', 'HGETALL', 'HDEL', 'HEXISTS', 'HINCRBY', 'HKEYS', 'HVALS', 'HLEN',
  'LPUSH', 'RPUSH', 'LPOP', 'RPOP', 'LRANGE', 'LLEN', 'LINDEX', 'LREM', 'LTRIM',
  'SADD', 'SREM', 'SMEMBERS', 'SISMEMBER', 'SCARD',
  'ZADD', 'ZREM', 'ZRANGE', 'ZRANGEBYSCORE', 'ZREVRANGE', 'ZSCORE', 'ZINCRBY', 'ZCARD', 'ZRANK',
  'PFADD', 'PFCOUNT', 'PUBLISH',
]

export function defaultConfig(): SidecarConfig {
  return {
    socketMode: 0o666,
    host: '127.0.0.1',
    redisUrl: 'redis://127.0.0.1:6379',
    redisTimeoutMs: 1000,
    mongoTimeoutMs: 2000,
    payloadLimit: 1024 * 1024,
    redisCommands: DEFAULT_REDIS_COMMANDS,
    queue: 'tresty-tasks',
    workers: 1,
    concurrency: 4,
    taskLockMs: 30_000,
    invalidatePath: CACHE_INVALIDATE_PATH,
    invalidateChannel: CACHE_INVALIDATE_CHANNEL,
    secret: '',
    keyPrefix: 'tresty:',
    busDeliver: [],
    busDeliverPath: '/_tresty/bus/deliver',
    etcdPrefix: '/tresty/config/',
    etcdTimeoutMs: 2000,
  }
}

type Env = { [name: string]: string | undefined }

const int = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number.parseInt(v, 10))
const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined)

export function fromEnv(env: Env): Partial<SidecarConfig> {
  const c: Partial<SidecarConfig> = {
    socket: env.TRESTY_SIDECAR_SOCKET || undefined,
    socketMode: env.TRESTY_SIDECAR_SOCKET_MODE ? Number.parseInt(env.TRESTY_SIDECAR_SOCKET_MODE, 8) : undefined,
    port: int(env.TRESTY_SIDECAR_PORT),
    host: env.TRESTY_SIDECAR_HOST || undefined,
    redisUrl: env.TRESTY_REDIS_URL || undefined,
    redisTimeoutMs: int(env.TRESTY_REDIS_TIMEOUT_MS),
    mongoUrl: env.TRESTY_MONGO_URL || env.MONGO_URL || undefined,
    mongoDb: env.TRESTY_MONGO_DB || undefined,
    mongoTimeoutMs: int(env.TRESTY_MONGO_TIMEOUT_MS),
    payloadLimit: int(env.TRESTY_SIDECAR_PAYLOAD_LIMIT),
    redisCommands: list(env.TRESTY_REDIS_COMMANDS),
    tasksModule: env.TRESTY_TASKS || undefined,
    queue: env.TRESTY_TASK_QUEUE || undefined,
    workers: int(env.TRESTY_TASK_WORKERS),
    concurrency: int(env.TRESTY_TASK_CONCURRENCY),
    taskLockMs: int(env.TRESTY_TASK_LOCK_MS),
    nginxUrl: env.TRESTY_NGINX_URL || undefined,
    secret: env.TRESTY_SIDECAR_SECRET || undefined,
    busDeliver: list(env.TRESTY_BUS_DELIVER),
    etcdUrl: env.TRESTY_ETCD_URL || undefined,
    etcdPrefix: env.TRESTY_ETCD_PREFIX || undefined,
    etcdTimeoutMs: int(env.TRESTY_ETCD_TIMEOUT_MS),
  }
  return withoutUndefined(c)
}

/** The `sidecar` section of the config file, or nothing when there is no file. */
export function fromFile(file: string): Partial<SidecarConfig> {
  if (!existsSync(file)) return {}
  let parsed: { sidecar?: Partial<SidecarConfig> }
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`)
  }
  const section = parsed.sidecar ?? {}
  // A relative tasks module is relative to the config file, not to wherever the CLI ran.
  if (section.tasksModule) section.tasksModule = resolve(file, '..', section.tasksModule)
  return section
}

export interface LoadOptions {
  env?: Env
  /** Config file; default `TRESTY_CONFIG` or `./tresty.config.json`. */
  file?: string
  overrides?: Partial<SidecarConfig>
}

export function loadConfig(o: LoadOptions = {}): SidecarConfig {
  const env = o.env ?? process.env
  const file = o.file ?? env.TRESTY_CONFIG ?? resolve('tresty.config.json')
  const c: SidecarConfig = { ...defaultConfig(), ...fromFile(file), ...fromEnv(env), ...withoutUndefined(o.overrides ?? {}) }
  if (c.socket === undefined && c.port === undefined) c.socket = join(tmpdir(), 'tresty-sidecar.sock')
  if (c.tasksModule) c.tasksModule = resolve(c.tasksModule)
  c.redisCommands = c.redisCommands.map((cmd) => cmd.toUpperCase())
  validate(c)
  return c
}

function validate(c: SidecarConfig) {
  const positive: (keyof SidecarConfig)[] = ['payloadLimit', 'redisTimeoutMs', 'mongoTimeoutMs', 'concurrency', 'taskLockMs']
  for (const k of positive) {
    const v = c[k]
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new Error(`sidecar config: ${k} must be a positive integer, got ${JSON.stringify(v)}`)
  }
  if (!Number.isInteger(c.workers) || c.workers < 0) throw new Error(`sidecar config: workers must be 0 or more, got ${JSON.stringify(c.workers)}`)
  if (c.port !== undefined && !(Number.isInteger(c.port) && c.port >= 0 && c.port < 65536)) throw new Error(`sidecar config: bad port ${JSON.stringify(c.port)}`)
  if (c.nginxUrl && !c.secret) throw new Error('sidecar config: nginxUrl needs a secret (TRESTY_SIDECAR_SECRET) for the invalidation callbacks')
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}
