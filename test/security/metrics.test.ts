/**
 * Client-controlled metric labels (issue 7, item 7), through real nginx on the row
 * TRESTY_RUNTIME names: invented request methods all count as `OTHER`, so they cannot grow the
 * series; client-chosen label values stop at maxSeries with one warning in the error log (not
 * one per request, no [crit] from a full zone), a dropped-series counter, and /metrics still
 * showing series that existed — and legitimate new ones while there is room.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startProbe, type Probe } from '../support/security-probe.ts'

let p: Probe
const MAX_SERIES = 400

beforeAll(async () => {
  p = await startProbe({ env: { TRESTY_TEST_MAX_SERIES: String(MAX_SERIES) } })
})
afterAll(async () => {
  p?.nginx.assertNoCrash()
  await p?.stop()
})

/** Runs `n` calls of `one(i)`, `width` at a time. */
async function flood(n: number, width: number, one: (i: number) => Promise<unknown>) {
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) await one(next++)
  }))
}

const metricsText = async () => (await p.json('/metrics')).text
const sample = (text: string, name: string) => {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)
  return m ? Number(m[1]) : NaN
}

describe('request methods as labels', () => {
  it('3000 invented methods make one OTHER series per route and status, and no error-log noise', async () => {
    // A seeded generator: the same methods every run.
    let seed = 7
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648)
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
    const method = () => Array.from({ length: 4 + (rnd() % 12) }, () => letters[rnd() % 26]).join('')
    await flood(3000, 16, async (i) => {
      const res = await p.nginx.fetch(i % 2 ? '/users/1' : '/nowhere', { method: `X${method()}` })
      await res.arrayBuffer()
    })
    const text = await metricsText()
    const methods = new Set([...text.matchAll(/http_requests_count\{method="([^"]*)"/g)].map((m) => m[1]))
    expect([...methods].sort()).toEqual(['OTHER'])
    expect(sample(text, 'tresty_stats_dropped_total')).toBe(0)
    expect(sample(text, 'tresty_stats_series')).toBeLessThan(10)
    const log = p.nginx.errorLog()
    expect(log).not.toMatch(/\[crit\]/)
    expect(log.split('\n').length).toBeLessThan(50)
  })

  it('known methods keep their own label; a new route still gets its series', async () => {
    await (await p.nginx.fetch('/users/2', { method: 'DELETE' })).arrayBuffer()
    await (await p.nginx.fetch('/ping')).arrayBuffer()
    const text = await metricsText()
    expect(text).toMatch(/http_requests_count\{method="DELETE",route="-",status="405"\} 1/)
    expect(text).toMatch(/http_requests_count\{method="GET",route="\/ping",status="200"\} 1/)
  })
})

describe('client-chosen label values', () => {
  it(`stop at maxSeries (${MAX_SERIES}): one warning, a dropped counter, [crit] never`, async () => {
    await flood(2000, 16, async (i) => {
      const res = await p.nginx.fetch(`/label/v${i}-${'x'.repeat(200)}`)
      await res.arrayBuffer()
    })
    const text = await metricsText()
    expect(sample(text, 'tresty_stats_series')).toBeLessThanOrEqual(MAX_SERIES)
    expect(sample(text, 'tresty_stats_dropped_total')).toBeGreaterThan(1000)
    const log = p.nginx.errorLog()
    expect(log).not.toMatch(/\[crit\]/)
    expect(log.match(/tresty stats: zone "tresty_stats" holds/g) ?? []).toHaveLength(1)
    expect(log.split('\n').length).toBeLessThan(60)
    // Series admitted before the limit are all still there, and counting.
    expect(text).toMatch(/probe_hits_count\{v="v0-x+"\} 1/)
    await (await p.nginx.fetch('/label/v0-' + 'x'.repeat(200))).arrayBuffer()
    expect(await metricsText()).toMatch(/probe_hits_count\{v="v0-x+"\} 2/)
  })
})
