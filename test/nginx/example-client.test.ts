/**
 * The example app's /quote: tresty/client calls a local quotes service whose address and the
 * greeting come from live config (etcd → sidecar → nginx), the token from a secret in nginx's
 * environment (examples/app.config.ts).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { startEtcd, type TestEtcd } from '../support/etcd.ts'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'
import { etcdClient } from '../../src/node/etcd/index.ts'

const SECRET = 'example-client-secret'
let s: TestServer
let etcd: TestEtcd
let redis: TestRedis
let sidecar: RunningSidecar
let quotes: Server
let quotesUrl: string
const seen: { url: string; auth?: string }[] = []

beforeAll(async () => {
  quotes = createServer((req, res) => {
    seen.push({ url: req.url ?? '', auth: req.headers.authorization })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ text: 'Simplicity is prerequisite for reliability.' }))
  })
  await new Promise<void>((r) => quotes.listen(0, '127.0.0.1', () => r()))
  quotesUrl = `http://127.0.0.1:${(quotes.address() as AddressInfo).port}`
  etcd = await startEtcd()
  redis = await startRedis()
  s = await startApp({
    app: 'examples/app.ts',
    main: 'env TRESTY_SIDECAR_SECRET;\nenv EXAMPLE_QUOTES_TOKEN;',
    env: { TRESTY_SIDECAR_SECRET: SECRET, EXAMPLE_QUOTES_TOKEN: 'token-123' },
  })
  sidecar = await startTestSidecar({ redisUrl: redis.url, workers: 0, nginxUrl: s.url, secret: SECRET, etcdUrl: etcd.url, etcdPrefix: '/example/' })
})
afterAll(async () => {
  await sidecar?.stop()
  s?.assertNoCrash()
  await s?.stop()
  await etcd?.destroy()
  await redis?.stop()
  quotes?.closeAllConnections()
  quotes?.close()
})

async function eventually(path: string, ok: (status: number, body: any) => boolean) {
  const until = Date.now() + 15_000
  for (;;) {
    const res = await s.fetch(path)
    const body = await res.json()
    if (ok(res.status, body)) return body
    if (Date.now() > until) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('examples/app.ts /quote', () => {
  it('answers 502 while the configured quotes service is not there', async () => {
    const res = await s.fetch('/quote')
    expect(res.status).toBe(502)
    expect(((await res.json()) as any).error.message).toMatch(/^quotes service: /)
  })

  it('calls the service etcd points it at, with the secret token; greeting from etcd too', async () => {
    const db = etcdClient({ url: etcd.url })
    await db.put('/example/quotes.url', quotesUrl)
    const body = await eventually('/quote', (st) => st === 200)
    expect(body).toEqual({ greeting: 'hello', quote: 'Simplicity is prerequisite for reliability.', environment: 'development' })
    expect(seen[seen.length - 1]).toEqual({ url: '/quote?lang=en', auth: 'Bearer token-123' })
    await db.put('/example/greeting', 'hi')
    await db.put('/example/quotes.lang', 'de')
    await eventually('/quote', (st, b) => b.greeting === 'hi' && seen[seen.length - 1].url === '/quote?lang=de')
  })
})
