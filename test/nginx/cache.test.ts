/**
 * tresty/cache tier 1 and single flight in a real nginx with two workers: values shared across
 * workers, one loader call for 50 concurrent misses, ttl/negTtl expiry, stale serving, full zones.
 * (Tier 2 and cross-host behaviour: cache-hosts.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { startApp, type TestServer } from '../support/nginx.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'

const SECRET = 'cache-test-secret'
let s: TestServer
/** A second listener with `reuseport`: the kernel spreads its connections over both workers. */
let spreadPort: number

beforeAll(async () => {
  spreadPort = await freePort()
  s = await startApp({
    server: `        listen 127.0.0.1:${spreadPort} reuseport;`,
    app: 'test/apps/cache-app.ts',
    workers: 2,
    main: 'env TRESTY_SIDECAR_SECRET;',
    env: { TRESTY_SIDECAR_SECRET: SECRET },
    http: `    js_shared_dict_zone zone=tiny:64k timeout=1m;
    js_shared_dict_zone zone=tiny_evict:64k timeout=1m evict;`,
  })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
})

const json = async (path: string, init?: RequestInit) => {
  const res = await s.fetch(path, init)
  const text = await res.text()
  let body: any = text
  try { body = JSON.parse(text) } catch { /* keep the text */ }
  return { status: res.status, body }
}
const loads = async (cache: string, key: string) => (await json(`/loads/${cache}/${encodeURIComponent(key)}`)).body.n
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A GET on a new connection each time, so nginx hands it to whichever worker accepts first. */
function freshGet(path: string, port?: number): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`http://127.0.0.1:${port ?? s.port}${path}`, { agent: false, headers: { connection: 'close' } }, (res) => {
      let text = ''
      res.on('data', (c) => { text += c })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('tier 1', () => {
  it('loads once, then serves the cached value', async () => {
    const first = await json('/c/main/k1')
    expect(first.status).toBe(200)
    expect(first.body.value).toMatchObject({ key: 'k1', n: 1 })
    const second = await json('/c/main/k1')
    expect(second.body.value).toEqual(first.body.value)
    expect(await loads('main', 'k1')).toBe(1)
  })

  it('is shared by both workers: a value loaded by one is served by the other', async () => {
    const seen = new Map<number, unknown>()
    for (let i = 0; i < 200 && seen.size < 2; i++) {
      const res = await freshGet('/c/main/shared-k')
      seen.set(res.body.pid, res.body.value)
    }
    expect(seen.size).toBe(2)
    const values = [...seen.values()]
    expect(values[0]).toEqual(values[1])
    expect(await loads('main', 'shared-k')).toBe(1)
  })

  it('answers a hit synchronously (the handler returns the value itself)', async () => {
    expect((await json('/sync/s1')).body).toMatchObject({ key: 's1', n: 1 })
    expect((await json('/sync/s1')).body).toMatchObject({ key: 's1', n: 1 })
    expect(await loads('main', 's1')).toBe(1)
  })

  it('50 concurrent requests on a cold key: the loader runs exactly once', async () => {
    const all = await Promise.all(Array.from({ length: 50 }, () => freshGet('/c/main/cold?delay=200', spreadPort)))
    expect(all.every((r) => r.status === 200)).toBe(true)
    expect(new Set(all.map((r) => JSON.stringify(r.body.value))).size).toBe(1)
    expect(all[0].body.value.n).toBe(1)
    expect(new Set(all.map((r) => r.body.pid)).size).toBe(2)
    expect(await loads('main', 'cold')).toBe(1)
  })

  it('expires values after ttl and misses after negTtl', async () => {
    expect((await json('/c/short/t1')).body.value.n).toBe(1)
    expect((await json('/c/short/t1')).body.value.n).toBe(1)
    await sleep(400)
    expect((await json('/c/short/t1')).body.value.n).toBe(2)

    expect((await json('/c/short/none1?none=1')).body.value).toBeNull()
    expect((await json('/c/short/none1?none=1')).body.value).toBeNull()
    expect(await loads('short', 'none1')).toBe(1)
    const peeked = (await json('/peek/short/none1')).body
    expect(peeked).toMatchObject({ miss: true, stale: false })
    expect(peeked.ttl).toBeLessThanOrEqual(150)
    await sleep(200)
    expect((await json('/c/short/none1?none=1')).body.value).toBeNull()
    expect(await loads('short', 'none1')).toBe(2)
  })

  it('does not cache a loader error', async () => {
    const failed = await json('/c/main/err1?fail=1')
    expect(failed.status).toBe(500)
    expect((await json('/c/main/err1?fail=1')).status).toBe(500)
    expect(await loads('main', 'err1')).toBe(2)
    expect((await json('/c/main/err1')).body.value.n).toBe(3)
  })

  it('serves a stale value when the loader fails (for staleTtl), then reloads when it recovers', async () => {
    expect((await json('/c/stale/st1')).body.value.n).toBe(1)
    await sleep(300)
    expect((await json('/peek/stale/st1')).body).toMatchObject({ stale: true, value: { n: 1 } })
    const served = await json('/c/stale/st1?fail=1')
    expect(served.status).toBe(200)
    expect(served.body.value.n).toBe(1)
    // Resurrected for staleTtl: the failing loader is not called again meanwhile.
    expect((await json('/c/stale/st1?fail=1')).body.value.n).toBe(1)
    expect(await loads('stale', 'st1')).toBe(2)
    expect(s.errorLog()).toMatch(/tresty cache "stale": serving a stale "st1": loader failed for st1/)
    await sleep(1600)
    expect((await json('/c/stale/st1')).body.value.n).toBe(3)
  })

  it('waiters give up after waitTimeout with a clear error; the loader still finishes', async () => {
    const leader = json('/c/wait/w1?delay=700')
    await sleep(50)
    const waiter = await json('/c/wait/w1')
    expect(waiter.status).toBe(500)
    expect((await leader).body.value.n).toBe(1)
    expect(s.errorLog()).toMatch(/timed out waiting for the loader of "w1"/)
    expect((await json('/c/wait/w1')).body.value.n).toBe(1)
  })

  it('peek reports value, remaining ttl and staleness without loading', async () => {
    expect((await json('/peek/main/never')).body).toEqual({ absent: true })
    await json('/c/main/p1')
    const p = (await json('/peek/main/p1')).body
    expect(p).toMatchObject({ value: { key: 'p1', n: 1 }, miss: false, stale: false })
    expect(p.ttl).toBeGreaterThan(50_000)
    expect(p.ttl).toBeLessThanOrEqual(60_000)
    expect(await loads('main', 'never')).toBe(0)
  })

  it('set, delete and purge (tier 1 only)', async () => {
    const put = await json('/c/main/set1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: { hand: 'made' } }) })
    expect(put.status).toBe(200)
    expect((await json('/c/main/set1')).body.value).toEqual({ hand: 'made' })
    expect(await loads('main', 'set1')).toBe(0)
    await json('/c/main/set1', { method: 'DELETE' })
    expect((await json('/c/main/set1')).body.value.n).toBe(1)

    await json('/c/main/pa')
    await json('/c/main/pb')
    await json('/c/short/pc')
    expect((await json('/purge/main', { method: 'POST' })).status).toBe(200)
    expect((await json('/peek/main/pa')).body).toEqual({ absent: true })
    expect((await json('/peek/main/pb')).body).toEqual({ absent: true })
    expect((await json('/peek/short/pc')).body).toMatchObject({ value: { key: 'pc' } })
  })

  it('a full zone without evict: the value is still returned and the error log says why', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => json(`/c/full/f${i}?size=4000`)))
    expect(results.every((r) => r.status === 200 && r.body.value.key)).toBe(true)
    expect(s.errorLog()).toMatch(/tresty cache "full": zone "tiny" is full, "f\d+" is not cached \(declare the zone with evict, or make it bigger\)/)
    // What did not fit loads again; what fit is served.
    const total = (await Promise.all(Array.from({ length: 40 }, (_, i) => loads('full', `f${i}`)))).reduce((a, b) => a + b, 0)
    expect(total).toBe(40)
    await Promise.all(Array.from({ length: 40 }, (_, i) => json(`/c/full/f${i}?size=4000`)))
    const again = (await Promise.all(Array.from({ length: 40 }, (_, i) => loads('full', `f${i}`)))).reduce((a, b) => a + b, 0)
    expect(again).toBeGreaterThan(40)
    expect(again).toBeLessThan(80)
  })

  it('a full zone with evict: the oldest entries go, nothing is logged', async () => {
    for (let i = 0; i < 40; i++) expect((await json(`/c/evict/e${i}?size=4000`)).status).toBe(200)
    expect(s.errorLog()).not.toMatch(/"evict": zone/)
    expect((await json('/peek/evict/e39')).body.value.key).toBe('e39')
    expect((await json('/peek/evict/e0')).body).toEqual({ absent: true })
  })

  it('odd keys are fine, bad ones are a clean error', async () => {
    for (const key of ['ü€😀', 'a|b:c', 'x'.repeat(2000), '%00nul', ' ']) {
      const res = await json(`/c/main/${encodeURIComponent(key)}`)
      expect(res.status).toBe(200)
      expect(res.body.value.key).toBe(key)
    }
  })
})

describe('invalidation callback', () => {
  const call = (body: unknown, secret?: string) => json('/_tresty/cache/invalidate', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-tresty-secret': secret } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

  it('refuses callers without the secret', async () => {
    await json('/c/main/inv1')
    expect((await call({ cache: 'main', keys: ['inv1'] })).status).toBe(403)
    expect((await call({ cache: 'main', keys: ['inv1'] }, 'wrong')).status).toBe(403)
    expect((await json('/peek/main/inv1')).body.value.key).toBe('inv1')
  })

  it('drops the named keys, or the whole cache, from tier 1', async () => {
    expect((await call({ cache: 'main', keys: ['inv1', 'nope'] }, SECRET)).body).toEqual({ dropped: 1 })
    expect((await json('/peek/main/inv1')).body).toEqual({ absent: true })
    await json('/c/main/i1')
    await json('/c/main/i2')
    expect((await call({ cache: 'main', purge: true }, SECRET)).body.dropped).toBeGreaterThanOrEqual(2)
    expect((await json('/peek/main/i2')).body).toEqual({ absent: true })
  })

  it('rejects malformed messages with 400', async () => {
    for (const bad of ['{', '[]', { keys: ['a'] }, { cache: 'main' }, { cache: 'main', keys: [1] }, { cache: 'main', keys: 'a' }]) {
      expect((await call(bad, SECRET)).status).toBe(400)
    }
  })
})
