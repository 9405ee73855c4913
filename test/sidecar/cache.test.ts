/**
 * What the cache (issue 4) builds on: tier 2 in Redis with ttls, a Redis lock with safe release,
 * and invalidations fanned out to every host's nginx (two sidecars, two fake nginx here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { eventually, post, TEST_SECRET } from '../support/sidecar/client.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'
import { SECRET_HEADER } from '../../src/shared/sidecar-protocol.ts'

interface FakeNginx { url: string; received: { path: string; secret: unknown; body: unknown }[]; server: Server }

/** Stands in for a host's nginx: records the invalidation callbacks it gets. */
async function fakeNginx(): Promise<FakeNginx> {
  const received: FakeNginx['received'] = []
  const server = createServer((req: IncomingMessage, res) => {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', () => {
      received.push({ path: req.url ?? '', secret: req.headers[SECRET_HEADER], body: JSON.parse(body) })
      res.end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received, server }
}

let redis: TestRedis
let hosts: { sidecar: RunningSidecar; nginx: FakeNginx }[] = []

beforeAll(async () => {
  redis = await startRedis()
  for (let i = 0; i < 2; i++) {
    const nginx = await fakeNginx()
    const sidecar = await startTestSidecar({ redisUrl: redis.url, nginxUrl: nginx.url, secret: TEST_SECRET })
    hosts.push({ sidecar, nginx })
  }
})
afterAll(async () => {
  for (const h of hosts) {
    await h.sidecar.stop()
    h.nginx.server.close()
  }
  await redis?.stop()
})

const at = (i: number) => hosts[i].sidecar.address

describe('cache tier 2', () => {
  it('set then get from another host, with the remaining ttl', async () => {
    expect((await post(at(0), '/cache/set', { cache: 'users', key: 'u1', value: '{"name":"Ada"}', ttlMs: 5000 })).body).toEqual({ ok: true })
    const res = await post(at(1), '/cache/get', { cache: 'users', key: 'u1' })
    expect(res.body.value).toBe('{"name":"Ada"}')
    expect(res.body.ttlMs).toBeGreaterThan(4000)
    expect(res.body.ttlMs).toBeLessThanOrEqual(5000)
  })

  it('a missing key → value null, ttl null; an expired one too', async () => {
    expect((await post(at(0), '/cache/get', { cache: 'users', key: 'nobody' })).body).toEqual({ value: null, ttlMs: null })
    await post(at(0), '/cache/set', { cache: 'users', key: 'brief', value: 'x', ttlMs: 50 })
    await new Promise((r) => setTimeout(r, 120))
    expect((await post(at(0), '/cache/get', { cache: 'users', key: 'brief' })).body).toEqual({ value: null, ttlMs: null })
  })

  it('rejects bad input', async () => {
    expect((await post(at(0), '/cache/set', { cache: 'users', key: 'k', value: 1, ttlMs: 10 })).status).toBe(400)
    expect((await post(at(0), '/cache/set', { cache: 'users', key: 'k', value: 'v', ttlMs: 0 })).status).toBe(400)
    expect((await post(at(0), '/cache/get', { cache: 'a:b', key: 'k' })).status).toBe(400)
    expect((await post(at(0), '/cache/delete', { cache: 'users' })).status).toBe(400)
  })
})

describe('invalidation fan-out', () => {
  it('delete removes tier-2 keys and every host’s nginx hears about it, with the secret', async () => {
    await post(at(0), '/cache/set', { cache: 'users', key: 'u2', value: 'v', ttlMs: 5000 })
    const res = await post(at(1), '/cache/delete', { cache: 'users', keys: ['u1', 'u2'] })
    expect(res.body).toEqual({ deleted: 2, receivers: 2 })
    expect((await post(at(0), '/cache/get', { cache: 'users', key: 'u1' })).body.value).toBeNull()
    for (const h of hosts) {
      const got = await eventually(async () => h.nginx.received.length > 0 && h.nginx.received, 3000, 'the invalidation callback')
      expect(got[0]).toEqual({ path: '/_tresty/cache/invalidate', secret: TEST_SECRET, body: { cache: 'users', keys: ['u1', 'u2'] } })
    }
  })

  it('purge removes every key of one cache only, and fans out', async () => {
    for (const h of hosts) h.nginx.received.length = 0
    for (const key of ['a', 'b', 'c']) await post(at(0), '/cache/set', { cache: 'pages', key, value: key, ttlMs: 5000 })
    await post(at(0), '/cache/set', { cache: 'pages2', key: 'a', value: 'keep', ttlMs: 5000 })
    const res = await post(at(0), '/cache/delete', { cache: 'pages', purge: true })
    expect(res.body).toEqual({ deleted: 3, receivers: 2 })
    expect((await post(at(0), '/cache/get', { cache: 'pages2', key: 'a' })).body.value).toBe('keep')
    for (const h of hosts) {
      const got = await eventually(async () => h.nginx.received.length > 0 && h.nginx.received, 3000, 'the purge callback')
      expect(got[0].body).toEqual({ cache: 'pages', purge: true })
    }
  })
})

describe('redis lock', () => {
  it('one holder at a time; release needs the holder’s token', async () => {
    const first = await post(at(0), '/lock/acquire', { key: 'loader:u1', ttlMs: 5000 })
    expect(first.body.token).toEqual(expect.any(String))
    expect((await post(at(1), '/lock/acquire', { key: 'loader:u1', ttlMs: 5000 })).body).toEqual({ token: null })
    expect((await post(at(1), '/lock/release', { key: 'loader:u1', token: 'not-mine' })).body).toEqual({ released: false })
    expect((await post(at(0), '/lock/release', { key: 'loader:u1', token: first.body.token })).body).toEqual({ released: true })
    expect((await post(at(1), '/lock/acquire', { key: 'loader:u1', ttlMs: 5000 })).body.token).toEqual(expect.any(String))
  })

  it('an expired lock can be taken, and the old holder cannot release the new one', async () => {
    const old = await post(at(0), '/lock/acquire', { key: 'loader:u2', ttlMs: 50 })
    await new Promise((r) => setTimeout(r, 120))
    const next = await post(at(1), '/lock/acquire', { key: 'loader:u2', ttlMs: 5000 })
    expect(next.body.token).toEqual(expect.any(String))
    expect((await post(at(0), '/lock/release', { key: 'loader:u2', token: old.body.token })).body).toEqual({ released: false })
    expect((await post(at(1), '/lock/acquire', { key: 'loader:u2', ttlMs: 5000 })).body.token).toBeNull()
  })

  it('rejects bad input', async () => {
    expect((await post(at(0), '/lock/acquire', { key: '', ttlMs: 10 })).status).toBe(400)
    expect((await post(at(0), '/lock/acquire', { key: 'k', ttlMs: 1.5 })).status).toBe(400)
    expect((await post(at(0), '/lock/release', { key: 'k' })).status).toBe(400)
  })
})
