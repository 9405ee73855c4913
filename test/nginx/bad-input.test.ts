/** Bad input through a real nginx: a clear 4xx with a message, never a 500 from tresty, never a crashed worker. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { rawGet, rawRequest } from '../support/raw-http.ts'

let s: TestServer

beforeAll(async () => {
  // tresty's own limit is 64 KiB (app option); nginx's client_max_body_size is 1 MiB.
  s = await startApp({ app: 'test/apps/core-app.ts', workers: 2 })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
})

const post = (body: string | Uint8Array, type = 'application/json') =>
  s.fetch('/req/json', { method: 'POST', body, headers: { 'Content-Type': type } })

describe('bodies', () => {
  it('invalid JSON → 400 with the parser message', async () => {
    const res = await post('{"a": 1,')
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).error.message).toMatch(/invalid JSON/i)
  })
  it('empty JSON body → 400', async () => {
    expect((await post('')).status).toBe(400)
  })
  it('wrong content type for the parser → 415 naming what it wanted', async () => {
    const res = await post('a=1', 'application/x-www-form-urlencoded')
    expect(res.status).toBe(415)
    expect(((await res.json()) as any).error.message).toMatch(/application\/json/)
  })
  it("over the app's body limit → 413 from tresty", async () => {
    const res = await post(JSON.stringify({ big: 'x'.repeat(100 * 1024) }))
    expect(res.status).toBe(413)
    expect(((await res.json()) as any).error.message).toMatch(/limit|large/i)
  })
  it("over nginx's client_max_body_size → 413 from nginx", async () => {
    const res = await post(new Uint8Array(2 * 1024 * 1024))
    expect(res.status).toBe(413)
  })
  it('a valid body still works on the same server', async () => {
    const res = await post(JSON.stringify({ ok: true }))
    expect(await res.json()).toEqual({ got: { ok: true } })
  })
})

describe('URLs, methods and headers', () => {
  it('malformed percent-encoding in the path → 400', async () => {
    for (const target of ['/hello/%zz', '/hello/%', '/hello/%E0%A4%A']) {
      const res = await rawGet(s.port, target)
      expect(res.status, target).toBe(400)
    }
  })
  it('malformed percent-encoding in the query → 400 with a message', async () => {
    const res = await rawGet(s.port, '/req/info?a=%zz')
    expect(res.status).toBe(400)
    expect(res.body).toMatch(/percent-encoding/)
    const bad = await rawGet(s.port, '/req/info?a=%FF%FE')
    expect(bad.status).toBe(400)
  })
  it('unknown method → 501, known method on the wrong route → 405 with Allow', async () => {
    expect((await rawGet(s.port, '/methods', 'BREW')).status).toBe(501)
    const res = await rawGet(s.port, '/methods', 'PATCH')
    expect(res.status).toBe(405)
    expect(res.head).toMatch(/Allow: GET, HEAD, POST/i)
  })
  it('oversized headers → 4xx from nginx', async () => {
    const res = await rawGet(s.port, '/', 'GET', [`X-Big: ${'a'.repeat(64 * 1024)}`])
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })
  it('garbage instead of HTTP → 400 from nginx', async () => {
    const res = await rawRequest(s.port, 'HELLO THERE\r\n\r\n')
    expect(res.status).toBe(400)
  })
  it('after all of that the workers are alive and no 500 was produced by tresty', async () => {
    expect((await s.fetch('/')).status).toBe(200)
    expect(s.errorLog()).not.toMatch(/exited on signal/)
    expect(s.errorLog()).not.toMatch(/unhandled error/)
  })
})
