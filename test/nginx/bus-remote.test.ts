/**
 * tresty/bus across processes, for real: nginx (two workers) → sidecar → Redis pub/sub → a Node
 * remoteBus (standing in for task workers and other hosts), and back: Node → Redis → the
 * sidecar's delivery → nginx/bus.conf's loopback location → nginx-side subscribers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import { startApp, repoRoot, type TestServer } from '../support/nginx.ts'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { eventually } from '../support/sidecar/client.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'
import { SIDECAR_LOCATIONS, sidecarUpstream } from '../../src/node/sidecar/upstream-conf.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'
import { remoteBus, type RemoteBus } from '../../src/node/sidecar/index.ts'
import { stop } from '../../src/shared/bus.ts'

const SECRET = 'bus-remote-secret'
let redis: TestRedis
let sidecar: RunningSidecar
let s: TestServer
let node: RemoteBus
const received: { channel: string; handler: string; payload: unknown; meta: any }[] = []
const errors: string[] = []

beforeAll(async () => {
  redis = await startRedis()
  const port = await freePort()
  sidecar = await startTestSidecar({ redisUrl: redis.url, nginxUrl: `http://127.0.0.1:${port}`, secret: SECRET, busDeliver: ['bus-test'] })
  s = await startApp({
    app: 'test/apps/bus-app.ts', workers: 2, port,
    main: 'env TRESTY_SIDECAR_SECRET;',
    env: { TRESTY_SIDECAR_SECRET: SECRET },
    http: `${sidecarUpstream(sidecar.address)}\n    js_var $tresty_sidecar_timeout 2000;`,
    server: `        include ${SIDECAR_LOCATIONS};\n        include ${resolve(repoRoot, 'nginx/bus.conf')};`,
  })
  node = remoteBus({ redisUrl: redis.url, channels: ['notes'], onError: (err) => errors.push(String((err as Error).message)) })
  node.subscribe('notes:changed', (payload, meta) => { received.push({ channel: 'notes:changed', handler: 'child', payload, meta }) })
  node.subscribe('notes', (payload, meta) => { received.push({ channel: 'notes', handler: 'parent', payload, meta }) })
  node.subscribe('notes:halt', () => stop())
  node.subscribe('notes:boom', () => { throw new Error('node subscriber failed') })
  await node.ready
})
afterAll(async () => {
  s?.assertNoCrash()
  await node?.close()
  await s?.stop()
  await sidecar?.stop()
  await redis?.stop()
})

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  s.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) })

describe('nginx → Node (publishRemote)', () => {
  it('reaches Node subscribers of the channel and its parents, with the channel in meta', async () => {
    const res = await post('/remote/notes:changed', { id: 1, text: 'héllo' })
    expect(res.status).toBe(200)
    expect(((await res.json()) as any).receivers).toBeGreaterThanOrEqual(1)
    await eventually(async () => received.length >= 2, 5000, 'the Node subscribers')
    expect(received).toEqual([
      { channel: 'notes:changed', handler: 'child', payload: { id: 1, text: 'héllo' }, meta: { channel: 'notes:changed', via: 'node' } },
      { channel: 'notes', handler: 'parent', payload: { id: 1, text: 'héllo' }, meta: { channel: 'notes:changed', via: 'node' } },
    ])
  })
  it('a stop on the Node side halts the parents there too; a failing subscriber is reported, not fatal', async () => {
    received.length = 0
    await post('/remote/notes:halt', {})
    await post('/remote/notes:boom', {})
    await post('/remote/notes', { last: true })
    await eventually(async () => received.length >= 1, 5000, 'the last message')
    expect(received.map((r) => r.payload)).toEqual([{ last: true }])
    expect(errors).toEqual(['bus: a subscriber of "notes:boom" failed: node subscriber failed'])
  })
  it('only the namespaces a remoteBus asked for arrive', async () => {
    received.length = 0
    await post('/remote/other:thing', { no: 1 })
    await post('/remote/notesX', { no: 2 })
    await post('/remote/notes:after', { yes: 1 })
    await eventually(async () => received.length >= 1, 5000, 'notes:after')
    expect(received.map((r) => r.payload)).toEqual([{ yes: 1 }])
  })
  it('a bad channel fails in njs before any call (a TypeError: the app\'s mistake, a 500)', async () => {
    expect((await post('/remote/a::b', {})).status).toBe(500) // njs throws TypeError before any call
    expect(errors.length).toBe(1)
  })
})

describe('Node → nginx (sidecar delivery to nginx/bus.conf)', () => {
  it('what Node publishes in a delivered namespace reaches the nginx-side subscribers, in order', async () => {
    await node.publishRemote('private:x', { skipped: true })   // not in TRESTY_BUS_DELIVER
    for (let n = 1; n <= 5; n++) await node.publishRemote('bus-test:ping', { n })
    const seen = await eventually(async () => {
      const list = (await (await s.fetch('/remote-seen')).json()) as any[]
      return list.length >= 5 ? list : null
    }, 5000, 'five deliveries')
    expect(seen).toEqual([1, 2, 3, 4, 5].map((n) => ({ payload: { n }, meta: { channel: 'bus-test:ping', via: 'nginx' } })))
  })
  it('nginx\'s own publishRemote comes back through the delivery too', async () => {
    await post('/remote/bus-test', { from: 'nginx' })
    await eventually(async () => {
      const list = (await (await s.fetch('/remote-seen')).json()) as any[]
      return list.some((e) => e.payload.from === 'nginx')
    }, 5000, 'the round trip')
  })
  it('a failing nginx-side subscriber is logged with its channel, and later deliveries go on', async () => {
    await node.publishRemote('bus-test:fail', {})
    await node.publishRemote('bus-test', { after: 'fail' })
    await eventually(async () => {
      const list = (await (await s.fetch('/remote-seen')).json()) as any[]
      return list.some((e) => e.payload.after === 'fail')
    }, 5000, 'the delivery after the failure')
    expect(s.errorLog()).toMatch(/tresty bus: delivery of "bus-test:fail" failed: BusError: bus: a subscriber of "bus-test:fail" failed/)
  })
})

describe('the delivery location refuses what is not this host\'s sidecar', () => {
  const deliver = (body: unknown, headers: Record<string, string> = {}, method = 'POST') =>
    s.fetch('/_tresty/bus/deliver', { method, headers: { 'content-type': 'application/json', ...headers }, body: method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body) })
  it('no secret or a wrong one: 403', async () => {
    expect((await deliver({ channel: 'bus-test', payload: { forged: 1 } })).status).toBe(403)
    expect((await deliver({ channel: 'bus-test', payload: { forged: 2 } }, { 'x-tresty-secret': 'wrong' })).status).toBe(403)
    expect((await deliver({ channel: 'bus-test', payload: { forged: 3 } }, { 'x-tresty-secret': SECRET + 'x' })).status).toBe(403)
    const list = (await (await s.fetch('/remote-seen')).json()) as any[]
    expect(list.some((e) => e.payload.forged)).toBe(false)
  })
  it('bad bodies: 400; other methods: 405', async () => {
    const ok = { 'x-tresty-secret': SECRET }
    expect((await deliver('{ nope', ok)).status).toBe(400)
    expect((await deliver({ payload: 1 }, ok)).status).toBe(400)
    expect((await deliver({ channel: 'a::b', payload: 1 }, ok)).status).toBe(400)
    expect((await deliver(null, ok, 'GET')).status).toBe(405)
  })
  it('with the secret, a direct delivery works (what the sidecar does)', async () => {
    const res = await deliver({ channel: 'bus-test:direct', payload: { direct: true } }, { 'x-tresty-secret': SECRET })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ results: 1 })
  })
  it('the sidecar refuses a bad channel with 400', async () => {
    const { call } = await import('../support/sidecar/client.ts')
    const auth = { 'x-tresty-secret': SECRET }   // this sidecar's secret (every endpoint wants it)
    const res = await call(sidecar.address, 'POST', '/bus/publish', { channel: 'a::b', payload: 1 }, auth)
    expect(res.status).toBe(400)
    expect((await call(sidecar.address, 'POST', '/bus/publish', { payload: 1 }, auth)).status).toBe(400)
    expect((await call(sidecar.address, 'POST', '/bus/publish', { channel: 'x', payload: 1 }, auth)).body).toEqual({ receivers: 0 })
  })
})
