/** The request path in a real nginx: router, handler chain, bodies, response table, errors, phases. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { snippetDir } from '../../src/node/runtime/nginx-conf.ts'

let s: TestServer
const PRIVATE = `
        location /private/ {
            include ${snippetDir}/guard.conf;
            auth_request_set $guard_user $sent_http_x_user;
            js_content app.content;
        }`

beforeAll(async () => {
  s = await startApp({ app: 'test/apps/core-app.ts', server: PRIVATE, accessLog: true })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
})

const json = async (path: string, init?: RequestInit) => {
  const res = await s.fetch(path, init)
  return { status: res.status, headers: res.headers, body: (await res.json()) as any }
}

describe('router', () => {
  it('serves literal routes and JSON bodies', async () => {
    const res = await s.fetch('/')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('home')
    expect(res.headers.get('content-type')).toMatch(/text\/plain/)
    expect(res.headers.get('x-mw')).toBe('outer')
    const j = await json('/hello/world')
    expect(j.body).toEqual({ hello: 'world' })
    expect(j.headers.get('content-type')).toBe('application/json')
  })

  it('orders literal over patterns, then patterns by declaration (Losty example)', async () => {
    expect((await json('/page/near')).body).toEqual({ route: 4 })
    expect((await json('/page/last')).body).toEqual({ route: 1, match: ['last'] })
    expect((await json('/page/:id')).body).toEqual({ route: 2, match: [':id'] })
    expect((await json('/page/123')).body).toEqual({ route: 2, match: ['123'] })
    expect((await json('/past/56')).body).toEqual({ route: 5, match: ['past', 'ast', '56', '6'] })
  })

  it('supports named parameters with and without a regex, and a trailing slash', async () => {
    expect((await json('/num/42')).body).toEqual({ id: '42', match: ['42'] })
    expect((await json('/num/abc/')).body).toEqual({ slug: 'abc' })
  })

  it('backtracks from a literal branch that fails deeper', async () => {
    expect(await (await s.fetch('/bt/x/deep')).text()).toBe('literal')
    expect(await (await s.fetch('/bt/x/other')).text()).toBe('pattern x')
  })

  it('answers 404, 405 with Allow, 501, and HEAD from GET', async () => {
    const nf = await json('/nope/really')
    expect(nf.status).toBe(404)
    expect(nf.body.error.message).toMatch(/Not found/)
    const na = await s.fetch('/methods', { method: 'DELETE' })
    expect(na.status).toBe(405)
    expect(na.headers.get('allow')).toBe('GET, HEAD, POST')
    expect((await s.fetch('/methods', { method: 'POST' }).then((r) => r.text()))).toBe('post')
    const head = await s.fetch('/hello/x', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(JSON.stringify({ hello: 'x' }).length))
    expect(await head.text()).toBe('')
    expect(await (await s.fetch('/any', { method: 'PUT' })).text()).toBe('PUT')
    expect((await s.fetch('/nope', { method: 'PROPFIND' })).status).toBe(501)
  })
})

describe('handler chain', () => {
  it('appends q.next arguments for downstream handlers', async () => {
    expect((await json('/chain/args')).body).toEqual({ user: { id: 7 }, role: 'admin', n: 14 })
  })
  it('returns downstream results upstream, sync and async', async () => {
    expect(await (await s.fetch('/chain/upstream')).text()).toBe('before inner after')
    expect((await json('/chain/async')).body).toEqual({ inner: 'xy' })
    expect((await json('/chain/wrapped')).body).toEqual({ wrapped: 'body' })
  })
})

describe('bodies and the response table', () => {
  it('sends bytes, arrays and empty bodies', async () => {
    const b = await s.fetch('/body/bytes')
    expect(b.headers.get('content-type')).toBe('application/octet-stream')
    expect([...new Uint8Array(await b.arrayBuffer())]).toEqual([0, 1, 2, 255])
    expect((await json('/body/array')).body).toEqual([1, 'two', { three: 3 }])
    const e = await s.fetch('/body/empty')
    expect(e.status).toBe(204)
    expect(await e.text()).toBe('')
  })
  it('streams pull functions and async iterators', async () => {
    expect(await (await s.fetch('/body/stream-fn')).text()).toBe('chunk0;chunk1;chunk2;')
    const it = await s.fetch('/body/stream-iter')
    expect(it.headers.get('transfer-encoding')).toBe('chunked')
    expect(await it.text()).toBe('it0;it1;it2;')
  })
  it('sets status and headers, and redirects', async () => {
    const res = await s.fetch('/res/status')
    expect(res.status).toBe(201)
    expect(res.headers.get('x-custom')).toBe('yes')
    expect(res.headers.get('content-type')).toBe('text/csv')
    const red = await s.fetch('/res/redirect', { redirect: 'manual' })
    expect(red.status).toBe(301)
    expect(red.headers.get('location')).toMatch(/\/hello\/there$/)
    expect((await s.fetch('/res/redirect-default', { redirect: 'manual' })).status).toBe(302)
  })
  it('reads method, path, parsed query and lower-case headers', async () => {
    const j = await json('/req/info?a=1&b=x%20y&a=2&flag', { headers: { 'User-Agent': 'tester', 'X-Multi': 'one' } })
    expect(j.body).toEqual({ method: 'GET', path: '/req/info', query: { a: ['1', '2'], b: 'x y', flag: '' }, ua: 'tester', x: 'one' })
  })
})

describe('errors', () => {
  it('turns HttpError into its status with a JSON message', async () => {
    const j = await json('/err/http')
    expect(j.status).toBe(418)
    expect(j.body).toEqual({ error: { status: 418, message: 'short and stout' } })
  })
  it('turns other errors into a 500 without the stack, logged with it', async () => {
    for (const path of ['/err/boom', '/err/async']) {
      const res = await s.fetch(path)
      expect(res.status).toBe(500)
      const text = await res.text()
      expect(text).not.toMatch(/secret/)
      expect(JSON.parse(text).error.message).toBe('Internal Server Error')
    }
    expect(s.errorLog()).toMatch(/tresty: unhandled error in GET \/err\/boom: Error: secret internals/)
    expect(s.errorLog()).toMatch(/async secret/)
  })
  it('answers HTML when the client prefers it', async () => {
    const res = await s.fetch('/err/http', { headers: { Accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' } })
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    expect(await res.text()).toMatch(/<h1>418 Error<\/h1><p>short and stout<\/p>/)
  })
})

describe('groups', () => {
  it('prefixes paths and applies group middleware', async () => {
    const j = await json('/api/items')
    expect(j.body).toEqual({ items: [] })
    expect(j.headers.get('x-group')).toBe('api')
    expect((await json('/api/v2/items/9')).body).toEqual({ v: 2, id: '9' })
    expect(await (await s.fetch('/api/other')).text()).toBe('second group call')
  })
})

describe('access phase (auth_request guards)', () => {
  it('denies without credentials (401), with bad ones (403), allows good ones', async () => {
    expect((await s.fetch('/private/data')).status).toBe(401)
    expect((await s.fetch('/private/data', { headers: { Authorization: 'Bearer bad' } })).status).toBe(403)
    const ok = await json('/private/data', { headers: { Authorization: 'Bearer good' } })
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual({ secret: 42, user: 'alice' })
  })
  it('runs nested guards (async) with the original query', async () => {
    const auth = { Authorization: 'Bearer good' }
    expect((await s.fetch('/private/admin/panel', { headers: auth })).status).toBe(403)
    expect((await s.fetch('/private/admin/panel?role=admin', { headers: auth })).status).toBe(200)
  })
})

describe('log phase', () => {
  it('runs log hooks after the response, with the matched route', async () => {
    const count = async () => (await json('/log/count?key=' + encodeURIComponent('req:GET:/hello/:name:200'))).body.count
    const before = await count()
    for (let i = 0; i < 3; i++) await s.fetch('/hello/log')
    await new Promise((r) => setTimeout(r, 50))
    expect(await count()).toBe(before + 3)
  })
})
