/**
 * The sidecar as a supervised child process (`tresty dev`): restarted with backoff when it dies,
 * with the same secret, socket and port each time (so nginx, which holds the secret, keeps
 * working), and never outliving the process that supervises it — it shuts down when its stdin
 * closes, which the kernel does when the supervisor dies, even by SIGKILL. Its task workers
 * follow it (they exit when their IPC channel to it closes).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { request } from 'node:http'
import { HEALTH_PATH, SECRET_HEADER, type HealthResponse } from '../../shared/sidecar-protocol.ts'

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const MAX_RESTART_DELAY_MS = 5_000
/** A sidecar that ran this long before dying is restarted at once, the backoff starting over. */
const HEALTHY_MS = 10_000
const READY_TIMEOUT_MS = 30_000

export interface SuperviseOptions {
  /** The sidecar's environment (TRESTY_* settings); the secret and the socket are required. */
  env: NodeJS.ProcessEnv
  socket: string
  secret: string
  say?: (message: string) => void
}

export interface SupervisedSidecar {
  /** The running sidecar's pid (null between a death and the restart). */
  pid(): number | null
  /** Task names its workers registered (from /health). */
  tasks: string[]
  restarts(): number
  stop(): Promise<void>
}

/** Env var that tells main.ts to shut down when stdin closes. */
export const SUPERVISED_ENV = 'TRESTY_SIDECAR_SUPERVISED'

export async function superviseSidecar(o: SuperviseOptions): Promise<SupervisedSidecar> {
  let child: ChildProcess | null = null
  let stopping = false
  let restarts = 0
  let failures = 0
  let timer: NodeJS.Timeout | null = null
  const say = o.say ?? (() => undefined)

  const start = (): ChildProcess => {
    // Its own process group: a Ctrl-C in the terminal reaches the supervisor, which stops it.
    const c = spawn(process.execPath, ['--import', TSX, MAIN], {
      env: { ...process.env, ...o.env, TRESTY_SIDECAR_SECRET: o.secret, TRESTY_SIDECAR_SOCKET: o.socket, [SUPERVISED_ENV]: '1' },
      stdio: ['pipe', 'inherit', 'inherit'], detached: true,
    })
    const started = Date.now()
    c.once('exit', (code, signal) => {
      if (stopping) return
      if (Date.now() - started >= HEALTHY_MS) failures = 0
      const delay = Math.min(200 * 2 ** failures, MAX_RESTART_DELAY_MS)
      failures++
      say(`sidecar ${c.pid} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`)
      child = null
      timer = setTimeout(() => {
        timer = null
        if (stopping) return
        restarts++
        child = start()
      }, delay)
    })
    return c
  }

  child = start()
  const health = await waitHealthy(o.socket, o.secret, () => child !== null && child.exitCode === null && child.signalCode === null)
  return {
    pid: () => child?.pid ?? null,
    tasks: health.tasks,
    restarts: () => restarts,
    async stop() {
      stopping = true
      if (timer) clearTimeout(timer)
      const c = child
      if (!c || c.exitCode !== null || c.signalCode !== null) return
      const exited = new Promise((resolve) => c.once('exit', resolve))
      const hard = setTimeout(() => c.kill('SIGKILL'), 10_000)
      c.kill('SIGTERM')
      await exited
      clearTimeout(hard)
    },
  }
}

/** Polls /health (with the secret) until it answers, the child dies, or the timeout passes. */
async function waitHealthy(socket: string, secret: string, alive: () => boolean): Promise<HealthResponse> {
  const until = Date.now() + READY_TIMEOUT_MS
  for (;;) {
    const h = await health(socket, secret).catch(() => null)
    if (h) return h
    if (!alive()) throw new Error('the sidecar exited at start (see its log above)')
    if (Date.now() > until) throw new Error(`the sidecar did not answer on ${socket} within ${READY_TIMEOUT_MS} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export function health(socket: string, secret: string): Promise<HealthResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path: HEALTH_PATH, headers: { [SECRET_HEADER]: secret } }, (res) => {
      let text = ''
      res.on('data', (d) => { text += d })
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`HTTP ${res.statusCode}`))))
    })
    req.on('error', reject)
    req.end()
  })
}
