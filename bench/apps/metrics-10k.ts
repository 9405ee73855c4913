/**
 * A /metrics scrape of 10,000 series (the default zones of nginx/http.conf hold them).
 *
 *   GET /fill/0/2500 … /fill/7500/2500   creates the series (status × route labels, 70-byte ids)
 *   GET /tick                            runs the interval work once, so `_delta` is there too
 *   GET /metrics                         what to measure: server CPU per request = per scrape
 *
 * With bench/run.ts: a target with `path: '/metrics'` whose setup's `warm(url)` requests the
 * four /fill ranges and /tick twice; its "µs/req" is the CPU one scrape costs (target < 50,000).
 * Measured on the dev machine (2 cores, 10,000 series, 3.0 MB of text): nginx's $request_time
 * 40–47 ms on njs 0.8.9 / njs 1.0.2, 36–44 ms on QuickJS.
 */
import { app } from 'tresty'
import type { Request } from 'tresty'
import { configureStats, metrics, stat, tick } from 'tresty/stats'

configureStats({ maxSeries: 10000 })

const a = app()
a.get('/metrics', metrics())
a.get('/fill/:from/:n', (q: Request) => {
  const from = Number(q.params.from)
  const to = from + Number(q.params.n)
  let kept = 0
  for (let i = from; i < to; i++) {
    if (stat.incr('http_requests', 1 + (i % 7), { route: '/api/v1/resource/' + (i % 500), method: 'GET', status: String(200 + Math.floor(i / 500)) })) kept++
  }
  return { kept }
})
a.get('/tick', () => {
  tick()
  return 'ok'
})

export default a
