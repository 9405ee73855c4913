/**
 * The dev dashboard's Node side, started by `tresty dev` only (docs/dashboard.md). A small HTTP
 * server on loopback that nginx proxies `/_tresty/dashboard/` to (nginx/dashboard.conf, allowed
 * for 127.0.0.1 and ::1 only): the page itself, and `data.json`, which joins
 *   - what nginx knows (the stats and cache zones, from the njs module in src/njs/dashboard),
 *   - the route table the build wrote (the app manifest),
 *   - the sidecar's /health and the task queue's counts and recent failures (BullMQ, Redis).
 */
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type { DashboardData, DashboardNginxData } from '../../shared/dashboard.ts'
import { bundle } from '../bundler/bundle.ts'
import { appFacts, snippetDir } from '../runtime/nginx-conf.ts'
import { freePort } from '../runtime/nginx-process.ts'
import { connectRedis } from '../sidecar/redis/client.ts'
import { parseStats, routeRows } from './parse.ts'
import { HEALTH_PATH, SECRET_HEADER } from '../../shared/sidecar-protocol.ts'
import { linesArray } from '../../shared/lines.ts'
import { dictArray } from '../../shared/dict.ts'

const here = dirname(fileURLToPath(import.meta.url))
/** The njs module, built beside the app's bundle; nginx/dashboard.conf imports it from there. */
export const DASHBOARD_MODULE = 'tresty-dashboard/index.js'
export const DASHBOARD_PATH = '/_tresty/dashboard/'
/** How long one poll waits for each source before showing it as unavailable. */
const SOURCE_TIMEOUT_MS = 1500

export interface DashboardOptions {
  /** nginx's own address (http://127.0.0.1:PORT): the stats come from its loopback-only location. */
  nginxUrl: string
  /** The app's bundle (its manifest `<name>.routes.json` lies beside it) and the js_path directory. */
  bundleFile: string
  jsDir: string
  /** The sidecar's TCP address and secret (for /health). */
  sidecarUrl: string
  secret: string
  /** Redis and the BullMQ queue the sidecar's tasks use. */
  redisUrl: string
  queue: string
}

export interface RunningDashboard {
  /** Config text for the generated nginx.conf: inside `http {}` and inside `server {}`. */
  http: string
  server: string
  /** The Node server's own address (nginx proxies to it). */
  port: number
  stop(): Promise<void>
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  return Promise.race([
    p,
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${SOURCE_TIMEOUT_MS} ms`)), SOURCE_TIMEOUT_MS) }),
  ]).finally(() => clearTimeout(timer))
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** One snapshot of everything the page shows; a source that fails is reported, not fatal. */
export async function collect(o: DashboardOptions, queue: Queue): Promise<DashboardData> {
  const errors: string[] = []
  const [nginx, health, tasks] = await Promise.allSettled([
    withTimeout(fetch(new URL('/_tresty/dashboard/nginx.json', o.nginxUrl)).then(async (res) => {
      if (!res.ok) throw new Error(`nginx answered ${res.status}`)
      return (await res.json()) as DashboardNginxData
    }), 'nginx'),
    withTimeout(fetch(new URL(HEALTH_PATH, o.sidecarUrl), { headers: { [SECRET_HEADER]: o.secret } }).then(async (res) => {
      const body = await res.json()
      if (!res.ok) throw new Error(`sidecar answered ${res.status}: ${JSON.stringify(body)}`)
      return body as { ok: boolean }
    }), 'sidecar'),
    withTimeout(Promise.all([
      queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed'),
      queue.getFailed(0, 9),
    ]), 'task queue'),
  ])
  const n = nginx.status === 'fulfilled' ? nginx.value : null
  if (!n) errors.push(`stats: ${message((nginx as PromiseRejectedResult).reason)}`)
  const parsed = parseStats(n ? n.stats : [])
  const facts = appFacts(o.bundleFile)
  const table = facts && facts.rpath && facts.rmethod ? { rpath: linesArray(facts.rpath), rmethod: dictArray(facts.rmethod) as string[] } : null
  const { routes, unrouted } = routeRows(table, parsed)
  return {
    at: Date.now(),
    routeMetrics: parsed.routeMetrics,
    routes, unrouted,
    cache: { zone: n ? n.cacheZone : null, caches: parsed.caches },
    stats: { zone: n ? n.statsZone : null, series: parsed.series, dropped: parsed.dropped },
    sidecar: health.status === 'fulfilled'
      ? { ok: !!health.value.ok, health: health.value }
      : { ok: false, error: message(health.reason) },
    tasks: tasks.status === 'fulfilled'
      ? {
          counts: tasks.value[0],
          failed: tasks.value[1].filter(Boolean).map((j) => ({
            id: String(j.id), name: j.name, reason: j.failedReason || '', attempts: j.attemptsMade, finishedAt: j.finishedOn ?? null,
          })),
        }
      : { error: message(tasks.reason) },
    errors,
  }
}

export async function startDashboard(o: DashboardOptions): Promise<RunningDashboard> {
  await bundle(resolve(here, '../../njs/dashboard/index.ts'), join(o.jsDir, dirname(DASHBOARD_MODULE)))
  const page = readFileSync(join(here, 'page.html'))
  // Its own fail-fast connection: a poll while Redis is down shows the error at once.
  const redis: Redis = connectRedis(o.redisUrl, 1000)
  const queue = new Queue(o.queue, { connection: redis })
  queue.on('error', () => { /* shown on the page per poll */ })
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end()
    } else if (path === '/_tresty/') {
      res.writeHead(302, { Location: DASHBOARD_PATH }).end()
    } else if (path === DASHBOARD_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page)
    } else if (path === DASHBOARD_PATH + 'data.json') {
      collect(o, queue).then(
        (d) => res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(d)),
        (e) => res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: message(e) })),
      )
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n')
    }
  })
  const port = await freePort()
  await new Promise<void>((done, fail) => { server.once('error', fail); server.listen(port, '127.0.0.1', () => done()) })
  return {
    port,
    http: `    upstream tresty_dashboard {\n        server 127.0.0.1:${port};\n    }`,
    server: `        include ${snippetDir}/dashboard.conf;`,
    async stop() {
      await new Promise<void>((done) => { server.close(() => done()); server.closeAllConnections() })
      await queue.close().catch(() => undefined)
      redis.disconnect()
    },
  }
}
