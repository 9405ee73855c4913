/** The njs client through real nginx: tasks, Redis, Mongo, js_periodic by ngx.fetch, privacy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { startStack, type Stack } from '../support/sidecar/stack.ts'
import { eventually } from '../support/sidecar/client.ts'

let s: Stack
let reader: Redis

beforeAll(async () => {
  s = await startStack({ server: '        location @periodic { js_periodic app.periodic interval=200ms; }\n' })
  reader = new Redis(s.redis.url)
})
afterAll(async () => {
  reader?.disconnect()
  await s?.stop()
})

const json = async (path: string, init?: RequestInit) => {
  const res = await s.nginx.fetch(path, init)
  const text = await res.text()
  let body: any = text
  try { body = JSON.parse(text) } catch { /* keep text */ }
  return { status: res.status, body }
}
const postJson = (path: string, body: unknown) => json(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('njs → sidecar through nginx', () => {
  it('tasks.enqueue returns an id; tasks.status follows the task to its result', async () => {
    const { status, body } = await postJson('/tasks/add', { payload: { a: 20, b: 22 }, options: { attempts: 2 } })
    expect(status).toBe(200)
    expect(body.id).toMatch(/^\d+$/)
    const done = await eventually(async () => {
      const st = await json(`/tasks/${body.id}`)
      return st.body.state === 'completed' && st.body
    }, 10_000, 'the task to complete')
    expect(done).toMatchObject({ name: 'add', result: { sum: 42 }, progress: 50 })
  })

  it('a failing task ends failed with its error, seen through nginx', async () => {
    const { body } = await postJson('/tasks/fail', { options: { attempts: 2, backoff: 10 } })
    const failed = await eventually(async () => {
      const st = await json(`/tasks/${body.id}`)
      return st.body.state === 'failed' && st.body
    }, 10_000, 'the task to fail')
    expect(failed).toMatchObject({ error: 'boom on attempt 2', attemptsMade: 2 })
  })

  it('sidecar errors reach the client with their status: unknown task 404, unknown id 404', async () => {
    const unknown = await postJson('/tasks/nope', {})
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.message).toMatch(/no task named "nope"/)
    expect((await json('/tasks/424242')).status).toBe(404)
  })

  it('redis.call, pipeline and publish; a command outside the allowlist → 403', async () => {
    expect((await json('/kv/greeting', { method: 'POST', body: 'hello' })).body).toEqual({ result: 'OK' })
    expect((await json('/kv/greeting')).body).toEqual({ value: 'hello' })
    expect((await json('/pipeline')).body).toEqual([{ result: 'OK' }, { result: 2 }, { error: expect.stringMatching(/WRONGTYPE/) }])
    const flush = await json('/flush')
    expect(flush.status).toBe(403)
    expect(flush.body.error.message).toMatch(/FLUSHALL is not allowed/)
    expect((await json('/publish/news', { method: 'POST', body: 'x' })).body).toEqual({ receivers: 0 })
  })

  it('large answers come back whole through the subrequest (beyond the default 4k buffer)', async () => {
    const big = 'x'.repeat(200_000)
    await json('/kv/big', { method: 'POST', body: big })
    const res = await s.nginx.fetch('/kv/big')
    expect(res.status).toBe(200)
    const { value } = await res.json() as { value: string }
    expect(value.length).toBe(big.length)
  })

  it(`mongo from njs: ObjectId and Date survive (${process.env.MONGO_URL ? 'real MongoDB' : 'wire stand-in'})`, async () => {
    const created = await postJson('/people', { name: 'Ada', born: '1815-12-10T00:00:00.000Z' })
    expect(created.status).toBe(200)
    expect(created.body.id).toMatch(/^[0-9a-f]{24}$/)
    const found = await json(`/people/${created.body.id}`)
    expect(found.body).toEqual({ name: 'Ada', bornIsDate: true, born: '1815-12-10T00:00:00.000Z', id: created.body.id })
  })

  it('js_periodic reaches the sidecar with ngx.fetch over TCP (no request there)', async () => {
    const runs = await eventually(async () => Number(await reader.get('periodic-runs')) >= 2 && Number(await reader.get('periodic-runs')), 5000, 'periodic runs')
    expect(runs).toBeGreaterThanOrEqual(2)
  })

  it('both transports work from a request', async () => {
    expect((await json('/rt/subrequest')).body).toBe('ok')
    expect((await json('/rt/fetch')).body).toBe('ok')
  })
})

describe('the sidecar is private', () => {
  it('the public server does not expose /_tresty/sidecar/ (internal location → 404)', async () => {
    for (const [method, path] of [
      ['GET', '/_tresty/sidecar/health'], ['POST', '/_tresty/sidecar/redis/call'], ['POST', '/_tresty/sidecar/tasks/enqueue'],
      ['GET', '/_tresty/sidecar/tasks/1'], ['GET', '/_tresty/sidecar/'], ['GET', '/_tresty/sidecar/../sidecar/health'],
      ['GET', '/_tresty//sidecar/health'], ['GET', '/_tresty/sidecar%2Fhealth'], ['GET', '/%5Ftresty/sidecar/health'],
    ]) {
      const res = await s.nginx.fetch(path, { method, body: method === 'POST' ? '{"command":"FLUSHALL"}' : undefined })
      const text = await res.text()
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(text, `${method} ${path}`).not.toMatch(/"ok":|"redis":/)
    }
    expect(await reader.dbsize()).toBeGreaterThan(0)
  })
})
