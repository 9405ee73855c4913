/**
 * Tasks survive crashes (at least once): a killed worker process is replaced and its task rerun;
 * tasks enqueued before the whole sidecar was killed run after it is started again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { eventually, get, post, TEST_SECRET } from '../support/sidecar/client.ts'
import type { Address } from '../../src/node/sidecar/http/listen.ts'

const TASKS = resolve(import.meta.dirname, 'fixtures/tasks.ts')
const MAIN = resolve(import.meta.dirname, '../../src/node/sidecar/main.ts')
// Short task locks so a crashed worker's task is picked up again within a second or two.
const LOCK_MS = 1000
let redis: TestRedis
let reader: Redis

beforeAll(async () => {
  redis = await startRedis()
  reader = new Redis(redis.url)
})
afterAll(async () => {
  reader?.disconnect()
  await redis?.stop()
})

async function enqueueRecords(to: Address, list: string, tags: string[], ms: number) {
  const ids: string[] = []
  for (const tag of tags) {
    const res = await post(to, '/tasks/enqueue', { name: 'record', payload: { url: redis.url, list, tag, ms } })
    expect(res.status).toBe(200)
    ids.push(res.body.id)
  }
  return ids
}

const allCompleted = (to: Address, ids: string[]) => eventually(async () => {
  for (const id of ids) if ((await get(to, `/tasks/${id}`)).body.state !== 'completed') return false
  return true
}, 20_000, 'every task to complete')

describe('task crashes', () => {
  it('a worker process killed mid-task is restarted and the task runs again', async () => {
    const sidecar = await startTestSidecar({ redisUrl: redis.url, tasksModule: TASKS, workers: 1, concurrency: 1, taskLockMs: LOCK_MS })
    try {
      const list = 'after-worker-kill'
      const ids = await enqueueRecords(sidecar.address, list, ['a', 'b', 'c'], 400)
      await eventually(async () => (await get(sidecar.address, `/tasks/${ids[0]}`)).body.state === 'active', 5000, 'first task to start')
      const [victim] = sidecar.workerPids()
      process.kill(victim, 'SIGKILL')
      await eventually(async () => sidecar.workerPids().length === 1 && sidecar.workerPids()[0] !== victim, 5000, 'a new worker process')
      await allCompleted(sidecar.address, ids)
      expect((await reader.lrange(list, 0, -1)).sort()).toEqual(['a', 'b', 'c'])
    } finally {
      await sidecar.stop()
    }
  })

  it('starts and stops promptly while Redis is down (nothing waits on it)', async () => {
    const gone = await startRedis()
    await gone.stop()
    // Waiting on Redis would never end (the client retries forever): the bounds only tell a hang
    // from a start, and are wide because spawning the worker process takes seconds on a busy machine.
    let started = Date.now()
    const sidecar = await startTestSidecar({ redisUrl: gone.url, tasksModule: TASKS })
    expect(Date.now() - started).toBeLessThan(25_000)
    expect((await get(sidecar.address, '/health')).body).toMatchObject({ ok: false, workers: 1 })
    started = Date.now()
    await sidecar.stop()
    expect(Date.now() - started).toBeLessThan(10_000)
  }, 60_000)

  it('tasks enqueued before the whole sidecar was killed run after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tresty-crash-'))
    const address = { socket: join(dir, 'sidecar.sock') }
    // The sidecar as users run it, in its own process group so one SIGKILL takes its workers too.
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env, TRESTY_SIDECAR_SECRET: TEST_SECRET, TRESTY_SIDECAR_SOCKET: address.socket, TRESTY_REDIS_URL: redis.url, TRESTY_TASKS: TASKS,
        TRESTY_TASK_CONCURRENCY: '1', TRESTY_TASK_LOCK_MS: String(LOCK_MS), TRESTY_SIDECAR_QUIET: '1', TRESTY_CONFIG: join(dir, 'none.json'),
      },
    })
    const exited = new Promise((r) => child.once('exit', r))
    try {
      await eventually(async () => (await get(address, '/health')).body.workers === 1, 20_000, 'the sidecar process to start')
      const list = 'after-sidecar-kill'
      const ids = await enqueueRecords(address, list, ['x', 'y', 'z'], 500)
      await eventually(async () => (await get(address, `/tasks/${ids[0]}`)).body.state === 'active', 5000, 'first task to start')
      process.kill(-child.pid!, 'SIGKILL')
      await exited
      expect(await reader.lrange(list, 0, -1)).toEqual([])

      const restarted = await startTestSidecar({ redisUrl: redis.url, tasksModule: TASKS, concurrency: 1, taskLockMs: LOCK_MS })
      try {
        await allCompleted(restarted.address, ids)
        expect((await reader.lrange(list, 0, -1)).sort()).toEqual(['x', 'y', 'z'])
      } finally {
        await restarted.stop()
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
