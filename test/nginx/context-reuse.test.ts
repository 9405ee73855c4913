/**
 * Module state survives between requests on QuickJS (pooled contexts) and must never carry
 * one request's data into another: many concurrent requests, each with its own user, body,
 * cookie, query and route parameter, through the same few contexts, each get back only
 * their own. On the njs engine (a VM per request) the same test must pass trivially.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'

let s: TestServer
beforeAll(async () => { s = await startApp({ app: 'test/apps/isolation-app.ts', workers: 1 }) })
afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

describe('request isolation across reused contexts', () => {
  it('never shows a request another request\'s data', async () => {
    const N = 200
    let maxServed = 0
    for (let round = 0; round < 4; round++) {
      const jobs: Promise<void>[] = []
      for (let i = 0; i < N / 4; i++) {
        const n = round * 1000 + i
        jobs.push((async () => {
          const res = await s.fetch(`/api/echo/${n}?tag=t${n}&wait=${1 + (n % 7)}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-User': `user${n}`, Cookie: `who=c${n}` },
            body: JSON.stringify({ n, pad: 'x'.repeat(n % 50) }),
          })
          expect(res.status).toBe(200)
          expect(res.headers.get('x-user')).toBe(`user${n}`)
          expect(res.headers.get('set-cookie')).toBe(`seen=user${n}`)
          const j = (await res.json()) as any
          expect(j).toMatchObject({ id: String(n), user: `user${n}`, body: { n }, tag: `t${n}`, cookie: `c${n}` })
          maxServed = Math.max(maxServed, j.served)
        })())
      }
      await Promise.all(jobs)
    }
    // QuickJS reused its contexts (module state counted many requests); the njs engine starts
    // every request from the module's initial state.
    if (s.runtime.engine === 'qjs') expect(maxServed).toBeGreaterThan(1)
    else expect(maxServed).toBe(1)
  }, 120_000)

  it('gives each request only its own route parameters, captures and pattern', async () => {
    for (let i = 0; i < 30; i++) {
      const [plain, cap, re] = await Promise.all([s.fetch('/plain'), s.fetch(`/cap/${i}/w${i}`), s.fetch(`/re/${'a'.repeat(1 + i % 3)}${'b'.repeat(i % 2)}`)])
      expect(await plain.json()).toEqual({ params: {}, match: [], route: '/plain' })
      expect(await cap.json()).toEqual({ params: { n: String(i), word: `w${i}` }, match: [String(i), `w${i}`], route: '/cap/:n{\\d+}/:word' })
      const a = 'a'.repeat(1 + i % 3), b = 'b'.repeat(i % 2)
      expect(await re.json()).toEqual({ params: {}, match: [a + b, a, b], route: '/re/:(a+)(b*)' })
    }
  }, 60_000)

  it('hands each request of a repeated path fresh parameters and captures, whatever a handler did to the last ones', async () => {
    // The same two paths again and again: on QuickJS the router answers them from its cache.
    // Enough requests for each context of the pool (the test above filled it) to see each path
    // several times: sequential requests take its contexts in turn.
    for (let i = 0; i < 400; i++) {
      const res = await s.fetch(`/change/${i % 2}/w${i % 2}`)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ params: { n: String(i % 2) }, match: [String(i % 2), `w${i % 2}`, `w${i % 2}`] })
    }
  }, 60_000)
})
