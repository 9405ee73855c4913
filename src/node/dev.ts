/**
 * `tresty dev`: build the app, start the sidecar (and a redis-server of our own when no Redis
 * is configured), start nginx on PORT, rebuild on save (nginx reloads gracefully: SIGHUP, old
 * workers finish their requests), and stop all of it on Ctrl-C. `tresty start` is the same
 * stack for production (start.ts): no Redis of its own, no watching, logs where it is told.
 *
 * The sidecar runs as a supervised child process (restarted with backoff, same secret). Nothing
 * outlives this process: the sidecar watches its stdin pipe, and a watchdog process stops nginx
 * and redis-server should this process die without stopping them (kill -9).
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { existsSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { bundle, type BundleResult } from './bundler/bundle.ts'
import { findRuntime } from './runtime/find-nginx.ts'
import { writeConfig, type ConfigOptions } from './runtime/nginx-conf.ts'
import { freePort, startNginx, type RunningNginx } from './runtime/nginx-process.ts'
import { startRedis, type RunningRedis } from './runtime/redis-server.ts'
import { superviseSidecar, type SupervisedSidecar } from './sidecar/supervise.ts'
import { loadConfig } from './sidecar/sidecar-config.ts'
import { sidecarNginxConfig } from './sidecar/upstream-conf.ts'
import { startDashboard } from './dashboard/server.ts'
import { watchSources } from './watch.ts'

export interface DevOptions {
  app: string
  port: number
  /** Where config, logs, the bundle, the socket and dev Redis data go (default `.tresty`). */
  prefix?: string
  workers?: number
  /** The module that defines tasks; default: `tasks.ts` beside the app, when there is one. */
  tasksModule?: string
  /** Extra text inside `server {}` (tests add guarded locations this way). */
  server?: string
  /** Redis to use; default TRESTY_REDIS_URL, else a redis-server of our own under the prefix. */
  redisUrl?: string
  quiet?: boolean
  /** The loopback-only dashboard at /_tresty/ (docs/dashboard.md); default on (TRESTY_DASHBOARD=0: off). */
  dashboard?: boolean
  /** Production (`tresty start`): Redis must be configured (TRESTY_REDIS_URL); no redis-server of our own. */
  production?: boolean
  /** What else the generated nginx.conf takes (listen address, log paths; see runtime/nginx-conf.ts). */
  config?: Partial<ConfigOptions>
}

export interface DevStack {
  url: string
  nginx: RunningNginx
  sidecar: SupervisedSidecar
  redis: RunningRedis | null
  /** The watchdog's pid (see runtime/watchdog.ts). */
  watchdog: number
  /** The sidecar's TCP port on 127.0.0.1 and the secret every call to it must carry. */
  sidecarPort: number
  secret: string
  /** Builds the app again and reloads nginx gracefully (SIGHUP); throws the build error, nginx untouched. */
  rebuild(): Promise<BundleResult>
  stop(): Promise<void>
}

export async function startDevStack(o: DevOptions): Promise<DevStack> {
  const say = (m: string) => { if (!o.quiet) console.log(`tresty: ${m}`) }
  const guard = startWatchdog()
  const runtime = findRuntime()
  const prefix = resolve(o.prefix || '.tresty')
  const built = await bundle(o.app, join(prefix, 'js'))
  say(`built ${built.file} (${(built.bytes / 1024).toFixed(1)} KiB)`)

  let redis: RunningRedis | null = null
  let redisUrl = o.redisUrl || process.env.TRESTY_REDIS_URL
  if (!redisUrl && o.production) {
    guard.close()
    throw new Error('tresty start: set TRESTY_REDIS_URL (production runs no redis-server of its own)')
  }
  if (!redisUrl) {
    redis = await startRedis({ dir: join(prefix, 'redis') })
    guard.add(redis.pid)
    redisUrl = redis.url
    say(`redis-server of our own on ${redisUrl} (data in ${prefix}/redis; set TRESTY_REDIS_URL to use yours)`)
  }
  const besideApp = join(dirname(resolve(o.app)), 'tasks.ts')
  const tasksModule = o.tasksModule ?? (existsSync(besideApp) ? besideApp : undefined)
  // nginx checks the sidecar's cache-invalidation callbacks with this secret (process.env in njs).
  const secret = process.env.TRESTY_SIDECAR_SECRET || randomBytes(16).toString('hex')
  const socket = join(prefix, 'sidecar.sock')
  const tcpPort = await freePort()
  let sidecar: SupervisedSidecar
  try {
    sidecar = await superviseSidecar({
      socket, secret, say,
      env: {
        TRESTY_SIDECAR_PORT: String(tcpPort), TRESTY_REDIS_URL: redisUrl, TRESTY_TASKS: tasksModule ?? '',
        TRESTY_NGINX_URL: `http://127.0.0.1:${o.port}`,
      },
    })
  } catch (e) {
    await redis?.stop()
    guard.close()
    throw e
  }
  say(`sidecar on unix:${socket}${sidecar.tasks.length ? ` (tasks: ${sidecar.tasks.join(', ')})` : ''}`)

  const side = sidecarNginxConfig({ socket, tcpPort })
  // The dashboard is for development only: never in production (`tresty start`).
  const dash = o.production || o.dashboard === false || process.env.TRESTY_DASHBOARD === '0' ? null : await startDashboard({
    nginxUrl: `http://127.0.0.1:${o.port}`, bundleFile: built.file, jsDir: join(prefix, 'js'),
    sidecarUrl: `http://127.0.0.1:${tcpPort}`, secret, redisUrl,
    // The queue the sidecar child reads from the same environment and config file.
    queue: loadConfig().queue,
  }).catch(async (e) => { await sidecar.stop(); await redis?.stop(); throw e })
  const configOptions: ConfigOptions = {
    prefix, port: o.port, jsDir: join(prefix, 'js'), module: built.file.split('/').pop()!,
    workers: o.workers ?? 2, accessLog: true, http: side.http + (dash ? `\n${dash.http}` : ''),
    server: `${side.server}\n${dash?.server ?? ''}\n${o.server ?? ''}`,
    main: 'env TRESTY_SIDECAR_SECRET;', ...o.config,
  }
  const conf = writeConfig(runtime, configOptions)
  let nginx: RunningNginx
  try {
    nginx = await startNginx(runtime, prefix, conf, o.port, { TRESTY_SIDECAR_SECRET: secret })
  } catch (e) {
    await dash?.stop()
    await sidecar.stop()
    await redis?.stop()
    guard.close()
    throw e
  }
  guard.add(nginx.process.pid!)
  say(`${runtime.description}`)
  if (dash) say(`dashboard on http://127.0.0.1:${o.port}/_tresty/ (loopback only)`)
  const url = `http://127.0.0.1:${o.port}`
  return {
    url, nginx, sidecar, redis, watchdog: guard.pid, sidecarPort: tcpPort, secret,
    async rebuild() {
      const out = await bundle(o.app, join(prefix, 'js'))
      // The route table and the app's facts (guards, stats, log hooks) may have changed.
      writeConfig(runtime, configOptions)
      nginx.process.kill('SIGHUP')
      return out
    },
    async stop() {
      await nginx.stop()
      await dash?.stop()
      await sidecar.stop()
      await redis?.stop()
      guard.close()
    },
  }
}

export async function runDev(o: DevOptions & { watch?: boolean }): Promise<void> {
  const stack = await startDevStack(o)
  const prefix = resolve(o.prefix || '.tresty')
  console.log(`tresty: listening on ${stack.url} (logs in ${o.config?.logDir ?? prefix + '/logs'}; Ctrl-C stops)`)
  const watcher = o.watch === false ? null : watchSources(dirname(resolve(o.app)), [prefix], (files) => {
    const started = Date.now()
    stack.rebuild().then(
      (out) => console.log(`tresty: rebuilt ${out.file} after ${files.map((f) => relative(process.cwd(), f)).join(', ')} changed (${Date.now() - started} ms); nginx reloaded`),
      // A build error is printed and the running app stays as it was; the next save tries again.
      (e) => console.error(`tresty: build failed, still serving the last good build:\n${(e as Error)?.message ?? e}`),
    )
  })
  if (watcher) console.log(`tresty: watching ${dirname(resolve(o.app))} for changes`)
  await new Promise<void>((done) => {
    let stopping = false
    const stop = () => {
      if (stopping) return
      stopping = true
      watcher?.close()
      stack.stop().then(done, (e) => { console.error(e); done() })
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    process.once('SIGHUP', stop)
    stack.nginx.process.once('exit', (code, signal) => {
      if (!stopping) console.error(`tresty: nginx exited (${signal ?? `code ${code}`}); stopping the sidecar and Redis`)
      process.exitCode = stopping ? 0 : 1
      stop()
    })
    // Should this process die before stop() finished, nginx must not outlive it.
    process.once('exit', () => { stack.nginx.process.kill('SIGTERM') })
  })
}

const WATCHDOG = fileURLToPath(new URL('./runtime/watchdog.ts', import.meta.url))
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

/** Starts the watchdog (see runtime/watchdog.ts): `add(pid)` puts a process in its care. */
function startWatchdog(): { pid: number; add(pid: number): void; close(): void } {
  // Detached: the terminal's Ctrl-C goes to this process, which stops everything in order.
  const child = spawn(process.execPath, ['--import', TSX, WATCHDOG], { stdio: ['pipe', 'ignore', 'inherit'], detached: true })
  child.unref()
  child.stdin!.on('error', () => undefined)
  return {
    pid: child.pid!,
    add: (pid) => { child.stdin!.write(`${pid}\n`) },
    // Everything is stopped by then; the watchdog finds nothing left and exits.
    close: () => { child.stdin!.end() },
  }
}
