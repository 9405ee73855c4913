/** The sidecar's HTTP surface: health, routing errors and bad input never crash it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { call, get, post, TEST_SECRET } from '../support/sidecar/client.ts'
import { SECRET_HEADER } from '../../src/shared/sidecar-protocol.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'

let redis: TestRedis
let sidecar: RunningSidecar

beforeAll(async () => {
  redis = await startRedis()
  sidecar = await startTestSidecar({ redisUrl: redis.url, payloadLimit: 1024 })
})
afterAll(async () => {
  await sidecar?.stop()
  await redis?.stop()
})

describe('sidecar HTTP', () => {
  it('listens on a unix socket that nginx workers (another user) can connect to', () => {
    const a = sidecar.address
    if (!('socket' in a)) throw new Error('expected a socket address')
    expect(statSync(a.socket).isSocket()).toBe(true)
    expect(statSync(a.socket).mode & 0o777).toBe(0o666)
  })

  it('GET /health reports Redis and workers', async () => {
    const res = await get(sidecar.address, '/health')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ ok: true, redis: 'ready', tasks: [], workers: 0 })
  })

  it('unknown path → 404 with the error shape', async () => {
    const res = await get(sidecar.address, '/nope')
    expect(res.status).toBe(404)
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('/nope') } })
  })

  it('wrong method → 405 with Allow', async () => {
    const res = await get(sidecar.address, '/redis/call')
    expect(res.status).toBe(405)
    expect(res.headers.allow).toBe('POST')
    expect(res.body.error.code).toBe('method_not_allowed')
  })

  it('malformed JSON → 400 bad_json', async () => {
    const res = await post(sidecar.address, '/redis/call', '{"command": "GET",')
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('bad_json')
  })

  it('a JSON body that is not an object → 400 bad_request', async () => {
    for (const body of ['[1,2]', '"GET"', 'null']) {
      const res = await post(sidecar.address, '/redis/call', body)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('bad_request')
    }
  })

  it('oversized body (Content-Length) → 413 and the connection is closed', async () => {
    const res = await post(sidecar.address, '/redis/call', JSON.stringify({ command: 'SET', args: ['k', 'x'.repeat(2000)] }))
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('payload_too_large')
    expect(res.headers.connection).toBe('close')
  })

  it('oversized chunked body (no Content-Length) → 413', async () => {
    const a = sidecar.address
    if (!('socket' in a)) throw new Error('expected a socket address')
    const raw = await new Promise<string>((resolve, reject) => {
      const sock = connect(a.socket)
      let out = ''
      sock.on('data', (d) => { out += d })
      sock.on('close', () => resolve(out))
      sock.on('error', reject)
      const chunk = 'x'.repeat(600)
      sock.write(`POST /redis/call HTTP/1.1\r\nHost: x\r\n${SECRET_HEADER}: ${TEST_SECRET}\r\nTransfer-Encoding: chunked\r\n\r\n`)
      for (let i = 0; i < 4; i++) sock.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)
      sock.write('0\r\n\r\n')
    })
    expect(raw).toMatch(/^HTTP\/1\.1 413/)
    expect(raw).toContain('payload_too_large')
  })

  it('is still healthy after all that', async () => {
    expect((await get(sidecar.address, '/health')).body.ok).toBe(true)
  })

  it('refuses to start on a socket another sidecar is listening on', async () => {
    const a = sidecar.address
    if (!('socket' in a)) throw new Error('expected a socket address')
    await expect(startTestSidecar({ redisUrl: redis.url, socket: a.socket })).rejects.toThrow(/another process is listening/)
    expect(existsSync(a.socket)).toBe(true)
    expect((await get(sidecar.address, '/health')).status).toBe(200)
  })

  it('listens on TCP when a port is configured, on both when a socket is too', async () => {
    const both = await startTestSidecar({ redisUrl: redis.url, port: 0 })
    const tcpOnly = await startTestSidecar({ redisUrl: redis.url, port: 0, socket: '' })
    try {
      expect(both.addresses).toHaveLength(2)
      expect(tcpOnly.addresses).toEqual([{ host: '127.0.0.1', port: expect.any(Number) }])
      for (const a of [...both.addresses, ...tcpOnly.addresses]) expect((await call(a, 'GET', '/health')).body.ok).toBe(true)
    } finally {
      await both.stop()
      await tcpOnly.stop()
    }
  })
})
