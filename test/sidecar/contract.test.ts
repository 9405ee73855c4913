/**
 * The sidecar serves exactly the endpoints src/shared/sidecar-protocol.ts lists: every route of
 * its table is a contract endpoint (same method), every contract endpoint has a route, and over
 * HTTP each one is answered by its route (not by the router's "no sidecar endpoint").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { call } from '../support/sidecar/client.ts'
import { sidecarEndpoints } from '../../src/shared/sidecar-protocol.ts'
import { matchRoute } from '../../src/node/sidecar/http/router.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'

/** A concrete path for a contract path: its `:name` segments filled in. */
const EXAMPLE: { [param: string]: string } = { id: 'no-such-task', collection: 'things', op: 'find' }
const concrete = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => EXAMPLE[name])

let redis: TestRedis
let sidecar: RunningSidecar

beforeAll(async () => {
  redis = await startRedis()
  sidecar = await startTestSidecar({ redisUrl: redis.url })
})
afterAll(async () => {
  await sidecar?.stop()
  await redis?.stop()
})

describe('the sidecar protocol contract', () => {
  const endpoints = sidecarEndpoints()

  it('lists each endpoint once', () => {
    const keys = endpoints.map((e) => `${e.method} ${e.path}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(endpoints.length).toBeGreaterThan(10)
  })

  it('every contract endpoint has exactly one route', () => {
    for (const e of endpoints) {
      const hits = sidecar.routes.filter((r) => matchRoute([r], e.method, concrete(e.path)).kind === 'found')
      expect(hits.length, `${e.method} ${e.path}`).toBe(1)
    }
  })

  it('every route is a contract endpoint', () => {
    for (const route of sidecar.routes) {
      const listed = endpoints.filter((e) => matchRoute([route], e.method, concrete(e.path)).kind === 'found')
      expect(listed.length, `${route.method} ${String(route.path)}`).toBe(1)
    }
    expect(sidecar.routes.length).toBe(endpoints.length)
  })

  it('answers each contract endpoint from its route, and refuses the other method with 405', async () => {
    for (const e of endpoints) {
      const path = concrete(e.path)
      const res = await call(sidecar.address, e.method, path, e.method === 'POST' ? {} : undefined)
      const message = (res.body as any)?.error?.message ?? ''
      expect(message, `${e.method} ${path}`).not.toMatch(/^no sidecar endpoint/)
      // The other method is refused, unless another endpoint takes it there (GET /tasks/enqueue is task "enqueue").
      const otherMethod = e.method === 'GET' ? 'POST' : 'GET'
      if (matchRoute(sidecar.routes, otherMethod, path).kind === 'found') continue
      const other = await call(sidecar.address, otherMethod, path, otherMethod === 'POST' ? {} : undefined)
      expect(other.status, `${otherMethod} ${path}`).toBe(405)
    }
  })
})
