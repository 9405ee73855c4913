/**
 * The whole path for nginx tests: a redis-server, the sidecar as users run it (its own process,
 * so tests can kill it), and a real nginx running test/apps/sidecar-app.ts with the shipped
 * snippets. The sidecar listens on a unix socket (the upstream) and on TCP (ngx.fetch).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startApp, type TestServer } from '../nginx.ts'
import { startRedis, type TestRedis } from '../redis.ts'
import { startMongoStandin, type MongoStandin } from '../mongo-standin.ts'
import { freePort } from '../../../src/node/runtime/nginx-process.ts'
import { sidecarNginxConfig } from '../../../src/node/sidecar/upstream-conf.ts'
import { eventually, get, TEST_SECRET } from './client.ts'

const MAIN = resolve(import.meta.dirname, '../../../src/node/sidecar/main.ts')
const TASKS = resolve(import.meta.dirname, '../../sidecar/fixtures/tasks.ts')

export interface Stack {
  redis: TestRedis
  nginx: TestServer
  socket: string
  tcpPort: number
  /** Starts the sidecar process (again) on the same socket and port; resolves once it answers. */
  startSidecar(): Promise<void>
  /** SIGKILL to the sidecar and its task workers: a crash, not a shutdown. */
  killSidecar(): Promise<void>
  stop(): Promise<void>
}

export interface StackOptions {
  /** The njs client's default per-call timeout ($tresty_sidecar_timeout). */
  timeoutMs?: number
  /** Extra text in `http {}` and in `server {}` (e.g. a js_periodic location). */
  http?: string
  server?: string
}

export async function startStack(o: StackOptions = {}): Promise<Stack> {
  const redis = await startRedis()
  const mongo: MongoStandin | null = process.env.MONGO_URL ? null : await startMongoStandin()
  const dir = mkdtempSync(join(tmpdir(), 'tresty-stack-'))
  chmodSync(dir, 0o755) // nginx workers run as nobody
  const socket = join(dir, 'sidecar.sock')
  const tcpPort = await freePort()
  const env = {
    ...process.env,
    TRESTY_SIDECAR_SOCKET: socket, TRESTY_SIDECAR_PORT: String(tcpPort), TRESTY_REDIS_URL: redis.url, TRESTY_TASKS: TASKS,
    TRESTY_MONGO_URL: process.env.MONGO_URL ?? mongo!.url, TRESTY_MONGO_DB: 'tresty_nginx_test',
    TRESTY_CONFIG: join(dir, 'none.json'), TRESTY_SIDECAR_QUIET: '1', TRESTY_SIDECAR_SECRET: TEST_SECRET,
  }
  let child: ChildProcess | null = null
  const killSidecar = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child!.once('exit', r))
    process.kill(-child.pid!, 'SIGKILL')
    await exited
  }
  const stack: Stack = {
    redis, socket, tcpPort,
    nginx: undefined as unknown as TestServer,
    async startSidecar() {
      // Its own process group, so one kill takes its task workers along.
      child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, detached: true, stdio: ['ignore', 'ignore', 'inherit'] })
      await eventually(async () => (await get({ socket }, '/health')).body.workers === 1, 20_000, 'the sidecar to start')
    },
    killSidecar,
    async stop() {
      stack.nginx?.assertNoCrash()
      await stack.nginx?.stop()
      await killSidecar()
      await mongo?.stop()
      await redis.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  try {
    await stack.startSidecar()
    const sidecar = sidecarNginxConfig({ socket, tcpPort, timeoutMs: o.timeoutMs ?? 2000 })
    stack.nginx = await startApp({
      app: 'test/apps/sidecar-app.ts',
      workers: 2,
      http: `${sidecar.http}\n${o.http ?? ''}`,
      server: `${sidecar.server}\n${o.server ?? ''}`,
      main: 'env TRESTY_SIDECAR_SECRET;',
      env: { TRESTY_SIDECAR_SECRET: TEST_SECRET },
    })
  } catch (err) {
    await stack.stop()
    throw err
  }
  return stack
}
