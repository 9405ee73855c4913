/** ETag, problem+json, CORS, security headers, dual(), signed URLs in a real nginx (every engine row). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'

let s: TestServer
let c: TestServer
beforeAll(async () => {
  [s, c] = await Promise.all([startApp({ app: 'test/apps/middleware-app.ts' }), startApp({ app: 'test/apps/cors-app.ts' })])
})
afterAll(async () => {
  s?.assertNoCrash()
  c?.assertNoCrash()
  await Promise.all([s?.stop(), c?.stop()])
})

describe('etag()', () => {
  it('tags JSON responses weakly and answers a matching If-None-Match with 304', async () => {
    const res = await s.fetch('/items')
    expect(res.status).toBe(200)
    const tag = res.headers.get('etag')!
    expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual([{ id: 1 }, { id: 2, name: 'ü' }])
    const again = await s.fetch('/items', { headers: { 'if-none-match': tag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(tag)
    expect(await again.text()).toBe('')
    // Weak comparison, lists and '*'.
    expect((await s.fetch('/items', { headers: { 'if-none-match': `"other", ${tag.slice(2)}` } })).status).toBe(304)
    expect((await s.fetch('/items', { headers: { 'if-none-match': '*' } })).status).toBe(304)
    expect((await s.fetch('/items', { headers: { 'if-none-match': 'W/"nope"' } })).status).toBe(200)
    const head = await s.fetch('/items', { method: 'HEAD', headers: { 'if-none-match': tag } })
    expect(head.status).toBe(304)
  })

  it('works for async handlers; leaves no-store, non-GET, text and errors alone', async () => {
    const a1 = await s.fetch('/items/async')
    expect(a1.headers.get('etag')).toMatch(/^W\//)
    expect((await s.fetch('/items/async', { headers: { 'if-none-match': a1.headers.get('etag')! } })).status).toBe(304)
    const ns = await s.fetch('/items/nostore')
    expect(ns.headers.get('etag')).toBeNull()
    expect(await ns.json()).toEqual({ a: 1 })
    const post = await s.fetch('/items', { method: 'POST' })
    expect(post.status).toBe(201)
    expect(post.headers.get('etag')).toBeNull()
    expect((await s.fetch('/text')).headers.get('etag')).toBeNull()
    expect((await s.fetch('/fail/http')).headers.get('etag')).toBeNull()
  })
})

describe('problemJson()', () => {
  const problem = async (path: string, init?: RequestInit) => {
    const res = await s.fetch(path, init)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    return { status: res.status, headers: res.headers, body: await res.json() as any }
  }

  it('shapes thrown HttpErrors, unrouted 404/405/501 and crashes as RFC 9457 problems', async () => {
    expect(await problem('/fail/http')).toMatchObject({ status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: 'already there', instance: '/fail/http' } })
    const nf = await problem('/no/such/page')
    expect(nf.status).toBe(404)
    expect(nf.body).toMatchObject({ title: 'Not Found', status: 404, instance: '/no/such/page' })
    const na = await problem('/methods', { method: 'DELETE' })
    expect(na.status).toBe(405)
    expect(na.headers.get('allow')).toMatch(/GET/)
    expect(na.body).toMatchObject({ title: 'Method Not Allowed', status: 405 })
    const ni = await problem('/methods', { method: 'PROPFIND' })
    expect(ni.status).toBe(501)
    const crash = await problem('/fail/crash')
    expect(crash.body).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'Internal Server Error', instance: '/fail/crash' })
    expect(s.errorLog()).toMatch(/secret internals/)
  })

  it('keeps a validation error map (422) from async handlers', async () => {
    const v = await problem('/fail/async')
    expect(v.status).toBe(422)
    expect(v.body).toMatchObject({ status: 422, title: 'Unprocessable Entity', detail: 'invalid fields', errors: { name: ['required'], age: ['must be a number'] } })
  })

  it('reshapes a returned error body with an error status (validate()\'s 422), and only that', async () => {
    const v = await problem('/returned', { method: 'POST' })
    expect(v.status).toBe(422)
    expect(v.body).toEqual({ type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'Unprocessable Entity', instance: '/returned', errors: { body: { email: 'is required' } } })
    const other = await s.fetch('/returned-ok')
    expect(other.status).toBe(400)
    expect(other.headers.get('content-type')).toBe('application/json')
    expect(await other.json()).toEqual({ error: 'just a string' })
  })
})

describe('cors()', () => {
  const GOOD = 'https://good.example'
  it('allows listed origins, with credentials, exposed headers and Vary: Origin', async () => {
    const res = await s.fetch('/items', { headers: { origin: GOOD } })
    expect(res.headers.get('access-control-allow-origin')).toBe(GOOD)
    expect(res.headers.get('access-control-allow-credentials')).toBe('true')
    expect(res.headers.get('access-control-expose-headers')).toBe('X-Total')
    expect(res.headers.get('vary')).toBe('Origin')
  })

  it('never reflects an unlisted origin (lookalikes, null, case, suffixes)', async () => {
    for (const origin of ['https://evil.example', 'https://good.example.evil.example', 'https://GOOD.example', 'null', 'https://good.example:443', 'http://good.example', 'https://good.example/']) {
      const res = await s.fetch('/items', { headers: { origin } })
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull()
      expect(res.headers.get('access-control-allow-credentials')).toBeNull()
      expect(res.headers.get('vary')).toBe('Origin')
    }
  })

  it('answers preflights with 204 without running the routes', async () => {
    const pre = await s.fetch('/items', { method: 'OPTIONS', headers: { origin: GOOD, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-custom' } })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe(GOOD)
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, HEAD, PUT, POST, PATCH, DELETE')
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type, x-custom')
    expect(pre.headers.get('access-control-max-age')).toBe('600')
    expect(pre.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers')
    // Even for a path no route serves (a preflight never reaches the router).
    expect((await s.fetch('/nothing/here', { method: 'OPTIONS', headers: { origin: GOOD, 'access-control-request-method': 'GET' } })).status).toBe(204)
    const denied = await s.fetch('/items', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })
    expect(denied.status).toBe(204)
    expect(denied.headers.get('access-control-allow-origin')).toBeNull()
    expect(denied.headers.get('access-control-allow-methods')).toBeNull()
    // A plain OPTIONS (no Access-Control-Request-Method) is not a preflight: the router answers.
    expect((await s.fetch('/items', { method: 'OPTIONS', headers: { origin: GOOD } })).status).toBe(405)
  })

  it('keeps CORS headers on errors so browser code can read them', async () => {
    const res = await s.fetch('/fail/http', { headers: { origin: GOOD } })
    expect(res.status).toBe(409)
    expect(res.headers.get('access-control-allow-origin')).toBe(GOOD)
    const fnErr = await c.fetch('/fn/err', { headers: { origin: 'https://a.trusted.example' } })
    expect(fnErr.status).toBe(400)
    expect(fnErr.headers.get('access-control-allow-origin')).toBe('https://a.trusted.example')
    expect(fnErr.headers.get('vary')).toBe('Origin')
  })

  it('asks a function for the origin; configured methods and headers; * without credentials', async () => {
    const ok = await c.fetch('/fn/x', { headers: { origin: 'https://shop.trusted.example' } })
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.trusted.example')
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull()
    const no = await c.fetch('/fn/x', { headers: { origin: 'https://trusted.example.evil.example' } })
    expect(no.headers.get('access-control-allow-origin')).toBeNull()
    const pre = await c.fetch('/fn/x', { method: 'OPTIONS', headers: { origin: 'https://a.trusted.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-evil' } })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET, POST')
    expect(pre.headers.get('access-control-allow-headers')).toBe('Content-Type, X-Token')
    expect(pre.headers.get('access-control-max-age')).toBeNull()
    const star = await c.fetch('/star/x', { headers: { origin: 'https://anyone.example' } })
    expect(star.headers.get('access-control-allow-origin')).toBe('*')
    expect(star.headers.get('vary')).toBeNull()
    expect((await c.fetch('/star/x')).headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('secureHeaders()', () => {
  it('sets the usual headers and the CSP, and no HSTS over http', async () => {
    for (const path of ['/items', '/fail/http', '/no/such/page']) {
      const res = await s.fetch(path)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin')
      expect(res.headers.get('content-security-policy')).toBe("default-src 'self'; img-src 'self' data:; upgrade-insecure-requests")
      expect(res.headers.get('strict-transport-security')).toBeNull()
    }
  })

  it('sends HSTS behind a trusted proxy that says https; options change or drop headers', async () => {
    const res = await c.fetch('/proxied/x', { headers: { 'x-forwarded-proto': 'https' } })
    expect(res.headers.get('strict-transport-security')).toBe('max-age=15552000; includeSubDomains')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('referrer-policy')).toBeNull()
    expect((await c.fetch('/proxied/x')).headers.get('strict-transport-security')).toBeNull()
    // Without trustProxy the header a client sends proves nothing.
    expect((await s.fetch('/items', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toBeNull()
  })
})

describe('dual()', () => {
  it('gives HTML to browsers and JSON to programs, with Vary: Accept', async () => {
    const browser = await s.fetch('/dual/7', { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } })
    expect(browser.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await browser.text()).toBe('<h1>item 7</h1>')
    expect(browser.headers.get('vary')).toBe('Origin, Accept')
    for (const accept of ['application/json', '*/*', '']) {
      const res = await s.fetch('/dual/7', { headers: accept ? { accept } : {} })
      expect(res.headers.get('content-type'), accept).toBe('application/json')
      expect(await res.json()).toEqual({ id: '7' })
    }
    expect(await (await s.fetch('/dual/7', { headers: { accept: 'application/json;q=0.5, text/html' } })).text()).toBe('<h1>item 7</h1>')
    expect(await (await s.fetch('/dual-async')).json()).toEqual({ late: true })
  })

  it('answers 406 when neither fits', async () => {
    const res = await s.fetch('/dual/7', { headers: { accept: 'image/png' } })
    expect(res.status).toBe(406)
    expect(((await res.json()) as any).detail).toMatch(/application\/json, text\/html/)
    expect((await s.fetch('/dual-html', { headers: { accept: 'application/json' } })).status).toBe(406)
    expect((await s.fetch('/dual-html', { headers: { accept: 'text/html;q=0, */*' } })).status).toBe(406)
  })
})

describe('signed URLs', () => {
  const signed = async (path: string, ttl = 0, route = '/sign') =>
    ((await (await s.fetch(`${route}?path=${encodeURIComponent(path)}&ttl=${ttl}`)).json()) as any).url as string

  it('verifies what it signed, with and without expiry, and with a query', async () => {
    const u = await signed('/files/report.pdf', 60)
    expect(u).toMatch(/^\/files\/report\.pdf\?exp=\d+&sig=[A-Za-z0-9_-]{43}$/)
    expect((await s.fetch(u)).status).toBe(200)
    expect((await s.fetch(await signed('/files/a.txt'))).status).toBe(200)
    const q = await signed('/files/q.txt?size=large', 60)
    expect(q).toMatch(/\?size=large&exp=\d+&sig=/)
    expect((await s.fetch(q)).status).toBe(200)
    // Signed by the older secret: still verifies (rotation).
    expect((await s.fetch(await signed('/files/old.txt', 60, '/sign-old'))).status).toBe(200)
  })

  it('refuses tampered, re-targeted, extended, truncated and expired URLs', async () => {
    const u = await signed('/files/report.pdf', 60)
    const exp = Number(/exp=(\d+)/.exec(u)![1])
    const sig = u.slice(u.indexOf('sig=') + 4)
    const bad = [
      u.replace('report', 'secret'),
      u.replace(`exp=${exp}`, `exp=${exp + 3600}`),
      u.replace(/exp=\d+&/, ''),
      u.slice(0, -1),
      u + 'x',
      u + '&more=1',
      u.replace(sig, sig.slice(0, 10)),
      '/files/report.pdf',
      '/files/report.pdf?sig=',
      `/files/report.pdf?exp=${exp}&sig=${'A'.repeat(43)}`,
    ]
    for (const b of bad) expect((await s.fetch(b)).status, b).toBe(403)
    const short = await signed('/files/soon.txt', 1)
    await new Promise((done) => setTimeout(done, 2100))
    expect((await s.fetch(short)).status).toBe(403)
  })
})
