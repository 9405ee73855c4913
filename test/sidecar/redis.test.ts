/** `redis/call`, `redis/pipeline`, `redis/publish`: allowlist, errors, Redis down and back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { eventually, post } from '../support/sidecar/client.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'

let redis: TestRedis
let sidecar: RunningSidecar

beforeAll(async () => {
  redis = await startRedis()
  sidecar = await startTestSidecar({ redisUrl: redis.url, redisCommands: ['get', 'SET', 'INCR', 'HSET', 'HGETALL', 'LPUSH', 'LRANGE', 'DEL', 'BLPOP', 'PTTL'] })
})
afterAll(async () => {
  await sidecar?.stop()
  await redis?.stop()
})

describe('redis/call', () => {
  it('runs an allowed command and returns its reply', async () => {
    expect((await post(sidecar.address, '/redis/call', { command: 'SET', args: ['greeting', 'hello', 'PX', 60000] })).body).toEqual({ result: 'OK' })
    expect((await post(sidecar.address, '/redis/call', { command: 'get', args: ['greeting'] })).body).toEqual({ result: 'hello' })
    expect((await post(sidecar.address, '/redis/call', { command: 'INCR', args: ['n'] })).body).toEqual({ result: 1 })
    expect((await post(sidecar.address, '/redis/call', { command: 'GET', args: ['missing'] })).body).toEqual({ result: null })
    await post(sidecar.address, '/redis/call', { command: 'LPUSH', args: ['list', 'a', 'b'] })
    expect((await post(sidecar.address, '/redis/call', { command: 'LRANGE', args: ['list', 0, -1] })).body).toEqual({ result: ['b', 'a'] })
  })

  it('a command outside the allowlist → 403', async () => {
    const res = await post(sidecar.address, '/redis/call', { command: 'FLUSHALL' })
    expect(res.status).toBe(403)
    expect(res.body.error).toEqual({ code: 'command_not_allowed', message: expect.stringContaining('FLUSHALL') })
  })

  it('blocking commands are refused even when listed (they would stall the shared connection)', async () => {
    const res = await post(sidecar.address, '/redis/call', { command: 'BLPOP', args: ['list', 0] })
    expect(res.status).toBe(403)
  })

  it('bad command names and arguments → 400', async () => {
    expect((await post(sidecar.address, '/redis/call', { command: 42 })).status).toBe(400)
    expect((await post(sidecar.address, '/redis/call', { command: 'GET', args: 'k' })).status).toBe(400)
    expect((await post(sidecar.address, '/redis/call', { command: 'GET', args: [{ k: 1 }] })).status).toBe(400)
  })

  it('a Redis error reply → 400 redis_error with Redis’s message', async () => {
    const res = await post(sidecar.address, '/redis/call', { command: 'INCR', args: ['greeting'] })
    expect(res.status).toBe(400)
    expect(res.body.error).toEqual({ code: 'redis_error', message: expect.stringMatching(/not an integer/) })
  })
})

describe('redis/pipeline', () => {
  it('runs every command, each with its own result or error', async () => {
    const res = await post(sidecar.address, '/redis/pipeline', {
      commands: [['SET', 'p', '1'], ['INCR', 'p'], ['HSET', 'p', 'f', 'v'], ['GET', 'p']],
    })
    expect(res.status).toBe(200)
    expect(res.body.results).toEqual([
      { result: 'OK' }, { result: 2 }, { error: expect.stringMatching(/WRONGTYPE/) }, { result: '2' },
    ])
  })

  it('refuses the whole pipeline when one command is not allowed', async () => {
    await post(sidecar.address, '/redis/call', { command: 'SET', args: ['untouched', 'yes'] })
    const res = await post(sidecar.address, '/redis/pipeline', { commands: [['SET', 'untouched', 'no'], ['KEYS', '*']] })
    expect(res.status).toBe(403)
    expect((await post(sidecar.address, '/redis/call', { command: 'GET', args: ['untouched'] })).body.result).toBe('yes')
  })

  it('rejects a malformed pipeline', async () => {
    expect((await post(sidecar.address, '/redis/pipeline', { commands: [] })).status).toBe(400)
    expect((await post(sidecar.address, '/redis/pipeline', { commands: ['GET'] })).status).toBe(400)
  })
})

describe('redis/publish', () => {
  it('publishes to subscribers and reports how many got it', async () => {
    const sub = new Redis(redis.url)
    try {
      const got = new Promise<string>((resolve) => sub.on('message', (_c, m) => resolve(m)))
      await sub.subscribe('news')
      const res = await post(sidecar.address, '/redis/publish', { channel: 'news', message: 'hi' })
      expect(res.body).toEqual({ receivers: 1 })
      expect(await got).toBe('hi')
    } finally {
      sub.disconnect()
    }
  })

  it('needs a channel and a string message', async () => {
    expect((await post(sidecar.address, '/redis/publish', { channel: '', message: 'x' })).status).toBe(400)
    expect((await post(sidecar.address, '/redis/publish', { channel: 'c', message: 1 })).status).toBe(400)
  })
})

describe('Redis down', () => {
  it('fails fast with 503 while Redis is down, and recovers by itself when it is back', async () => {
    const port = redis.port
    await redis.stop()
    for (const [path, body] of [
      ['/redis/call', { command: 'GET', args: ['k'] }],
      ['/redis/pipeline', { commands: [['GET', 'k']] }],
      ['/redis/publish', { channel: 'c', message: 'm' }],
      ['/tasks/enqueue', { name: 'anything' }],
    ] as const) {
      const started = Date.now()
      const res = await post(sidecar.address, path, body)
      const elapsed = Date.now() - started
      expect(res.status, path).toBe(503)
      expect(res.body.error.code, path).toBe('redis_unavailable')
      expect(res.body.error.message, path).toMatch(/Redis at redis:\/\/127\.0\.0\.1:\d+ is unavailable/)
      expect(elapsed, `${path} answered in ${elapsed} ms`).toBeLessThan(500)
    }
    redis = await startRedis({ port })
    const ok = await eventually(async () => {
      const res = await post(sidecar.address, '/redis/call', { command: 'SET', args: ['back', 'yes'] })
      return res.status === 200 && res.body
    }, 10_000, 'Redis calls to recover')
    expect(ok).toEqual({ result: 'OK' })
    expect((await post(sidecar.address, '/tasks/enqueue', { name: 'anything' })).status).toBe(200)
  })
})
