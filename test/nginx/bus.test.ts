/** tresty/bus inside a real nginx (two workers), on the row TRESTY_RUNTIME names. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'

let s: TestServer

beforeAll(async () => {
  s = await startApp({ app: 'test/apps/bus-app.ts', workers: 2 })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
})

const json = async (path: string, init?: RequestInit) => {
  const res = await s.fetch(path, init)
  const text = await res.text()
  let body: any = text
  try { body = JSON.parse(text) } catch { /* text */ }
  return { status: res.status, headers: res.headers, body }
}

describe('publish inside nginx', () => {
  it('runs the channel then its parents, with priorities, async handlers and predicates', async () => {
    expect((await json('/publish/data:store:user?tag=x')).body.results).toEqual(['user:x', 'store:x', 'store2:x', 'data:x'])
    expect((await json('/publish/data:store:user?tag=yes')).body.results).toEqual(['user:yes', 'only-yes:yes', 'store:yes', 'store2:yes', 'data:yes'])
    expect((await json('/publish/data:store?tag=x')).body.results).toEqual(['store:x', 'store2:x', 'data:x'])
    expect((await json('/publish/nothing:here')).body.results).toEqual([])
  })
  it('a stop halts the rest, parents included', async () => {
    expect((await json('/publish/data:store:user?tag=halt')).body.results).toEqual(['user:halt', 'store:halt', 'halted'])
  })
  it('publishSync works with synchronous handlers and refuses promises with a 500', async () => {
    expect((await json('/publish-sync/data:store?tag=s')).body.results).toEqual(['store:s', 'store2:s', 'data:s'])
    const res = await json('/publish-sync/data:store:user?tag=s')
    expect(res.status).toBe(500)
    expect(s.errorLog()).toMatch(/bus: a subscriber of "data:store:user" failed: returned a promise to publishSync/)
  })
  it('a throwing or rejecting subscriber fails the request with a 500 and the channel in the error log', async () => {
    const sync = await json('/publish/fail:sync')
    expect(sync.status).toBe(500)
    expect(JSON.stringify(sync.body)).not.toMatch(/sync failure/)   // the client gets no internals
    expect((await json('/publish/fail:async')).status).toBe(500)
    const log = s.errorLog()
    expect(log).toMatch(/bus: a subscriber of "fail:sync" failed: sync failure/)
    expect(log).toMatch(/bus: a subscriber of "fail:async" failed: async failure/)
  })
  it('an HttpError thrown by a subscriber answers with its status', async () => {
    const res = await json('/publish/fail:http')
    expect(res.status).toBe(409)
    expect(res.body.error.message).toBe('conflict from the bus')
  })
  it('a bad channel name is a 500 from the app, not a crash', async () => {
    expect((await json('/publish/a::b')).status).toBe(500)
  })
})

describe('module state', () => {
  it('subscriptions made at module load are present in every request, on every worker', async () => {
    const counts = await Promise.all(Array.from({ length: 20 }, () => json('/count')))
    for (const c of counts) expect(c.body).toEqual({ total: 25, data: 2 })
  })
  it('a subscription made during a request: gone afterwards on the njs engine, kept by the reused context on QuickJS', async () => {
    const first = (await json('/subscribe-in-request')).body
    expect(first.total).toBeGreaterThanOrEqual(26)
    const after = await Promise.all(Array.from({ length: 10 }, () => json('/count')))
    if (s.runtime.engine === 'njs') {
      expect(first).toEqual({ total: 26, late: 1 })
      for (const c of after) expect(c.body.total).toBe(25)
    } else {
      // Pooled contexts keep module state: some later request sees the extra subscriber.
      const more = await Promise.all(Array.from({ length: 10 }, () => json('/subscribe-in-request')))
      expect(Math.max(...more.map((m) => m.body.late))).toBeGreaterThan(1)
    }
  })
})

describe('HTTP requests as channels (busRequests)', () => {
  it('a subscriber answers a request that has no route', async () => {
    const res = await json('/via-bus')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ answered: 'by the bus' })
    expect(res.headers.get('x-bus-seen')).toBeNull() // stop() ended propagation before http:request
  })
  it('async answers, other methods, bodies and statuses', async () => {
    expect((await json('/via-bus/async?n=3')).body).toEqual({ late: '3' })
    const post = await json('/via-bus', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
    expect(post.status).toBe(201)
    expect(post.body).toEqual({ created: { a: 1 } })
  })
  it('unanswered requests go on to the routes (parents observe), and unrouted ones are 404', async () => {
    const routed = await s.fetch('/routed')
    expect(await routed.text()).toBe('from a route')
    expect(routed.headers.get('x-bus-seen')).toBe('GET')
    expect((await json('/nowhere')).status).toBe(404)
    expect((await json('/via-bus', { method: 'DELETE' })).status).toBe(404)
  })
})

describe('log channels', () => {
  it('log:<level> goes to nginx\'s error log at that level, one line per entry', async () => {
    for (const level of ['error', 'warn', 'info', 'debug']) {
      expect((await json(`/log/${level}`, { method: 'POST', body: `hello ${level}` })).body).toEqual({ logged: true })
    }
    expect((await json('/log/error:db', { method: 'POST', body: 'sub-channel' })).status).toBe(200)
    expect((await json('/log/warn', { method: 'POST', body: 'forged\n2026/01/01 00:00:00 [error] 1#1: fake' })).status).toBe(200)
    const log = s.errorLog()
    expect(log).toMatch(/\[error\].*bus log:error: hello error \{"n":1\}/)
    expect(log).toMatch(/\[warn\].*bus log:warn: hello warn \{"n":1\}/)
    expect(log).toMatch(/\[info\].*bus log:info: hello info/)
    expect(log).toMatch(/\[info\].*bus log:debug: hello debug/)
    expect(log).toMatch(/\[error\].*bus log:error: sub-channel/)
    expect(log).not.toMatch(/^2026\/01\/01 00:00:00 \[error\]/m)
    expect(log).toMatch(/bus log:warn: forged 2026\/01\/01 00:00:00 \[error\] 1#1: fake/)
  })
})

describe('config maps (tresty-events:)', () => {
  it('channels wired from module#function strings run the imported functions', async () => {
    expect((await json('/publish/data:request:user:get?tag=7')).body.results).toEqual([{ id: '7', name: 'user 7' }])
    expect((await json('/publish/data:request:user?tag=8')).body.results).toEqual(['first', 'audit:8', 'data:8'])
  })
})

describe('persistence with any store', () => {
  it('answers data:request:memo:* from a shared-dict store, across workers', async () => {
    expect((await json('/memo/m1')).status).toBe(404)
    const saved = await json('/memo/m1', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' })
    expect(saved.body).toEqual({ text: 'hi' })
    for (let i = 0; i < 4; i++) expect((await json('/memo/m1')).body).toEqual({ text: 'hi' })
    expect((await json(`/memo/${'y'.repeat(201)}`)).status).toBe(400)
  })
})
