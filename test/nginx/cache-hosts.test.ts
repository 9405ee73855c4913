/**
 * tresty/cache across hosts: two nginx (two workers each), each with its own sidecar, sharing
 * one Redis (and one MongoDB — a real one when MONGO_URL is set, else the wire stand-in). Tier 2 serves what the other host loaded, one loader call per cluster, and
 * delete/purge/set reach the other host's tier 1 through Redis pub/sub and its sidecar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { startApp, type TestServer } from '../support/nginx.ts'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startMongoStandin, type MongoStandin } from '../support/mongo-standin.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'
import { SIDECAR_LOCATIONS, sidecarUpstream } from '../../src/node/sidecar/upstream-conf.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'

const SECRET = 'hosts-test-secret'
interface Host { nginx: TestServer; sidecar: RunningSidecar; port: number }
let redis: TestRedis
let mongoStandin: MongoStandin | null = null
const hosts: Host[] = []

beforeAll(async () => {
  redis = await startRedis()
  mongoStandin = process.env.MONGO_URL ? null : await startMongoStandin()
  const mongoUrl = process.env.MONGO_URL ?? mongoStandin!.url
  for (let i = 0; i < 2; i++) {
    const port = await freePort()
    const sidecar = await startTestSidecar({ redisUrl: redis.url, mongoUrl, mongoDb: 'tresty_cache_hosts_test', nginxUrl: `http://127.0.0.1:${port}`, secret: SECRET })
    const nginx = await startApp({
      app: 'test/apps/cache-app.ts',
      workers: 2,
      port,
      main: 'env TRESTY_SIDECAR_SECRET;',
      env: { TRESTY_SIDECAR_SECRET: SECRET },
      http: `${sidecarUpstream(sidecar.address)}\n    js_var $tresty_sidecar_timeout 2000;`,
      server: `        include ${SIDECAR_LOCATIONS};`,
    })
    hosts.push({ nginx, sidecar, port })
  }
})
afterAll(async () => {
  for (const h of hosts) {
    h.nginx.assertNoCrash()
    await h.nginx.stop()
    await h.sidecar.stop()
  }
  await redis?.stop()
  await mongoStandin?.stop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function get(h: number, path: string, init: { method?: string; body?: string } = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`http://127.0.0.1:${hosts[h].port}${path}`, {
      agent: false, method: init.method ?? 'GET', headers: init.body ? { 'content-type': 'application/json' } : {},
    }, (res) => {
      let text = ''
      res.on('data', (c) => { text += c })
      res.on('end', () => {
        let body: any = text
        try { body = JSON.parse(text) } catch { /* keep the text */ }
        resolve({ status: res.statusCode ?? 0, body })
      })
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

/** Loader calls for a key, summed over both hosts (each counts in its own zone). */
async function loads(cache: string, key: string): Promise<number> {
  let n = 0
  for (let h = 0; h < hosts.length; h++) n += (await get(h, `/loads/${cache}/${key}`)).body.n
  return n
}

async function eventually(check: () => Promise<boolean>, ms: number, what: string) {
  const until = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`)
    await sleep(25)
  }
}

describe('tier 2 across hosts', () => {
  it('a value loaded on one host is served by the other from Redis, no second load', async () => {
    const a = await get(0, '/c/shared/t2a')
    expect(a.body.value).toMatchObject({ key: 't2a', n: 1 })
    const b = await get(1, '/c/shared/t2a')
    expect(b.body.value).toEqual(a.body.value)
    expect(await loads('shared', 't2a')).toBe(1)
    // Host 1 now holds it in its own tier 1, with the ttl left in Redis.
    const p = (await get(1, '/peek/shared/t2a')).body
    expect(p.value).toEqual(a.body.value)
    expect(p.ttl).toBeGreaterThan(50_000)
  })

  it('caches misses in tier 2 too', async () => {
    expect((await get(0, '/c/sharedneg/none?none=1')).body.value).toBeNull()
    expect((await get(1, '/c/sharedneg/none?none=1')).body.value).toBeNull()
    expect(await loads('sharedneg', 'none')).toBe(1)
  })

  it('single flight per cluster: 50 concurrent misses over two hosts, one loader call', async () => {
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => get(i % 2, '/c/shared/cold?delay=300')))
    expect(all.every((r) => r.status === 200)).toBe(true)
    expect(new Set(all.map((r) => JSON.stringify(r.body.value))).size).toBe(1)
    expect(await loads('shared', 'cold')).toBe(1)
  })

  it('delete on one host drops the key from the other host\'s tier 1 and from Redis', async () => {
    await get(0, '/c/shared/del1')
    await get(1, '/c/shared/del1')
    expect((await get(1, '/peek/shared/del1')).body.value.key).toBe('del1')
    expect((await get(0, '/c/shared/del1', { method: 'DELETE' })).status).toBe(200)
    await eventually(async () => (await get(1, '/peek/shared/del1')).body.absent === true, 3000, 'host 1 to drop del1')
    expect((await get(0, '/peek/shared/del1')).body.absent).toBe(true)
    expect((await get(1, '/c/shared/del1')).body.value.n).toBe(1) // host 1's first own load
    expect(await loads('shared', 'del1')).toBe(2)
  })

  it('set on one host replaces the value on the other', async () => {
    await get(0, '/c/shared/set1')
    await get(1, '/c/shared/set1')
    const put = await get(0, '/c/shared/set1', { method: 'PUT', body: JSON.stringify({ value: { fresh: true } }) })
    expect(put.status).toBe(200)
    await eventually(async () => JSON.stringify((await get(1, '/c/shared/set1')).body.value) === '{"fresh":true}', 3000, 'host 1 to see the new value')
    expect(await loads('shared', 'set1')).toBe(1)
  })

  it('purge on one host empties the cache on both', async () => {
    await get(0, '/c/shared/pu1')
    await get(1, '/c/shared/pu2')
    await get(1, '/c/main/pu3')
    expect((await get(1, '/purge/shared', { method: 'POST' })).status).toBe(200)
    await eventually(async () => (await get(0, '/peek/shared/pu1')).body.absent === true, 3000, 'host 0 to purge')
    expect((await get(1, '/peek/shared/pu2')).body.absent).toBe(true)
    expect((await get(1, '/peek/main/pu3')).body.value.key).toBe('pu3')
    // Gone from Redis too: host 0 loads pu2 itself.
    await get(0, '/c/shared/pu2')
    expect(await loads('shared', 'pu2')).toBe(2)
  })
})

describe('tier 2 in MongoDB', () => {
  it(`a value loaded on one host is served by the other from MongoDB (${process.env.MONGO_URL ? 'MONGO_URL' : 'wire stand-in'})`, async () => {
    const a = await get(0, '/c/mongo/m1')
    expect(a.body.value).toMatchObject({ key: 'm1', n: 1 })
    const b = await get(1, '/c/mongo/m1')
    expect(b.body.value).toEqual(a.body.value)
    expect(await loads('mongo', 'm1')).toBe(1)
    expect((await get(1, '/peek/mongo/m1')).body.ttl).toBeGreaterThan(50_000)
  })

  it('delete removes the document and the other host\'s tier-1 copy', async () => {
    await get(0, '/c/mongo/m2')
    await get(1, '/c/mongo/m2')
    expect((await get(0, '/c/mongo/m2', { method: 'DELETE' })).status).toBe(200)
    await eventually(async () => (await get(1, '/peek/mongo/m2')).body.absent === true, 3000, 'host 1 to drop m2')
    await get(1, '/c/mongo/m2')
    expect(await loads('mongo', 'm2')).toBe(2)
  })
})

describe('without the sidecar', () => {
  it('keeps serving from tier 1 and the loader, and logs why', async () => {
    await hosts[1].sidecar.stop()
    const res = await get(1, '/c/shared/nosidecar')
    expect(res.status).toBe(200)
    expect(res.body.value.key).toBe('nosidecar')
    expect((await get(1, '/c/shared/nosidecar')).body.value.n).toBe(1)
    expect(hosts[1].nginx.errorLog()).toMatch(/tresty cache "shared": tier 2 read failed, loading without it/)
  })
})
