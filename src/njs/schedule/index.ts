/**
 * `tresty/schedule`: cron jobs run by nginx itself, on `js_periodic`.
 *
 *   schedule('*\/5 * * * *', 'cleanup', (s, run) => { ... })
 *   export default scheduleTick(a)   // adds app.scheduleTick; generated configs then add
 *                                    //   location @tresty_schedule { js_periodic app.scheduleTick interval=1s; }
 *
 * Every tick (1 s) each job whose next fire time has passed fires once: a worker claims the
 * fire time in a shared dict (`add()` succeeds for one caller only), so several workers (or
 * `worker_affinity=all`) never run it twice; with `{ redis: true }` the winner also claims it
 * in Redis through the sidecar (SET NX PX), so one host of many runs it. Fire times that pass
 * while nginx is down or busy are not made up: the job fires next at its next time after now.
 *
 * Jobs here must be short: nginx cuts off a tick that is still running when the next begins
 * ("js_periodic … is already running, killing previous instance"). Long work belongs in the
 * sidecar (`schedule` from `tresty/node`), or in a task the job enqueues.
 */
import { nextFire, parseCron } from '../../shared/cron.ts'
import type { Cron } from '../../shared/cron.ts'
import { redis } from '../sidecar/redis.ts'
import { errorDetail, logSafe } from '../utils/log.ts'

export interface ScheduleOptions {
  /** Also claim each fire time in Redis through the sidecar, for several nginx hosts (default false). */
  redis?: boolean
  /**
   * Milliseconds a run may last before the next fire time may start another (default 60 000):
   * a fire time that comes while the previous run is still marked busy is skipped with an
   * info line. A run cut off by nginx keeps its mark until then.
   */
  timeout?: number
  /** The number zone (with a timeout) for claims and next fire times (default `tresty_locks`, see nginx/http.conf). */
  zone?: string
}

/** What a job is told about its run: the job's name and the fire time it runs for (ms since the epoch). */
export interface ScheduledRun {
  name: string
  at: number
}

/** A job: gets the periodic session (for sidecar calls: `redis.call(s, …)`) and its run. */
export type ScheduledJob = (s: NginxPeriodicSession, run: ScheduledRun) => unknown

interface Job {
  name: string
  cron: Cron
  fn: ScheduledJob
  redis: boolean
  timeout: number
  zone: string
}

/** What the build records in the manifest (`schedules`): generated configs add the tick location when there are any. */
export interface ScheduleFact {
  name: string
  cron: string
}

// The jobs of this module instance. njs re-runs the app's top level (and so every schedule())
// in each VM, and QuickJS once per context: either way, one declaration per VM.
const jobs: Job[] = []

/** How long a claim of one fire time lives: longer than any clock skew between hosts. */
const CLAIM_MS = 120_000

/** Declares a job; an invalid expression or a name used twice throws here. */
export function schedule(expression: string, name: string, fn: ScheduledJob, options?: ScheduleOptions): void {
  if (typeof name !== 'string' || !/^[\w.:-]{1,100}$/.test(name)) throw new Error(`schedule: the job name ${JSON.stringify(name)} must be 1-100 letters, digits, _ . : -`)
  if (typeof fn !== 'function') throw new Error(`schedule('${name}'): the job must be a function`)
  for (let i = 0; i < jobs.length; i++) if (jobs[i].name === name) throw new Error(`schedule: a job named '${name}' is already declared`)
  const cron = parseCron(expression)
  const o = options || {}
  jobs.push({ name, cron, fn, redis: !!o.redis, timeout: o.timeout || 60_000, zone: o.zone || 'tresty_locks' })
}

/** The declared jobs, for the build's manifest. */
export function scheduledJobs(): ScheduleFact[] {
  const out: ScheduleFact[] = []
  for (let i = 0; i < jobs.length; i++) out.push({ name: jobs[i].name, cron: jobs[i].cron.source })
  return out
}

function zoneOf(job: Job): NgxSharedDict {
  const dict = ngx.shared[job.zone]
  if (!dict) throw new Error(`tresty schedule: no shared dict zone '${job.zone}' (include nginx/http.conf, or declare js_shared_dict_zone zone=${job.zone}:1m type=number timeout=30s)`)
  return dict as NgxSharedDict
}

function message(e: any): string {
  return logSafe(errorDetail(e))
}

/** Runs the job for fire time `at`, unless its previous run is still busy; never throws. */
function run(s: NginxPeriodicSession, job: Job, dict: NgxSharedDict, at: number): Promise<void> | void {
  const busy = `sched:busy:${job.name}`
  if (!(dict as any).add(busy, 1, job.timeout)) {
    ngx.log(ngx.INFO, `tresty schedule: '${job.name}' skipped the run for ${new Date(at).toISOString()}: the previous run is still busy`)
    return
  }
  const done = () => { dict.delete(busy) }
  const failed = (e: any) => {
    ngx.log(ngx.ERR, `tresty schedule: '${job.name}' failed (run for ${new Date(at).toISOString()}): ${message(e)}`)
    done()
  }
  let out: any
  try {
    out = job.fn(s, { name: job.name, at })
  } catch (e) {
    failed(e)
    return
  }
  if (out && typeof out.then === 'function') return out.then(done, failed)
  done()
}

/** Claims fire time `at` in Redis (several hosts); a Redis that cannot answer means no run (never a double one). */
function claimInRedis(s: NginxPeriodicSession, job: Job, dict: NgxSharedDict, at: number): Promise<void> {
  return redis.call(s, 'SET', `tresty:schedule:${job.name}:${at}`, String(Date.now()), 'NX', 'PX', String(CLAIM_MS)).then((reply) => {
    if (reply !== 'OK') return
    return run(s, job, dict, at)
  }, (e) => {
    ngx.log(ngx.ERR, `tresty schedule: '${job.name}' not run for ${new Date(at).toISOString()}: the Redis claim failed: ${message(e)}`)
  })
}

/** One look at one job: fires it when its next fire time has passed and this caller wins the claim. */
function consider(s: NginxPeriodicSession, job: Job, now: number): Promise<void> | void {
  const dict = zoneOf(job)
  const key = `sched:next:${job.name}`
  const due = dict.get(key) as number | undefined
  const next = nextFire(job.cron, now)
  // Kept a little past the next fire time, so an idle zone forgets a job that is gone.
  const keep = next < 0 ? CLAIM_MS : next - now + CLAIM_MS
  // First look, or a stored time the expression cannot produce (it changed across a reload):
  // count from now. A time still ahead equals `next` otherwise.
  if (due === undefined || (due > now && due !== next)) {
    if (next >= 0) dict.set(key, next, keep)
    return
  }
  if (due > now) return
  dict.set(key, next, keep)
  if (!(dict as any).add(`sched:run:${job.name}:${due}`, 1, CLAIM_MS)) return
  if (job.redis) return claimInRedis(s, job, dict, due)
  return run(s, job, dict, due)
}

/**
 * The js_periodic entry point: every due job, each behind its own error boundary. Resolves
 * when the async ones settle (nginx keeps the tick alive until then).
 */
export function tick(s: NginxPeriodicSession): Promise<void> | void {
  const now = Date.now()
  const pending: Promise<void>[] = []
  for (let i = 0; i < jobs.length; i++) {
    try {
      const p = consider(s, jobs[i], now)
      if (p) pending.push(p)
    } catch (e) {
      ngx.log(ngx.ERR, `tresty schedule: '${jobs[i].name}': ${message(e)}`)
    }
  }
  if (pending.length) return Promise.all(pending).then(() => undefined)
}

/** Exposes `tick` as `app.scheduleTick` for `js_periodic app.scheduleTick interval=1s;` (and the jobs for the build). */
export function scheduleTick<A extends object>(a: A): A {
  (a as any).scheduleTick = tick;
  (a as any)._schedules = scheduledJobs
  return a
}
