/**
 * tresty/schedule across hosts: two nginx (two workers each, ticks on every worker), each with
 * its own sidecar, sharing one Redis. A `{ redis: true }` job runs each fire time on one host
 * only; the per-host jobs run on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { startApp, type TestServer } from '../support/nginx.ts'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { SIDECAR_LOCATIONS, sidecarUpstream } from '../../src/node/sidecar/upstream-conf.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'

const SECRET = 'schedule-hosts-secret'
interface Host { nginx: TestServer; sidecar: RunningSidecar }
let redis: TestRedis
const hosts: Host[] = []

beforeAll(async () => {
  redis = await startRedis()
  for (let i = 0; i < 2; i++) {
    const sidecar = await startTestSidecar({ redisUrl: redis.url, secret: SECRET, port: 0, workers: 0 })
    const tcp = sidecar.addresses.find((a) => 'port' in a) as { host: string; port: number }
    const nginx = await startApp({
      app: 'test/apps/schedule-app.ts',
      workers: 2,
      main: 'env TRESTY_SIDECAR_SECRET;\nenv TRESTY_TEST_REDIS_JOB;',
      env: { TRESTY_SIDECAR_SECRET: SECRET, TRESTY_TEST_REDIS_JOB: '1' },
      http: `${sidecarUpstream(sidecar.address)}\n    js_var $tresty_sidecar_url http://127.0.0.1:${tcp.port};\n    js_var $tresty_sidecar_timeout 2000;`,
      server: `        include ${SIDECAR_LOCATIONS};\n        location @tresty_schedule_all { js_periodic app.scheduleTick interval=1s worker_affinity=all; }`,
    })
    hosts.push({ nginx, sidecar })
  }
})
afterAll(async () => {
  for (const h of hosts) {
    h.nginx.assertNoCrash()
    await h.nginx.stop()
    await h.sidecar.stop()
  }
  await redis?.stop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function runs(h: number, name: string): Promise<{ n: number; fires: Record<string, number> }> {
  return (await hosts[h].nginx.fetch(`/runs/${name}`)).json() as any
}

describe('scheduled jobs on two hosts sharing Redis', () => {
  it('a redis-claimed job runs each fire time on one host only', async () => {
    const until = Date.now() + 15_000
    let total = 0
    while (Date.now() < until) {
      total = (await runs(0, 'cluster')).n + (await runs(1, 'cluster')).n
      if (total >= 4) break
      await sleep(250)
    }
    expect(total).toBeGreaterThanOrEqual(4)
    const a = await runs(0, 'cluster')
    const b = await runs(1, 'cluster')
    const seen: Record<string, number> = {}
    for (const r of [a, b]) for (const t in r.fires) seen[t] = (seen[t] ?? 0) + r.fires[t]
    for (const t in seen) expect(seen[t], `fire time ${new Date(Number(t)).toISOString()}`).toBe(1)
    // Redis holds the claims: one key per fire time.
    const client = new Redis(redis.url)
    const keys = await client.keys('tresty:schedule:cluster:*')
    client.disconnect()
    expect(keys.length).toBeGreaterThanOrEqual(Object.keys(seen).length)
  })

  it('jobs without the Redis claim run on each host', async () => {
    const until = Date.now() + 10_000
    while (((await runs(0, 'every')).n < 2 || (await runs(1, 'every')).n < 2) && Date.now() < until) await sleep(250)
    expect((await runs(0, 'every')).n).toBeGreaterThanOrEqual(2)
    expect((await runs(1, 'every')).n).toBeGreaterThanOrEqual(2)
  })
})
