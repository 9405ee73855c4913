/**
 * The probe app behind test/security/: every body parser, sidecar calls whose ids and names
 * come from the URL, client-controlled stat labels, route metrics and /metrics — the places
 * hostile input reaches.
 */
import { app } from 'tresty'
import type { Request } from 'tresty'
import { mongo, redis, tasks } from 'tresty/sidecar'
import { configureStats, metrics, routeMetrics, stat } from 'tresty/stats'

configureStats({ maxSeries: Number(process.env.TRESTY_TEST_MAX_SERIES) || 400 })

const a = app({ bodyLimit: 256 * 1024 })
routeMetrics(a)
a.get('/metrics', metrics())
a.get('/ping', () => 'pong')

a.post('/json', (q: Request) => ({ type: typeof q.json() }))
a.post('/json-async', async (q: Request) => {
  const body = q.json()
  await new Promise((done) => setTimeout(done, 5))
  return { keys: body && typeof body === 'object' ? Object.keys(body).length : 0 }
})
a.post('/form', (q: Request) => ({ fields: Object.keys(q.form()).length }))
a.post('/multipart', (q: Request) => {
  const m = q.multipart()
  return { fields: Object.keys(m.fields).length, files: m.files.length }
})
a.post('/text', (q: Request) => ({ length: q.text().length }))
a.post('/bytes', (q: Request) => ({ length: q.bytes().length }))
a.get('/query', (q: Request) => ({ keys: Object.keys(q.query).length }))
a.get('/cookies', (q: Request) => ({ keys: Object.keys(q.cookies).length }))

// Sidecar calls whose arguments come straight from the URL.
a.get('/reports/:id', (q: Request) => tasks.status(q, q.params.id))
a.get('/kv/:key', (q: Request) => redis.call(q, 'GET', q.params.key).then((value) => ({ value })))
a.get('/collections/:name', (q: Request) => mongo.findOne(q, q.params.name, { filter: {} }).then((doc) => ({ doc })))

// Stat labels straight from the client.
a.get('/label/:v', (q: Request) => ({ kept: stat.incr('probe_hits', 1, { v: q.params.v }) }))
a.get('/users/:id', (q: Request) => ({ id: q.params.id }))

export default a
