/** The app behind test/nginx/bus.test.ts: tresty/bus inside nginx. */
import { app, HttpError } from 'tresty'
import type { Request, Response } from 'tresty'
import { bus, busDelivery, busLog, busRequests, persistence, stop } from 'tresty/bus'
import type { RemoteMeta, Store } from 'tresty/bus'
import users from 'tresty-events:./bus-events/events.json'

const a = app()

// Subscriptions made at module load: present in every request, on every engine.
bus.subscribe('data', (q: Request, tag: string) => `data:${tag}`)
bus.subscribe('data:store', (q: Request, tag: string) => `store:${tag}`, { priority: 1 })
bus.subscribe('data:store', (q: Request, tag: string) => (tag === 'halt' ? stop('halted') : `store2:${tag}`))
bus.subscribe('data:store:user', (q: Request, tag: string) => new Promise((resolve) => setTimeout(() => resolve(`user:${tag}`), 5)))
bus.subscribe('data:store:user', (q: Request, tag: string) => `only-yes:${tag}`, { predicate: (q: Request, tag: string) => tag === 'yes' })
bus.subscribe('fail:sync', () => { throw new Error('sync failure') })
bus.subscribe('fail:async', () => Promise.reject(new Error('async failure')))
bus.subscribe('fail:http', () => { throw HttpError(409, 'conflict from the bus') })

// A config map (Lusty's `events`), resolved to imports by the build.
bus.wire(users)

// HTTP requests as channels: answered here, without routes.
bus.subscribe('http:request:get', () => stop({ answered: 'by the bus' }), { predicate: (q: Request) => q.path === '/via-bus' })
bus.subscribe('http:request:get', (q: Request) => stop(new Promise((resolve) => setTimeout(() => resolve({ late: q.query.n }), 5))),
  { predicate: (q: Request) => q.path === '/via-bus/async' })
bus.subscribe('http:request:post', (q: Request, r: Response) => {
  r.status = 201
  return stop({ created: q.json() })
}, { predicate: (q: Request) => q.path === '/via-bus' })
bus.subscribe('http:request', (q: Request, r: Response) => { r.headers['X-Bus-Seen'] = q.method })
a.use(busRequests(bus))

// log:<level> → nginx's error log.
busLog(bus)

a.get('/publish/:channel', async (q: Request) => ({ results: await bus.publish(q.params.channel, q, String(q.query.tag || '')) }))
a.get('/publish-sync/:channel', (q: Request) => ({ results: bus.publishSync(q.params.channel, q, String(q.query.tag || '')) }))
a.get('/count', () => ({ total: bus.count(), data: bus.count('data:store') }))
// A subscription made during a request: gone with the request's VM on the njs engine; on
// QuickJS it stays in the reused context (this is why docs/bus.md says: subscribe at load).
a.get('/subscribe-in-request', () => {
  bus.subscribe('late', () => 'late')
  return { total: bus.count(), late: bus.count('late') }
})
a.get('/routed', () => 'from a route')
a.post('/log/:level', async (q: Request) => {
  await bus.publish('log:' + q.params.level, q.text(), { n: 1 })
  return { logged: true }
})

// Across processes: publishRemote goes through the sidecar to Redis; deliveries from the sidecar
// (nginx/bus.conf → app.busDeliver) land here. One worker runs a delivery: the shared dict
// makes it visible to every worker.
a.post('/remote/:channel', async (q: Request) => ({ receivers: await bus.publishRemote(q, q.params.channel, q.json()) }))
bus.subscribe('bus-test', (payload: unknown, meta: RemoteMeta) => {
  const seen = JSON.parse(String(ngx.shared.tresty_cache.get('bus-test:seen') || '[]'))
  seen.push({ payload, meta })
  ngx.shared.tresty_cache.set('bus-test:seen', JSON.stringify(seen))
  return 'stored'
})
bus.subscribe('bus-test:fail', () => { throw new Error('delivery subscriber failed') })
// Persistence with another store: the shared dict (any Store answers data:request:<kind>:*).
const dictStore: Store = {
  get: (ctx, kind, id) => Promise.resolve(JSON.parse(String(ngx.shared.tresty_cache.get(`${kind}:${id}`) || 'null'))),
  save: (ctx, kind, id, value) => Promise.resolve(ngx.shared.tresty_cache.set(`${kind}:${id}`, JSON.stringify(value))).then(() => value),
  delete: (ctx, kind, id) => Promise.resolve(ngx.shared.tresty_cache.delete(`${kind}:${id}`)),
  list: () => Promise.resolve([]),
}
persistence(bus, 'memo', dictStore)
a.post('/memo/:id', async (q: Request) => (await bus.publish('data:request:memo:save', q, q.params.id, q.json()))[0])
a.get('/memo/:id', async (q: Request) => {
  const [memo] = await bus.publish('data:request:memo:get', q, q.params.id)
  if (memo === undefined) throw HttpError(404, 'no memo')
  return memo
})
a.get('/remote-seen', () => JSON.parse(String(ngx.shared.tresty_cache.get('bus-test:seen') || '[]')))

export default Object.assign(a, { busDeliver: busDelivery(bus) })
