/**
 * Parts made on first use (docs/lazy-parts.md) through a real nginx: each answers on its first
 * use in a request and on later ones, in the same request and in later requests — on QuickJS
 * within one reused context (the parts are made once and kept), with a fresh context per
 * request (`js_context_reuse 0`), and on the njs engine (made anew for every request).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { findRuntime } from '../../src/node/runtime/find-nginx.ts'

const qjs = findRuntime().engine === 'qjs'

/** A nesting the njs engine's JSON.parse refuses (it stops at 32): its deep parser answers. */
const DEEP = '['.repeat(40) + '1' + ']'.repeat(40)

const MULTIPART = '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello\r\n' +
  '--XyZ\r\nContent-Disposition: form-data; name="doc"; filename="C:\\\\dir\\\\a.txt"\r\nContent-Type: text/plain\r\n\r\nfile body\r\n--XyZ--\r\n'

async function json(s: TestServer, path: string, init?: RequestInit): Promise<[number, any]> {
  const res = await s.fetch(path, init)
  const text = await res.text()
  return [res.status, res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text]
}

/** Every part, used as a client would; run twice per server so later requests are checked too. */
async function everyPart(s: TestServer) {
  expect(await json(s, '/json', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":[1,2]}' }))
    .toEqual([200, { first: { a: [1, 2] }, type: 'application/json', again: 'utf-8' }])
  expect(await json(s, '/json-depth', { method: 'POST', headers: { 'content-type': 'application/json' }, body: DEEP }))
    .toEqual([200, { depth: 40, inner: 1 }])
  expect((await json(s, '/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' }))[0]).toBe(400)
  expect((await json(s, '/json', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }))).toEqual(
    [415, { error: { status: 415, message: 'unsupported content type text/plain; expected application/json or *+json' } }])
  expect(await json(s, '/form', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&a=2&b=%20x' }))
    .toEqual([200, { form: { a: ['1', '2'], b: ' x' } }])
  expect(await json(s, '/text', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'héllo' }))
    .toEqual([200, { text: 'héllo', type: 'text/plain' }])
  expect((await json(s, '/text', { method: 'POST', headers: { 'content-type': 'image/png' }, body: 'x' }))[0]).toBe(415)
  expect(await json(s, '/multipart', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary="XyZ"' }, body: MULTIPART }))
    .toEqual([200, { fields: { title: 'hello' }, files: [{ field: 'doc', filename: 'a.txt', size: 9, text: 'file body' }], again: { x: 'y' } }])
  expect((await json(s, '/multipart', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=XyZ' }, body: '--XyZ\r\nno end' }))[0]).toBe(400)
  expect(await json(s, '/negotiate', { headers: { accept: 'text/html, application/json;q=0.9' } }))
    .toEqual([200, { first: 'html', second: 'json', none: false, short: 'application/json', proto: true, full: 'text/csv' }])

  const res = await s.fetch('/cookies', { headers: { cookie: 'k=v%20w; k=later; q="quoted"' } })
  expect(await res.json()).toEqual({ cookies: { k: 'v w', q: 'quoted' }, encoded: 'x%25y' })
  const set = res.headers.getSetCookie()
  expect(set[0]).toMatch(/^one=a%20b%3Bc; Max-Age=3600; Expires=.+ GMT; Path=\/; HttpOnly; SameSite=Lax$/)
  expect(set[1]).toBe('two={%22n%22:2}') // { } : are cookie-octets; " is not

  expect(await json(s, '/fail/http')).toEqual([409, { error: { status: 409, message: 'taken <b>&</b>' } }])
  const page = await s.fetch('/fail/http', { headers: { accept: 'text/html' } })
  expect([page.status, page.headers.get('content-type')]).toEqual([409, 'text/html; charset=utf-8'])
  expect(await page.text()).toContain('<h1>409 Conflict</h1><p>taken &lt;b&gt;&amp;&lt;/b&gt;</p>')
  expect(await json(s, '/fail/plain')).toEqual([500, { error: { status: 500, message: 'Internal Server Error' } }])
  expect(await json(s, '/log-safe')).toEqual([200, { first: 'a\\nb', second: 'c\\rd\\x7f', plain: 'e' }])
}

describe('parts made on first use', () => {
  let s: TestServer
  beforeAll(async () => { s = await startApp({ app: 'test/apps/lazy-parts-app.ts', workers: 1 }) })
  afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

  it('each answers on first and later use, in one request and in later ones', async () => {
    await everyPart(s)
    await everyPart(s)
    // the error log got the 500's message escaped: one entry, one line
    expect(s.errorLog()).toContain('broke\\nhere\\x01')
  })

  it(qjs ? 'are made once per QuickJS context and kept' : 'are made anew for every request on the njs engine', async () => {
    const first = await json(s, '/probe/made')
    const later = [await json(s, '/probe/made'), await json(s, '/probe/made')]
    expect(first[1].sameWithin).toBe(true)
    for (const [status, body] of later) expect([status, body]).toEqual([200, { reused: qjs, sameWithin: true }])
  })
})

describe.runIf(qjs)('parts made on first use, a fresh QuickJS context per request', () => {
  let s: TestServer
  beforeAll(async () => { s = await startApp({ app: 'test/apps/lazy-parts-app.ts', workers: 1, server: '        js_context_reuse 0;' }) })
  afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

  it('each answers, and nothing is carried from one request to the next', async () => {
    await everyPart(s)
    for (let i = 0; i < 2; i++) expect(await json(s, '/probe/made')).toEqual([200, { reused: false, sameWithin: true }])
  })
})
