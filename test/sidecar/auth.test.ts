/**
 * The sidecar trusts only callers with the shared secret (issue 7, item 5): every endpoint, on
 * the unix socket and on TCP, answers 401 to a local process that does not send it, before
 * reading the body or touching Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { call, TEST_SECRET } from '../support/sidecar/client.ts'
import { SECRET_HEADER } from '../../src/shared/sidecar-protocol.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'

let redis: TestRedis
let sidecar: RunningSidecar
let reader: Redis

beforeAll(async () => {
  redis = await startRedis()
  sidecar = await startTestSidecar({ redisUrl: redis.url, port: 0, workers: 0 })
  reader = new Redis(redis.url)
})
afterAll(async () => {
  reader?.disconnect()
  await sidecar?.stop()
  await redis?.stop()
})

const ENDPOINTS: [string, string, unknown][] = [
  ['GET', '/health', undefined],
  ['POST', '/redis/call', { command: 'SET', args: ['owned', '1'] }],
  ['POST', '/redis/pipeline', { commands: [['SET', 'owned', '1']] }],
  ['POST', '/redis/publish', { channel: 'c', message: 'm' }],
  ['POST', '/tasks/enqueue', { name: 'x', payload: {} }],
  ['GET', '/tasks/1', undefined],
  ['POST', '/mongo/users/find', {}],
  ['POST', '/cache/set', { cache: 'c', key: 'k', value: 'v', ttlMs: 1000 }],
  ['POST', '/lock/acquire', { key: 'k', ttlMs: 1000 }],
  ['GET', '/no-such-endpoint', undefined],
]

describe('sidecar authentication', () => {
  it('refuses every endpoint without the secret, on the socket and on TCP (401, nothing done)', async () => {
    expect(sidecar.addresses).toHaveLength(2)
    for (const at of sidecar.addresses) {
      for (const [method, path, body] of ENDPOINTS) {
        const where = `${'socket' in at ? 'socket' : 'tcp'} ${method} ${path}`
        const none = await call(at, method, path, body, null)
        expect(none.status, where).toBe(401)
        expect(none.body.error.code, where).toBe('unauthorized')
        for (const wrong of ['', 'wrong', TEST_SECRET.slice(0, -1), `${TEST_SECRET}x`, TEST_SECRET.toUpperCase()]) {
          const res = await call(at, method, path, body, { [SECRET_HEADER]: wrong })
          expect(res.status, `${where} with "${wrong}"`).toBe(401)
        }
      }
    }
    expect(await reader.get('owned')).toBeNull()
  })

  it('answers callers with the secret', async () => {
    for (const at of sidecar.addresses) {
      expect((await call(at, 'POST', '/redis/call', { command: 'SET', args: ['mine', '1'] })).status).toBe(200)
      expect((await call(at, 'GET', '/health')).body.ok).toBe(true)
    }
    expect(await reader.get('mine')).toBe('1')
  })

  it('refuses before reading a body: an unauthenticated 10 MB upload gets 401 and the connection closes', async () => {
    const at = sidecar.addresses[0]
    const res = await call(at, 'POST', '/redis/call', 'x'.repeat(10 * 1024 * 1024), null)
    expect(res.status).toBe(401)
    expect(res.headers.connection).toBe('close')
  })

  it('will not start without a secret', async () => {
    await expect(startTestSidecar({ redisUrl: redis.url, secret: '' })).rejects.toThrow(/shared secret is required/)
  })
})
