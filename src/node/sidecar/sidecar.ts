/**
 * `startSidecar()`: the HTTP server nginx proxies to, the task worker processes, and the Redis,
 * Mongo and invalidation connections behind them. Used by the CLI and by tests.
 */
import type { Server } from 'node:http'
import { loadConfig, type LoadOptions, type SidecarConfig } from './sidecar-config.ts'
import { healthRoute } from './health.ts'
import { logError } from './log.ts'
import { listen, type Address } from './http/listen.ts'
import type { Route } from './http/router.ts'
import { createHttpServer } from './http/json-server.ts'
import { lockRoutes } from './cache/redis-lock.ts'
import { startRelay, type Relay } from './cache/relay.ts'
import { tier2Routes } from './cache/redis-tier2.ts'
import { liveConfigRoutes } from './live-config/routes.ts'
import { connectMongo, mongoRoutes, type Mongo } from './mongo/routes.ts'
import { allowlist } from './redis/allowlist.ts'
import { connectRedis, redactUrl, settle } from './redis/client.ts'
import { redisRoutes } from './redis/routes.ts'
import { startWorkerPool, type WorkerPool } from './tasks/pool.ts'
import { taskQueue, type TaskQueue } from './tasks/queue.ts'
import { taskRoutes } from './tasks/routes.ts'
import { busRoutes } from './bus/index.ts'
import { sqlRegistry } from './sql/registry.ts'
import { sqlRoutes } from './sql/routes.ts'
import { MONGO_CACHE_COLLECTION } from '../../shared/sidecar-protocol.ts'

export interface RunningSidecar {
  /** Where it listens: the socket first when there is one. */
  address: Address
  addresses: Address[]
  config: SidecarConfig
  /** Task names the worker processes registered. */
  tasks: string[]
  workerPids(): number[]
  /** The route table it serves (the contract test checks it against src/shared/sidecar-protocol.ts). */
  routes: readonly Route[]
  stop(): Promise<void>
}

/** Starts a sidecar from defaults, config file and environment, with `overrides` on top. */
export async function startSidecar(overrides: Partial<SidecarConfig> = {}, load: Omit<LoadOptions, 'overrides'> = {}): Promise<RunningSidecar> {
  const config = loadConfig({ ...load, overrides })
  // Fail closed: without a secret any local process could use Redis, MongoDB and tasks.
  if (!config.secret) throw new Error('sidecar: a shared secret is required (TRESTY_SIDECAR_SECRET; give nginx the same one, `env TRESTY_SIDECAR_SECRET;`)')
  const url = redactUrl(config.redisUrl)
  const cleanups: (() => Promise<unknown>)[] = []
  const stop = async () => {
    // In reverse: stop taking requests first, close connections last.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined)
  }
  try {
    const redis = connectRedis(config.redisUrl, config.redisTimeoutMs)
    cleanups.push(async () => redis.disconnect())
    const mongo: Mongo | null = config.mongoUrl ? connectMongo(config.mongoUrl, config.mongoTimeoutMs, config.mongoDb) : null
    if (mongo) {
      cleanups.push(() => mongo.client.close())
      // tresty/cache's MongoDB tier 2 (mongoTier2) relies on this TTL index to drop expired values.
      mongo.client.db(mongo.dbName).collection(MONGO_CACHE_COLLECTION).createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 })
        .catch((err) => logError('cannot create the tresty_cache TTL index (MongoDB tier 2 entries will not expire by themselves)', err))
    }

    let pool: WorkerPool | null = null
    if (config.tasksModule && config.workers > 0) {
      pool = await startWorkerPool({
        redisUrl: config.redisUrl, queue: config.queue, tasksModule: config.tasksModule,
        concurrency: config.concurrency, lockMs: config.taskLockMs,
      }, config.workers)
      const started = pool
      cleanups.push(() => started.stop())
    }
    const queue: TaskQueue = taskQueue(config.queue, redis, url, () => pool?.tasks ?? null)
    cleanups.push(() => queue.close())

    if (config.nginxUrl) {
      const relay: Relay = startRelay({
        redisUrl: config.redisUrl, channel: config.invalidateChannel, secret: config.secret,
        target: new URL(config.invalidatePath, config.nginxUrl).href, timeoutMs: config.redisTimeoutMs * 2,
      })
      cleanups.push(() => relay.stop())
      // Subscribed before serving, unless Redis is down (then ioredis subscribes once it is back).
      await Promise.race([relay.ready, new Promise((r) => setTimeout(r, config.redisTimeoutMs))])
    }

    const sql = sqlRegistry(config.sql)
    cleanups.push(() => sql.close())

    const routes: Route[] = [
      healthRoute(redis, !!mongo, pool, sql),
      ...taskRoutes(queue),
      ...redisRoutes(redis, url, allowlist(config.redisCommands)),
      ...mongoRoutes(mongo),
      ...tier2Routes(redis, url, config),
      ...lockRoutes(redis, url, config.keyPrefix),
      ...(await busRoutes(redis, url, config, cleanups)),
      ...sqlRoutes(sql),
      ...liveConfigRoutes(config, cleanups),
    ]
    await settle(redis, config.redisTimeoutMs)
    const wanted: Address[] = []
    if (config.socket) wanted.push({ socket: config.socket })
    if (config.port !== undefined) wanted.push({ port: config.port, host: config.host })
    const addresses: Address[] = []
    for (const where of wanted) {
      const server = createHttpServer(routes, config.payloadLimit, config.secret)
      addresses.push(await listen(server, where, config.socketMode))
      cleanups.push(() => closeServer(server))
    }
    return {
      address: addresses[0], addresses, config,
      get tasks() { return pool?.tasks ?? [] },
      workerPids: () => pool?.pids() ?? [],
      routes,
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}

/** Stops listening, lets in-flight requests end, then drops idle keep-alive connections. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections()
    setTimeout(() => server.closeAllConnections(), 2000).unref()
  })
}
