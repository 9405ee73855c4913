/** The app behind test/sidecar/nginx*.test.ts: each route exercises one sidecar path from njs. */
import { app } from 'tresty'
import type { Request } from 'tresty'
import { mongo, oid, redis, sidecarJson, tasks } from 'tresty/sidecar'

const a = app()

// Never touches the sidecar: must keep answering while the sidecar is down.
a.get('/ping', () => 'pong')

a.post('/tasks/:name', (q: Request) => {
  const body = q.json()
  return tasks.enqueue(q, q.params.name, body.payload, body.options).then((id) => ({ id }))
})
a.get('/tasks/:id', (q: Request) => tasks.status(q, q.params.id))

a.get('/kv/:key', (q: Request) => redis.call(q, 'GET', q.params.key).then((value) => ({ value })))
a.post('/kv/:key', (q: Request) => redis.call(q, 'SET', q.params.key, q.text()).then((result) => ({ result })))
a.get('/kv-len/:key', (q: Request) => redis.call(q, 'STRLEN', q.params.key).then((length) => ({ length })))
a.get('/flush', (q: Request) => redis.call(q, 'FLUSHALL'))
a.get('/pipeline', (q: Request) => redis.pipeline(q, [['SET', 'pipe', '1'], ['INCR', 'pipe'], ['HGET', 'pipe', 'x']]))
a.post('/publish/:channel', (q: Request) => redis.publish(q, q.params.channel, q.text()).then((receivers) => ({ receivers })))

a.post('/people', (q: Request) => {
  const body = q.json()
  return mongo.insertOne(q, 'people', { document: { name: body.name, born: new Date(body.born) } })
    .then((res) => ({ id: (res.insertedId as { $oid: string }).$oid }))
})
a.get('/people/:id', (q: Request) => mongo.findOne(q, 'people', { filter: { _id: oid(q.params.id) } }).then((doc: any) => ({
  name: doc.name, bornIsDate: doc.born instanceof Date, born: doc.born.toISOString(), id: doc._id.$oid,
})))

// One sidecar round trip by the transport named in the path (`subrequest` or `fetch`).
a.get('/rt/:via', (q: Request) => sidecarJson(q, 'GET', '/health', undefined, { via: q.params.via as 'subrequest' | 'fetch' }).then(() => 'ok'))
// `n` sequential round trips inside one request: the mean cost of one, without the client's share.
a.get('/rt-loop/:via', (q: Request) => {
  const n = Number(q.query.n) || 100
  const via = q.params.via as 'subrequest' | 'fetch'
  const started = Date.now()
  let i = 0
  const next = (): Promise<unknown> => (i++ < n ? sidecarJson(q, 'GET', '/health', undefined, { via }).then(next) : Promise.resolve())
  return next().then(() => ({ n, ms: Date.now() - started }))
})
// A short per-call timeout (the default comes from $tresty_sidecar_timeout).
a.get('/short-timeout', (q: Request) => sidecarJson(q, 'GET', '/health', undefined, { timeout: 300 }))

/** js_periodic: no request, so the call goes by ngx.fetch to the sidecar's TCP address. */
function periodic(s: NginxPeriodicSession) {
  return redis.call(s, 'INCR', 'periodic-runs').catch((e: Error) => ngx.log(ngx.ERR, `periodic: ${e.message}`))
}

export default Object.assign(a, { periodic })
