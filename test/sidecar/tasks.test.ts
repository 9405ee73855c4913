/** Tasks: enqueue/status, retries, delay, priority, worker processes, unknown names. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { resolve } from 'node:path'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { eventually, get, post } from '../support/sidecar/client.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'
import type { TaskStatus } from '../../src/shared/sidecar-protocol.ts'

const TASKS = resolve(import.meta.dirname, 'fixtures/tasks.ts')
let redis: TestRedis
let sidecar: RunningSidecar
let reader: Redis

beforeAll(async () => {
  redis = await startRedis()
  reader = new Redis(redis.url)
  // One worker running one task at a time makes ordering (priority) observable.
  sidecar = await startTestSidecar({ redisUrl: redis.url, tasksModule: TASKS, workers: 1, concurrency: 1 })
})
afterAll(async () => {
  reader?.disconnect()
  await sidecar?.stop()
  await redis?.stop()
})

const enqueue = async (name: string, payload?: unknown, options?: unknown) => {
  const res = await post(sidecar.address, '/tasks/enqueue', { name, payload, options })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.id as string
}
const status = async (id: string) => (await get<TaskStatus>(sidecar.address, `/tasks/${id}`)).body
const settled = (id: string, timeoutMs = 10_000) =>
  eventually(async () => {
    const s = await status(id)
    return (s.state === 'completed' || s.state === 'failed') && s
  }, timeoutMs, `task ${id} to finish`)

describe('tasks', () => {
  it('registers the module’s tasks from a separate worker process', () => {
    expect(sidecar.tasks.sort()).toEqual(['add', 'fail', 'flaky', 'pid', 'record'])
    expect(sidecar.workerPids()).toHaveLength(1)
    expect(sidecar.workerPids()[0]).not.toBe(process.pid)
  })

  it('enqueue returns an id at once; status reports progress and the result', async () => {
    const id = await enqueue('add', { a: 2, b: 3 })
    expect(id).toMatch(/^\d+$/)
    const s = await settled(id)
    expect(s).toMatchObject({ id, name: 'add', state: 'completed', progress: 50, result: { sum: 5, attempt: 1 }, attemptsMade: 1 })
    expect(s.finishedAt).toBeGreaterThanOrEqual(s.createdAt)
  })

  it('runs tasks in the worker process, not in the one answering HTTP', async () => {
    const s = await settled(await enqueue('pid'))
    expect(sidecar.workerPids()).toContain(s.result)
  })

  it('a throwing task is retried, then marked failed with its error', async () => {
    const id = await enqueue('fail', null, { attempts: 3, backoff: { type: 'fixed', delay: 50 } })
    const s = await settled(id)
    expect(s).toMatchObject({ state: 'failed', error: 'boom on attempt 3', attemptsMade: 3 })
  })

  it('a retried task that succeeds later ends completed', async () => {
    const s = await settled(await enqueue('flaky', { succeedOn: 2 }, { attempts: 3, backoff: 20 }))
    expect(s).toMatchObject({ state: 'completed', result: 'finally', attemptsMade: 2 })
  })

  it('a delayed task waits as "delayed", then runs', async () => {
    const id = await enqueue('add', { a: 1, b: 1 }, { delay: 400 })
    expect((await status(id)).state).toBe('delayed')
    expect((await settled(id)).result).toEqual({ sum: 2, attempt: 1 })
  })

  it('higher priority (lower number) runs first', async () => {
    const list = 'priority-order'
    const blocker = await enqueue('record', { url: redis.url, list, tag: 'blocker', ms: 300 })
    await eventually(async () => (await status(blocker)).state === 'active', 5000, 'blocker to start')
    const low = await enqueue('record', { url: redis.url, list, tag: 'low' }, { priority: 10 })
    const high = await enqueue('record', { url: redis.url, list, tag: 'high' }, { priority: 1 })
    expect((await status(low)).state).toBe('prioritized')
    await settled(low)
    await settled(high)
    expect(await reader.lrange(list, 0, -1)).toEqual(['blocker', 'high', 'low'])
  })

  it('an unknown task name → 404 unknown_task; an unknown id → 404', async () => {
    const res = await post(sidecar.address, '/tasks/enqueue', { name: 'nope' })
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('unknown_task')
    expect(res.body.error.message).toContain('add')
    expect((await get(sidecar.address, '/tasks/999999')).status).toBe(404)
  })

  it('bad options → 400', async () => {
    for (const options of [{ delay: -1 }, { attempts: 0 }, { priority: 0 }, { backoff: { type: 'linear', delay: 1 } }, 'fast']) {
      const res = await post(sidecar.address, '/tasks/enqueue', { name: 'add', payload: {}, options })
      expect(res.status, JSON.stringify(options)).toBe(400)
    }
    expect((await post(sidecar.address, '/tasks/enqueue', { payload: {} })).status).toBe(400)
  })

  it('a tasks module that fails to load stops the sidecar from starting, with the reason', async () => {
    await expect(startTestSidecar({ redisUrl: redis.url, tasksModule: resolve(import.meta.dirname, 'fixtures/broken-tasks.ts') }))
      .rejects.toThrow(/broken on purpose/)
  })
})
