/**
 * What the sidecar trusts, through real nginx on the row TRESTY_RUNTIME names (issue 7, items
 * 5 and 6): nginx's calls carry the shared secret and work; a local process without it gets
 * 401 on the socket and on TCP; an nginx with the wrong secret fails closed (503, detail in the
 * error log); 503 bodies never name internal addresses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startProbe, type Probe } from '../support/security-probe.ts'
import { call } from '../support/sidecar/client.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { startApp } from '../support/nginx.ts'
import { sidecarNginxConfig } from '../../src/node/sidecar/upstream-conf.ts'
import { TEST_SECRET } from '../support/sidecar/client.ts'

let p: Probe

beforeAll(async () => {
  p = await startProbe()
})
afterAll(async () => {
  p?.nginx.assertNoCrash()
  await p?.stop()
})

describe('the shared secret', () => {
  it('calls from nginx carry it: Redis, tasks and ngx.fetch-free routes work', async () => {
    expect((await p.json('/kv/nothing')).body).toEqual({ value: null })
    const missing = await p.json('/reports/12345')
    expect(missing.status).toBe(404)
    expect(missing.body.error.message).toMatch(/no task with id 12345/)
  })

  it('a local process without it gets 401 on /redis/call and /tasks/*, on the socket and on TCP', async () => {
    expect(p.sidecar.addresses).toHaveLength(2)
    for (const at of p.sidecar.addresses) {
      for (const [method, path, body] of [['POST', '/redis/call', { command: 'FLUSHALL' }], ['POST', '/tasks/enqueue', { name: 'x' }], ['GET', '/tasks/1', undefined]] as const) {
        const res = await call(at, method, path, body, null)
        expect(res.status, `${JSON.stringify(at)} ${path}`).toBe(401)
      }
    }
  })

  it('a client cannot reach the internal location, nor smuggle the header through it', async () => {
    const res = await p.nginx.fetch('/_tresty/sidecar/redis/call', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-tresty-secret': TEST_SECRET }, body: '{"command":"GET","args":["k"]}',
    })
    expect(res.status).toBe(404)
  })
})

describe('nginx with the wrong secret', () => {
  it('fails closed: 503 without internal detail to the client; the reason in the error log', async () => {
    const port = await freePort()
    const sidecar = p.sidecar
    const side = sidecarNginxConfig({ socket: (sidecar.address as { socket: string }).socket, timeoutMs: 2000 })
    const wrong = await startApp({
      app: 'test/apps/security-app.ts', port,
      http: side.http, server: side.server,
      main: 'env TRESTY_SIDECAR_SECRET;', env: { TRESTY_SIDECAR_SECRET: 'not-the-secret' },
    })
    try {
      const res = await wrong.fetch('/kv/x')
      const body = await res.json() as any
      expect(res.status).toBe(503)
      expect(body.error.message).toBe('the sidecar is unavailable')
      expect(wrong.errorLog()).toMatch(/the sidecar refused nginx's secret/)
    } finally {
      await wrong.stop()
    }
  })
})

describe('503 bodies', () => {
  it('Redis down: the message says so, without the Redis URL (that stays in the error log)', async () => {
    const deadPort = await freePort()
    const sidecar = await startTestSidecar({ redisUrl: `redis://127.0.0.1:${deadPort}`, workers: 0, redisTimeoutMs: 200 })
    const side = sidecarNginxConfig({ socket: (sidecar.address as { socket: string }).socket, timeoutMs: 2000 })
    const s = await startApp({
      app: 'test/apps/security-app.ts', http: side.http, server: side.server,
      main: 'env TRESTY_SIDECAR_SECRET;', env: { TRESTY_SIDECAR_SECRET: TEST_SECRET },
    })
    try {
      for (const path of ['/kv/x', '/reports/1']) {
        const res = await s.fetch(path)
        const text = await res.text()
        expect(res.status, path).toBe(503)
        // /reports may wait for BullMQ past the njs timeout: then the sidecar itself is "unavailable".
        expect(JSON.parse(text).error.message, path).toMatch(path === '/kv/x' ? /^Redis is unavailable$/ : /^(Redis|the sidecar) is unavailable$/)
        expect(text, path).not.toMatch(new RegExp(`${deadPort}|127\\.0\\.0\\.1|redis://`))
      }
      expect(s.errorLog()).toMatch(new RegExp(`redis_unavailable: .*${deadPort}`))
      // The log line is one line even when a message has line breaks in it (JSON-escaped).
      expect(s.errorLog()).not.toMatch(/\n[^\d\n]/)
    } finally {
      await s.stop()
      await sidecar.stop()
    }
  })
})
