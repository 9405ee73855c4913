/**
 * Three request-path fixes through a real nginx (every engine row): `r.redirect()` leaves the
 * sending to the chain, so headers and cookies set before and after it arrive; a 304 carries
 * no Content-Length; an error response keeps the headers middleware set before the error
 * (CORS, a request id) but not those of the failed body (Content-*, ETag, Set-Cookie).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { rawGet } from '../support/raw-http.ts'

let s: TestServer
beforeAll(async () => { s = await startApp({ app: 'test/apps/core-fixes-app.ts' }) })
afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

describe('r.redirect()', () => {
  it('sends status and Location with the cookies and headers set before and after it', async () => {
    const res = await s.fetch('/redirect/cookie', { redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/\/there$/)
    expect(res.headers.get('x-before')).toBe('kept')
    const cookies = res.headers.getSetCookie()
    expect(cookies.some((c) => /^early=before;/.test(c))).toBe(true)
    expect(cookies.some((c) => /^late=after;/.test(c))).toBe(true)
    expect(await res.text()).toBe('')
    const d = await s.fetch('/redirect/default', { redirect: 'manual' })
    expect(d.status).toBe(302)
    expect(d.headers.get('location')).toMatch(/\/elsewhere$/)
  })

  it('refuses a target with CR/LF: a 500, no injected header, no cookie', async () => {
    const bad = await rawGet(s.port, '/redirect/bad?to=/x%0d%0aX-Evil:%201')
    expect(bad.status).toBe(500)
    expect(bad.head).not.toMatch(/^x-evil/im)
    expect(bad.head).not.toMatch(/^set-cookie/im)
    expect(bad.head).not.toMatch(/^location/im)
    expect(s.errorLog()).toMatch(/refused to send response header "Location"/)
  })
})

describe('304', () => {
  it('carries the ETag but no Content-Length', async () => {
    const res = await rawGet(s.port, '/tagged/items')
    expect(res.status).toBe(200)
    const tag = /\r\nETag: ([^\r\n]*)/i.exec(res.head)![1]
    const again = await rawGet(s.port, '/tagged/items', 'GET', [`If-None-Match: ${tag}`])
    expect(again.status).toBe(304)
    expect(/\r\nETag: ([^\r\n]*)/i.exec(again.head)![1]).toBe(tag)
    expect(again.head).not.toMatch(/\r\ncontent-length:/i)
    expect(again.head).not.toMatch(/\r\ntransfer-encoding:/i)
    expect(again.body).toBe('')
  })
})

describe('error responses', () => {
  const origin = { headers: { Origin: 'https://good.example', Accept: 'application/json' } }
  for (const [prefix, tell] of [['/fail', 'default error response'], ['/own', 'app onError']]) {
    it(`keep headers middleware set before the error (${tell})`, async () => {
      for (const route of ['/crash', '/async', '/http']) {
        const res = await s.fetch(prefix + route, origin)
        expect(res.status, route).toBe(route === '/http' ? 409 : 500)
        expect(res.headers.get('access-control-allow-origin'), route).toBe('https://good.example')
        expect(res.headers.get('x-request-id'), route).toBe('req-1')
        // What described the failed body is gone: its type, disposition, tag and cookies.
        expect(res.headers.get('content-type'), route).toBe('application/json')
        expect(res.headers.get('content-disposition'), route).toBeNull()
        expect(res.headers.get('etag'), route).toBeNull()
        expect(res.headers.getSetCookie(), route).toEqual([])
        if (route === '/http') expect(res.headers.get('x-error')).toBe('yes')
        const body = await res.json() as any
        if (prefix === '/own') expect(body).toEqual({ mine: res.status })
        else expect(body.error.status).toBe(res.status)
        expect(JSON.stringify(body)).not.toMatch(/secret/)
      }
    })
  }
})
