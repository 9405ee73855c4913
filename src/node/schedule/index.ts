/**
 * `schedule(expr, name, fn)` on the Node side (`tresty/node`): cron jobs for long work, run by
 * the sidecar's task worker processes. Declare them in the tasks module beside `defineTask`:
 *
 *   schedule('0 3 * * *', 'nightly-report', async ({ at }) => { ... })
 *
 * Every worker process of every host runs the same timers; each fire time is claimed in Redis
 * (SET NX PX), so exactly one of them runs it. A run still busy when the next fire time comes
 * (a busy key in Redis, across processes and hosts) makes that fire time skipped, with a log
 * line. Same cron syntax and UTC times as `tresty/schedule` (src/shared/cron.ts).
 */
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import { nextFire, parseCron, type Cron } from '../../shared/cron.ts'
import { logError, logInfo } from '../sidecar/log.ts'

export interface NodeScheduleOptions {
  /** Milliseconds a run may last: its busy mark lapses after that (default 1 hour). */
  timeout?: number
}

export interface NodeScheduledRun {
  name: string
  /** The fire time this run is for (ms since the epoch). */
  at: number
}

export type NodeScheduledJob = (run: NodeScheduledRun) => unknown

interface Entry { name: string; cron: Cron; fn: NodeScheduledJob; timeout: number }

// Keyed on a global symbol, as the task registry is: a tasks module importing tresty by another
// path still registers where the worker process looks.
const REGISTRY = Symbol.for('tresty.node.schedules')

export function registeredSchedules(): Map<string, Entry> {
  const g = globalThis as { [REGISTRY]?: Map<string, Entry> }
  return (g[REGISTRY] ??= new Map())
}

/** Declares a job; an invalid expression or a name used twice throws here. */
export function schedule(expression: string, name: string, fn: NodeScheduledJob, options: NodeScheduleOptions = {}): void {
  if (typeof name !== 'string' || !/^[\w.:-]{1,100}$/.test(name)) throw new Error(`schedule: the job name ${JSON.stringify(name)} must be 1-100 letters, digits, _ . : -`)
  if (typeof fn !== 'function') throw new Error(`schedule('${name}'): the job must be a function`)
  const jobs = registeredSchedules()
  if (jobs.has(name)) throw new Error(`schedule: a job named '${name}' is already declared`)
  jobs.set(name, { name, cron: parseCron(expression), fn, timeout: options.timeout ?? 3_600_000 })
}

export interface SchedulerOptions {
  redis: Redis
  /** Default: the jobs `schedule()` registered in this process. */
  jobs?: Map<string, Entry>
  /** Key prefix in Redis (default `tresty:schedule:`; the njs side uses the same for its claims). */
  prefix?: string
}

export interface Scheduler {
  /** Stops the timers and waits for the runs in progress. */
  stop(): Promise<void>
}

/** How long a fire time's claim lives: longer than any clock skew between hosts. */
const CLAIM_MS = 120_000
/** setTimeout's longest delay; farther fire times re-arm on the way. */
const MAX_DELAY = 2 ** 31 - 1
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"

export function startScheduler(o: SchedulerOptions): Scheduler {
  const jobs = o.jobs ?? registeredSchedules()
  const prefix = o.prefix ?? 'tresty:schedule:'
  const timers = new Map<string, NodeJS.Timeout>()
  const inFlight = new Set<Promise<void>>()
  let stopped = false

  const arm = (job: Entry, after: number) => {
    if (stopped) return
    const at = nextFire(job.cron, after)
    if (at < 0) return
    const wait = () => {
      const left = at - Date.now()
      if (left > 0) { timers.set(job.name, setTimeout(wait, Math.min(left, MAX_DELAY))); return }
      arm(job, Math.max(at, Date.now()))
      const p = fire(job, at).finally(() => inFlight.delete(p))
      inFlight.add(p)
    }
    wait()
  }

  const fire = async (job: Entry, at: number) => {
    const when = new Date(at).toISOString()
    try {
      const claimed = await o.redis.set(`${prefix}${job.name}:${at}`, `${process.pid}`, 'PX', CLAIM_MS, 'NX')
      if (claimed !== 'OK') return
      const busy = `${prefix}busy:${job.name}`
      const token = randomUUID()
      if (await o.redis.set(busy, token, 'PX', job.timeout, 'NX') !== 'OK') {
        logInfo(`schedule '${job.name}' skipped the run for ${when}: the previous run is still busy`)
        return
      }
      try {
        await job.fn({ name: job.name, at })
      } catch (err) {
        logError(`schedule '${job.name}' failed (run for ${when})`, err)
      } finally {
        await o.redis.eval(RELEASE, 1, busy, token).catch((err) => logError(`schedule '${job.name}': releasing its busy mark`, err))
      }
    } catch (err) {
      // Redis down: no claim, so no run (never a double one).
      logError(`schedule '${job.name}' not run for ${when}: the Redis claim failed`, err)
    }
  }

  for (const job of jobs.values()) arm(job, Date.now())
  return {
    async stop() {
      stopped = true
      for (const t of timers.values()) clearTimeout(t)
      timers.clear()
      await Promise.allSettled([...inFlight])
    },
  }
}
