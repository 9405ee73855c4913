/**
 * Live config through real processes: etcd → the sidecar's mirror → nginx's tresty_config zone
 * (two workers) → `config.get()` in handlers. Changes show in both workers without a reload;
 * with etcd down the last values are served and the error is visible; etcd back → in sync again.
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { startEtcd, type TestEtcd } from '../support/etcd.ts'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'
import { etcdClient, type EtcdClient } from '../../src/node/etcd/index.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'

const SECRET = 'live-config-secret'
const PREFIX = '/lc/'
let s: TestServer
let etcdServer: TestEtcd
let etcd: EtcdClient
let redis: TestRedis
let sidecar: RunningSidecar
let spreadPort: number

beforeAll(async () => {
  etcdServer = await startEtcd()
  etcd = etcdClient({ url: etcdServer.url })
  await etcd.put(PREFIX + 'feature.x', 'on')
  await etcd.put(PREFIX + 'limits', '{"rpm":60}')
  redis = await startRedis()
  spreadPort = await freePort()
  s = await startApp({
    app: 'test/apps/config-app.ts', workers: 2,
    main: 'env TRESTY_SIDECAR_SECRET;', env: { TRESTY_SIDECAR_SECRET: SECRET },
    server: `        listen 127.0.0.1:${spreadPort} reuseport;`,
  })
  sidecar = await startTestSidecar({
    redisUrl: redis.url, workers: 0, port: 0, nginxUrl: s.url, secret: SECRET,
    etcdUrl: etcdServer.url, etcdPrefix: PREFIX,
  })
})
afterAll(async () => {
  await sidecar?.stop()
  s?.assertNoCrash()
  await s?.stop()
  await etcdServer?.destroy()
  await redis?.stop()
})

/** A GET on a new connection, so either worker may take it. */
function freshGet(path: string, port: number): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = request(`http://127.0.0.1:${port}${path}`, { agent: false, headers: { connection: 'close' } }, (res) => {
      let text = ''
      res.on('data', (c) => { text += c })
      res.on('end', () => resolve(JSON.parse(text)))
    })
    req.on('error', reject)
    req.end()
  })
}

/** What each worker answers for `name` (asks until both workers were seen). */
async function perWorker(name: string): Promise<Record<number, unknown>> {
  const seen: Record<number, unknown> = {}
  for (let i = 0; i < 300 && Object.keys(seen).length < 2; i++) {
    const r = await freshGet(`/config/${name}`, spreadPort)
    seen[r.pid] = r.value
  }
  expect(Object.keys(seen).length).toBe(2)
  return seen
}

async function eventually<T>(get: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const v = await get()
    if (ok(v)) return v
    if (Date.now() > until) throw new Error(`not reached in ${ms} ms; last: ${JSON.stringify(v)}\n${s.errorLog().slice(-1500)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const value = async (name: string) => ((await (await s.fetch(`/config/${name}`)).json()) as any).value
const status = async () => ((await (await s.fetch('/config-status')).json()) as any).status
const sidecarStatus = async () => {
  const tcp = sidecar.addresses.find((a) => 'port' in a) as { port: number }
  // Every sidecar endpoint wants the shared secret (docs/security.md).
  return (await (await fetch(`http://127.0.0.1:${tcp.port}/config/status`, { headers: { 'x-tresty-secret': SECRET } })).json()) as any
}

describe('live config from etcd', () => {
  it('serves the values etcd held at start, in both workers', async () => {
    await eventually(() => value('feature.x'), (v) => v === 'on')
    expect(Object.values(await perWorker('feature.x'))).toEqual(['on', 'on'])
    expect(((await (await s.fetch('/config-json/limits')).json()) as any).value).toEqual({ rpm: 60 })
    expect(await value('missing')).toBe('fallback')
    expect(await status()).toMatchObject({ ok: true })
  })

  it('a change in etcd shows in every worker without a reload; a delete removes it', async () => {
    await etcd.put(PREFIX + 'feature.x', 'off')
    await eventually(() => value('feature.x'), (v) => v === 'off')
    expect(Object.values(await perWorker('feature.x'))).toEqual(['off', 'off'])
    await etcd.put(PREFIX + 'new.key', 'fresh')
    await eventually(() => value('new.key'), (v) => v === 'fresh')
    await etcd.delete(PREFIX + 'new.key')
    await eventually(() => value('new.key'), (v) => v === 'fallback')
    await etcd.put('/elsewhere/feature.x', 'not mirrored')
    expect(await (await s.fetch('/config-all')).json()).toEqual({ 'feature.x': 'off', limits: '{"rpm":60}' })
  })

  it('etcd down: last values still served, the error in the status, the sidecar route and the log', async () => {
    let stderr = ''
    const write = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((chunk: any, ...rest: any[]) => { stderr += String(chunk); return write(chunk, ...rest) }) as any
    try {
      await etcdServer.stop()
      const st = await eventually(status, (v) => v && v.ok === false)
      expect(st.error).toMatch(/etcd/)
      expect(await value('feature.x')).toBe('off')
      expect(Object.values(await perWorker('feature.x'))).toEqual(['off', 'off'])
      const side = await sidecarStatus()
      expect(side).toMatchObject({ configured: true, ok: false, keys: 2 })
      expect(stderr).toMatch(/live config: etcd .* \(serving the last known values\)/)
    } finally {
      process.stderr.write = write
    }
    await etcdServer.start()
    await eventually(status, (v) => v && v.ok === true, 30_000)
    await etcd.put(PREFIX + 'feature.x', 'back')
    await eventually(() => value('feature.x'), (v) => v === 'back')
  })

  it('the sync endpoint refuses a missing or wrong secret and bad bodies', async () => {
    const post = (headers: Record<string, string>, body: string) => s.fetch('/_tresty/config/sync', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
    expect((await post({}, '{"status":{"ok":true,"revision":1,"at":1},"full":true}')).status).toBe(403)
    expect((await post({ 'x-tresty-secret': 'wrong' }, '{"status":{"ok":true,"revision":1,"at":1},"full":true}')).status).toBe(403)
    expect((await post({ 'x-tresty-secret': SECRET }, '{"set":{"a":1},"status":{"ok":true,"revision":1,"at":1}}')).status).toBe(400)
    expect((await post({ 'x-tresty-secret': SECRET }, '{}')).status).toBe(400)
    expect(await value('feature.x')).toBe('back')
  })
})
