/**
 * tresty/node's schedule: Redis claims keep each fire time to one run across schedulers (hosts,
 * worker processes); a failing job does not stop others; a run still busy makes the next fire
 * time skip with a log line; through real sidecars, the tasks module's jobs run in the workers.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { resolve } from 'node:path'
import { Redis } from 'ioredis'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { registeredSchedules, schedule, startScheduler } from '../../src/node/schedule/index.ts'

let redis: TestRedis
let client: Redis
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  redis = await startRedis()
  client = new Redis(redis.url)
})
afterAll(async () => {
  client?.disconnect()
  await redis?.stop()
})

async function counts(name: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const k of await client.keys(`test:${name}:1*`)) out[k.split(':').pop()!] = Number(await client.get(k))
  return out
}

describe('schedule() declarations', () => {
  it('rejects bad expressions, bad names and duplicates at once', () => {
    expect(() => schedule('61 * * * *', 'x1', () => {})).toThrow(/minute: 61 is outside 0-59/)
    expect(() => schedule('* * * * *', 'has space', () => {})).toThrow(/job name/)
    schedule('@hourly', 'declared-once', () => {})
    expect(() => schedule('@daily', 'declared-once', () => {})).toThrow(/already declared/)
    registeredSchedules().delete('declared-once')
  })
})

describe('schedulers sharing one Redis', () => {
  it('run each fire time once, keep going past a failing job, skip a fire time while a run is busy', async () => {
    const jobs = new Map()
    const log = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const own = (expr: string, name: string, fn: (run: { name: string; at: number }) => unknown) => {
      schedule(expr, name, fn)
      jobs.set(name, registeredSchedules().get(name))
      registeredSchedules().delete(name)
    }
    own('* * * * * *', 'boom', () => { throw new Error('boom on purpose') })
    own('* * * * * *', 'each', async ({ name, at }) => { await client.incr(`test:${name}:${at}`) })
    own('* * * * * *', 'slow', async ({ name, at }) => { await client.incr(`test:${name}:${at}`); await sleep(2200) })
    const conns = [new Redis(redis.url), new Redis(redis.url)]
    const schedulers = conns.map((c) => startScheduler({ redis: c, jobs }))
    await sleep(3500)
    for (const s of schedulers) await s.stop()
    for (const c of conns) c.disconnect()
    const lines = log.mock.calls.map((c) => String(c[0])).join('')
    log.mockRestore()
    const each = await counts('each')
    expect(Object.keys(each).length).toBeGreaterThanOrEqual(3)
    expect(Object.values(each).every((n) => n === 1)).toBe(true)
    expect(lines).toMatch(/schedule 'boom' failed \(run for .*\): boom on purpose/)
    // The slow job (2.2 s) ran once or twice in 3.5 s and skipped the fire times in between.
    expect(Object.keys(await counts('slow')).length).toBeLessThanOrEqual(2)
    expect(lines).toMatch(/schedule 'slow' skipped the run for .*: the previous run is still busy/)
  })
})

describe('in the sidecar', () => {
  it('two sidecars with two workers each run a fire time once', { timeout: 90_000 }, async () => {
    process.env.TRESTY_TEST_SCHEDULE_REDIS = redis.url
    const tasksModule = resolve(import.meta.dirname, 'fixtures/schedule-tasks.ts')
    const sidecars = [
      await startTestSidecar({ redisUrl: redis.url, tasksModule, workers: 2 }),
      await startTestSidecar({ redisUrl: redis.url, tasksModule, workers: 2 }),
    ]
    try {
      const until = Date.now() + 15_000
      while (Object.keys(await counts('sidecar-every')).length < 3 && Date.now() < until) await sleep(200)
    } finally {
      for (const s of sidecars) await s.stop()
    }
    const fires = await counts('sidecar-every')
    expect(Object.keys(fires).length).toBeGreaterThanOrEqual(3)
    expect(Object.values(fires).every((n) => n === 1)).toBe(true)
    const pids = await client.lrange('test:sidecar-every:pids', 0, -1)
    expect(pids.length).toBe(Object.keys(fires).length)
  })
})
