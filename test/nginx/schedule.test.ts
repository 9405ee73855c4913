/**
 * tresty/schedule in a real nginx with two workers: jobs fire on js_periodic at their times,
 * each fire time runs once although three ticks compete for it (the generated one on worker 0
 * and an extra one on every worker), a throwing job is logged and does not stop the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startApp, type TestServer } from '../support/nginx.ts'

let s: TestServer

beforeAll(async () => {
  s = await startApp({
    app: 'test/apps/schedule-app.ts',
    workers: 2,
    // A second tick on both workers: claims must keep every fire time to one run.
    server: '        location @tresty_schedule_all { js_periodic app.scheduleTick interval=1s worker_affinity=all; }',
  })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function runs(name: string): Promise<{ n: number; fires: Record<string, number> }> {
  return (await s.fetch(`/runs/${name}`)).json() as any
}

describe('scheduled jobs through nginx', () => {
  it('the generated config has the tick location (the manifest recorded the jobs)', () => {
    const conf = readFileSync(join(s.prefix, 'nginx.conf'), 'utf8')
    expect(conf).toMatch(/location @tresty_schedule \{ js_periodic app\.scheduleTick interval=1s; \}/)
    const manifest = JSON.parse(readFileSync(join(s.prefix, 'js', 'schedule-app.routes.json'), 'utf8'))
    expect(manifest.schedules.map((j: any) => j.name)).toEqual(['boom', 'every', 'async', 'yearly'])
  })

  it('a job runs at its fire times, each fire time once, with three competing ticks', async () => {
    const until = Date.now() + 15_000
    while ((await runs('every')).n < 3 && Date.now() < until) await sleep(200)
    const r = await runs('every')
    expect(r.n).toBeGreaterThanOrEqual(3)
    const times = Object.keys(r.fires).map(Number)
    expect(times.length).toBe(r.n)
    for (const t of times) {
      expect(r.fires[t]).toBe(1)
      expect(t % 1000).toBe(0) // whole seconds: fire times, not tick times
    }
  })

  it('an async job runs on its own times (@every 2s: even seconds)', async () => {
    const until = Date.now() + 15_000
    while ((await runs('async')).n < 2 && Date.now() < until) await sleep(200)
    const r = await runs('async')
    expect(r.n).toBeGreaterThanOrEqual(2)
    for (const t of Object.keys(r.fires).map(Number)) {
      expect(r.fires[t]).toBe(1)
      expect(t % 2000).toBe(0)
    }
  })

  it('a throwing job is logged with its name and does not stop the others; a far-off job does not run', async () => {
    expect(s.errorLog()).toMatch(/tresty schedule: 'boom' failed \(run for \d{4}-[^)]*\): .*boom on purpose/)
    const before = (await runs('every')).n
    const until = Date.now() + 10_000
    while ((await runs('every')).n <= before && Date.now() < until) await sleep(200)
    expect((await runs('every')).n).toBeGreaterThan(before)
    expect((await runs('yearly')).n).toBe(0)
  })
})
