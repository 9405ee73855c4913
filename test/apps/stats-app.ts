/** The app behind test/nginx/stats.test.ts: stat writes, histograms, route metrics, /metrics. */
import { app } from 'tresty'
import type { Request } from 'tresty'
import { configureStats, metrics, routeMetrics, stat } from 'tresty/stats'

configureStats({ maxSeries: Number(process.env.TRESTY_TEST_MAX_SERIES) || 300 })

const a = app()
routeMetrics(a)
a.get('/metrics', metrics())

a.get('/incr/:key', (q: Request) => {
  const labels: Record<string, string> = {}
  for (const k in q.query) labels[k] = String(q.query[k])
  const v = q.params.key === 'bad_value' ? NaN : Number(q.headers['x-value'] || 1)
  return { kept: stat.incr(q.params.key, v, labels), pid: process.pid }
})
a.get('/observe/:key', (q: Request) => ({ kept: stat.observe(q.params.key, Number(q.query.v), { op: 'find' }) }))
// n new series in one request (the cardinality limit).
a.get('/many/:n', (q: Request) => {
  let kept = 0
  const n = Number(q.params.n)
  for (let i = 0; i < n; i++) if (stat.incr('many', 1, { i: String(i) })) kept++
  return { kept }
})
// Label values that need escaping, and names that need fixing.
a.get('/weird', () => {
  stat.incr('weird', 2, { path: 'a"b\\c\nd', 'bad-name': 'ü€', __reserved: 'x', n: 5 })
  stat.incr('9 bad.name', 1)
  return 'ok'
})
a.get('/users/:id', (q: Request) => ({ id: q.params.id }))
a.get('/num/:id{\\d+}', (q: Request) => ({ id: q.params.id }))
a.get('/slow', () => new Promise((done) => { setTimeout(() => done('slow'), 120) }))
a.get('/boom', () => { throw new Error('boom') })

export default a
