/**
 * The app behind test/nginx/schedule.test.ts and schedule-hosts.test.ts: jobs that count their
 * runs (per job and per fire time) in the tresty_stats zone, one that throws, an async one,
 * and — with TRESTY_TEST_REDIS_JOB — one claimed across hosts in Redis.
 */
import { app } from 'tresty'
import type { Request } from 'tresty'
import { schedule, scheduleTick } from 'tresty/schedule'
import type { ScheduledRun } from 'tresty/schedule'

function count(run: ScheduledRun) {
  const d = ngx.shared.tresty_stats
  d.incr(`sched-test:${run.name}`, 1, 0)
  d.incr(`sched-test:${run.name}@${run.at}`, 1, 0)
}

schedule('* * * * * *', 'boom', () => { throw new Error('boom on purpose') })
schedule('* * * * * *', 'every', (s, run) => count(run))
schedule('@every 2s', 'async', (s, run) => new Promise<void>((resolve) => setTimeout(() => { count(run); resolve() }, 20)))
schedule('0 0 1 1 *', 'yearly', (s, run) => count(run))
if (process.env.TRESTY_TEST_REDIS_JOB) schedule('* * * * * *', 'cluster', (s, run) => count(run), { redis: true })

const a = app()
a.get('/runs/:name', (q: Request) => {
  const d = ngx.shared.tresty_stats
  const prefix = `sched-test:${q.params.name}@`
  const fires: Record<string, number> = {}
  const keys = d.keys(10_000)
  for (let i = 0; i < keys.length; i++) if (keys[i].indexOf(prefix) === 0) fires[keys[i].slice(prefix.length)] = d.get(keys[i]) as number
  return { n: d.get(`sched-test:${q.params.name}`) || 0, fires }
})

export default scheduleTick(a)
