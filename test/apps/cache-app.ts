/**
 * The app behind test/nginx/cache.test.ts. Loaders count their calls in the number zone
 * (`load:<cache>:<key>`), so tests see how often a loader really ran across workers and hosts.
 */
import { app, HttpError } from 'tresty'
import type { Request } from 'tresty'
import { cache, cacheInvalidation, mongoTier2, sidecarTier2, type Cache } from 'tresty/cache'

const a = app()

function pick(name: string): Cache {
  if (name === 'main') return cache('main', { ttl: 60000 })
  if (name === 'short') return cache('short', { ttl: 300, negTtl: 150 })
  if (name === 'stale') return cache('stale', { ttl: 200, staleTtl: 1500 })
  if (name === 'wait') return cache('wait', { ttl: 60000, waitTimeout: 150 })
  if (name === 'full') return cache('full', { zone: 'tiny', ttl: 60000 })
  if (name === 'evict') return cache('evict', { zone: 'tiny_evict', ttl: 60000 })
  if (name === 'shared') return cache('shared', { ttl: 60000, tier2: sidecarTier2 })
  if (name === 'sharedneg') return cache('sharedneg', { ttl: 60000, negTtl: 60000, tier2: sidecarTier2 })
  if (name === 'mongo') return cache('mongo', { ttl: 60000, tier2: mongoTier2() })
  throw HttpError(404, `no cache ${name}`)
}
// Declared at the top level, as apps do: the invalidation callback finds every cache's zone.
pick('main'); pick('shared'); pick('sharedneg'); pick('mongo')

const sleep = (ms: number) => new Promise<void>((done) => { setTimeout(done, ms) })

function counter(): NgxSharedDict<number> {
  return ngx.shared.tresty_stats as NgxSharedDict<number>
}

a.get('/c/:cache/:key', async (q: Request) => {
  const c = pick(q.params.cache)
  const delay = Number(q.query.delay) || 0
  const size = Number(q.query.size) || 0
  const value = await c.get(q, q.params.key, null, async (key: string) => {
    const n = counter().incr(`load:${c.name}:${key}`, 1, 0)
    if (delay) await sleep(delay)
    if (q.query.fail) throw new Error(`loader failed for ${key}`)
    if (q.query.none) return null
    return { key, n, by: process.pid, pad: size ? 'x'.repeat(size) : undefined }
  })
  return { value: value === undefined ? null : value, pid: process.pid }
})

// The same read, but a cache-hit answered synchronously (no promise) where possible.
a.get('/sync/:key', (q: Request) => {
  const v = pick('main').get(q, q.params.key, null, (key: string) => ({ key, n: counter().incr(`load:main:${key}`, 1, 0) }))
  return v
})

a.get('/loads/:cache/:key', (q: Request) => ({ n: counter().get(`load:${q.params.cache}:${q.params.key}`) || 0 }))
a.get('/peek/:cache/:key', (q: Request) => pick(q.params.cache).peek(q.params.key) || { absent: true })
a.put('/c/:cache/:key', async (q: Request) => {
  await pick(q.params.cache).set(q, q.params.key, q.json().value)
  return { ok: true }
})
a.delete('/c/:cache/:key', async (q: Request) => {
  await pick(q.params.cache).delete(q, q.params.key)
  return { ok: true }
})
a.post('/purge/:cache', async (q: Request) => {
  await pick(q.params.cache).purge(q)
  return { ok: true }
})
a.get('/pid', () => ({ pid: process.pid }))
a.post('/_tresty/cache/invalidate', cacheInvalidation())

export default a
