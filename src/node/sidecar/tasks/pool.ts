/**
 * Task worker processes: forked at start, restarted (with backoff) when one dies, stopped with
 * the sidecar. They run the user's tasks; the HTTP process only enqueues.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { logError } from '../log.ts'
import type { WorkerMessage, WorkerProcessConfig } from './worker-process.ts'

export interface WorkerPool {
  /** Task names the tasks module defined. */
  tasks: string[]
  pids(): number[]
  stop(): Promise<void>
}

const ENTRY = fileURLToPath(new URL('./worker-process.ts', import.meta.url))
// The entry and the user's tasks module are TypeScript: every child loads tsx, found from here
// rather than from whatever directory the sidecar was started in.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const READY_TIMEOUT_MS = 30_000
const MAX_RESTART_DELAY_MS = 5_000
/** A child that ran this long before dying is restarted without delay. */
const HEALTHY_MS = 10_000

export async function startWorkerPool(config: WorkerProcessConfig, count: number): Promise<WorkerPool> {
  const children: (ChildProcess | null)[] = []
  let stopping = false
  let tasks: string[] = []

  const spawnChild = (slot: number, restarts: number): Promise<void> => new Promise((resolve, reject) => {
    const child = fork(ENTRY, [JSON.stringify(config)], { execArgv: ['--import', TSX], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const startedAt = Date.now()
    children[slot] = child
    let settled = false
    const timer = setTimeout(() => fail(new Error(`task worker did not start within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS)
    const fail = (err: Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(err)
    }
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'fatal') fail(new Error(m.message))
      if (m.type === 'ready' && !settled) {
        settled = true
        clearTimeout(timer)
        tasks = m.tasks
        resolve()
      }
    })
    child.on('exit', (code, signal) => {
      fail(new Error(`task worker exited (${signal ?? code}) before it was ready`))
      if (children[slot] === child) children[slot] = null
      if (stopping) return
      // A crash loop backs off; a worker that had been running fine comes back at once.
      const healthy = Date.now() - startedAt > HEALTHY_MS
      const delay = healthy ? 0 : Math.min(250 * 2 ** restarts, MAX_RESTART_DELAY_MS)
      logError(`task worker ${child.pid} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`)
      setTimeout(() => {
        if (!stopping) spawnChild(slot, healthy ? 0 : restarts + 1).catch((err) => logError('task worker restart failed', err))
      }, delay)
    })
  })

  const stop = async () => {
    stopping = true
    await Promise.all(children.map((child) => child && stopChild(child)))
  }

  try {
    await Promise.all(Array.from({ length: count }, (_, slot) => spawnChild(slot, 0)))
  } catch (err) {
    await stop()
    throw err
  }
  return {
    get tasks() { return tasks },
    pids: () => children.flatMap((c) => (c?.pid ? [c.pid] : [])),
    stop,
  }
}

/** SIGTERM lets running tasks finish; a worker still busy after the grace period is killed. */
function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => { clearTimeout(timer); resolve() })
    child.kill('SIGTERM')
  })
}
