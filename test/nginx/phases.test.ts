/**
 * The request path's entry points (src/njs/phases/): content decides 404/405/501 once, inside
 * the chain, through the app's notFound; errors end in one boundary (onError, else tresty's);
 * the log phase isolates a failing hook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'

let s: TestServer
beforeAll(async () => { s = await startApp({ app: 'test/apps/phases-app.ts' }) })
afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

describe('unrouted requests', () => {
  it('raise 404/405/501 inside the chain, where middleware sees them', async () => {
    // The middleware catches the error and answers instead (?swallow=1)…
    expect(await (await s.fetch('/nope?swallow=1')).json()).toEqual({ swallowed: 404 })
    expect(await (await s.fetch('/ok?swallow=1', { method: 'POST' })).json()).toEqual({ swallowed: 405 })
    expect(await (await s.fetch('/ok?swallow=1', { method: 'PROPFIND' })).json()).toEqual({ swallowed: 501 })
    // …or rethrows it: the error response (its own headers only, as for every error).
    expect((await s.fetch('/nope')).status).toBe(404)
    const na = await s.fetch('/ok', { method: 'POST' })
    expect(na.status).toBe(405)
    expect(na.headers.get('allow')).toBe('GET, HEAD')
    expect((await s.fetch('/ok', { method: 'PROPFIND' })).status).toBe(501)
  })

  it('name what was routed, whatever middleware did to q.method and q.path', async () => {
    const na = await s.fetch('/ok?rewrite=1', { method: 'POST' })
    expect(na.status).toBe(405)
    expect(na.headers.get('allow')).toBe('GET, HEAD')
    expect(await na.json()).toEqual({ error: { status: 405, message: 'Method POST not allowed on /ok' } })
    const nf = await s.fetch('/nope?rewrite=1')
    expect(nf.status).toBe(404)
    expect(await nf.json()).toEqual({ error: { status: 404, message: 'Not found: /nope' } })
    expect((await s.fetch('/ok?rewrite=1', { method: 'PROPFIND' })).status).toBe(501)
    // A routed request is served as routed.
    expect(await (await s.fetch('/ok?rewrite=1')).text()).toBe('ok')
  })

  it('leave the stacks of other errors whole (their 404 is made without one)', async () => {
    expect((await s.fetch('/nope-again')).status).toBe(404)
    expect((await s.fetch('/handled/boom')).status).toBe(500)
    // the logged error keeps its frames (escaped: one log line), on every engine
    expect(s.errorLog()).toMatch(/unhandled error in GET \/handled\/boom: Error: internal detail\\n\s+at /)
  })

  it('go through the app\'s notFound', async () => {
    const res = await s.fetch('/custom/missing')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ custom: 404, path: '/custom/missing' })
    const wrong = await s.fetch('/custom/only-get', { method: 'DELETE' })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('GET, HEAD')
    expect(await wrong.json()).toEqual({ custom: 405, path: '/custom/only-get' })
  })
})

describe('errors', () => {
  it('go through the app\'s onError with the status already set', async () => {
    const http = await s.fetch('/handled/http')
    expect(http.status).toBe(409)
    // (a header onError sets after the reset, where no handler had made r.headers)
    expect(http.headers.get('x-handled')).toBe('yes')
    expect(await http.json()).toEqual({ handled: 409, message: 'conflict here' })
    const boom = await s.fetch('/handled/boom')
    expect(boom.status).toBe(500)
    expect(await boom.json()).toEqual({ handled: 500, message: 'oops' })
    const late = await s.fetch('/handled/async')
    expect(late.status).toBe(422)
    expect(s.errorLog()).toMatch(/unhandled error in GET \/handled\/boom/)
  })

  it('fall back to tresty\'s error response when onError throws', async () => {
    const res = await s.fetch('/plain/boom')
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: { status: 500, message: 'Internal Server Error' } })
    expect(s.errorLog()).not.toMatch(/js exception/)
  })
})

describe('log phase', () => {
  it('logs a failing hook and still answers', async () => {
    expect(await (await s.fetch('/log/throws')).text()).toBe('fine')
    await new Promise((r) => setTimeout(r, 100))
    expect(s.errorLog()).toMatch(/tresty: log hook failed: .*hook failure/)
    expect(s.errorLog()).not.toMatch(/js exception/)
  })
})
