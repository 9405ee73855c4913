/**
 * tresty/stats in a real nginx with two workers: atomic writes from both, label escaping, the
 * series limit, `_delta` from js_periodic, per-route metrics from the log phase, and /metrics
 * parsed by a Prometheus text-format parser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import parsePrometheus from 'parse-prometheus-text-format'
import { startApp, type TestServer } from '../support/nginx.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'

let s: TestServer
let spreadPort: number

beforeAll(async () => {
  spreadPort = await freePort()
  s = await startApp({
    app: 'test/apps/stats-app.ts',
    workers: 2,
    statsInterval: '300ms',
    server: `        listen 127.0.0.1:${spreadPort} reuseport;`,
  })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function eventually(check: () => Promise<boolean>, ms: number, what: string) {
  const until = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms`)
    await sleep(50)
  }
}

function get(path: string, headers: Record<string, string> = {}, port?: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`http://127.0.0.1:${port ?? s.port}${path}`, { agent: false, headers }, (res) => {
      let text = ''
      res.on('data', (c) => { text += c })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
    req.end()
  })
}

interface Sample { name: string; labels: Record<string, string>; value: number }

/**
 * The exposition text checked line by line against the format's grammar (names, label syntax
 * and escapes, one TYPE per family before its samples, each family in one block), then parsed
 * by parse-prometheus-text-format. Returns every sample.
 */
function scrape(text: string): { samples: Sample[]; types: Map<string, string> } {
  expect(text.endsWith('\n')).toBe(true)
  const families = parsePrometheus(text)
  expect(families.length).toBeGreaterThan(0)
  const types = new Map<string, string>()
  const closed = new Set<string>()
  let current = ''
  const samples: Sample[] = []
  const familyOf = (name: string) => {
    for (const suffix of ['_bucket', '_sum', '_count']) {
      const base = name.slice(0, -suffix.length)
      if (name.endsWith(suffix) && types.get(base) === 'histogram') return base
    }
    return name
  }
  const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (\S+)$/
  for (const line of text.slice(0, -1).split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line)
    if (type) {
      expect(types.has(type[1]), `second TYPE for ${type[1]}`).toBe(false)
      types.set(type[1], type[2])
      if (current) closed.add(current)
      current = type[1]
      continue
    }
    if (line.startsWith('# HELP ')) continue
    const m = SAMPLE.exec(line)
    expect(m, `not a valid sample line: ${JSON.stringify(line)}`).not.toBeNull()
    const family = familyOf(m![1])
    expect(family, `sample ${m![1]} outside its family block`).toBe(current)
    expect(closed.has(family)).toBe(false)
    const labels: Record<string, string> = {}
    for (const l of (m![3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c))
    }
    const value = m![4] === '+Inf' ? Infinity : m![4] === '-Inf' ? -Infinity : Number(m![4])
    expect(Number.isNaN(value) && m![4] !== 'NaN').toBe(false)
    samples.push({ name: m![1], labels, value })
  }
  // The npm parser saw the same families and label values.
  const names = new Set(families.map((f: any) => f.name))
  for (const name of types.keys()) expect(names.has(name)).toBe(true)
  return { samples, types }
}

async function metrics() {
  const res = await get('/metrics')
  expect(res.status).toBe(200)
  return scrape(res.text)
}

const find = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples.find((x) => x.name === name && Object.keys(labels).every((k) => x.labels[k] === labels[k]))?.value

describe('stat.incr and /metrics', () => {
  it('sums atomically across both workers; renders key, _count, _delta, _avg', async () => {
    const res = await Promise.all(Array.from({ length: 60 }, (_, i) => get('/incr/orders?shop=a', { 'x-value': String(i % 3 + 1) }, spreadPort)))
    expect(new Set(res.map((r) => JSON.parse(r.text).pid)).size).toBe(2)
    const { samples, types } = await metrics()
    expect(types.get('orders')).toBe('counter')
    expect(types.get('orders_count')).toBe('counter')
    expect(types.get('orders_avg')).toBe('gauge')
    expect(find(samples, 'orders', { shop: 'a' })).toBe(120)
    expect(find(samples, 'orders_count', { shop: 'a' })).toBe(60)
    expect(find(samples, 'orders_avg', { shop: 'a' })).toBe(2)
    // `_delta` comes with the first interval the series lives through.
    await eventually(async () => {
      const m = await metrics()
      return m.types.get('orders_delta') === 'gauge' && find(m.samples, 'orders_delta', { shop: 'a' }) !== undefined
    }, 2000, 'orders_delta to appear')
  })

  it('computes _delta per interval in js_periodic', async () => {
    const delta = async () => find((await metrics()).samples, 'ticks_delta', { k: 'd' })
    // One write of 6: whichever interval it lands in shows a delta of 6, the next one 0.
    await get('/incr/ticks?k=d', { 'x-value': '6' })
    await eventually(async () => (await delta()) === 6, 2000, '_delta to show the write')
    await eventually(async () => (await delta()) === 0, 2000, '_delta to go back to 0')
    await get('/incr/ticks?k=d', { 'x-value': '4' })
    await eventually(async () => (await delta()) === 4, 2000, '_delta to show the second write')
    expect(find((await metrics()).samples, 'ticks', { k: 'd' })).toBe(10)
  })

  it('escapes label values and fixes invalid names', async () => {
    expect((await get('/weird')).status).toBe(200)
    const res = await get('/metrics')
    expect(res.text).toContain('x__reserved="x"')
    expect(res.text).toContain('path="a\\"b\\\\c\\nd"')
    const { samples } = scrape(res.text)
    expect(find(samples, 'weird', { path: 'a"b\\c\nd', bad_name: 'ü€', x__reserved: 'x', n: '5' })).toBe(2)
    expect(find(samples, '_9_bad_name', {})).toBe(1)
  })

  it('ignores non-finite values without failing the request', async () => {
    const res = await get('/incr/bad_value')
    expect(JSON.parse(res.text).kept).toBe(false)
  })
})

describe('histograms', () => {
  it('renders cumulative buckets, +Inf, _sum and _count', async () => {
    for (const v of [0.003, 0.02, 0.02, 0.7, 30]) await get(`/observe/db_seconds?v=${v}`)
    const { samples, types } = await metrics()
    expect(types.get('db_seconds')).toBe('histogram')
    const bucket = (le: string) => find(samples, 'db_seconds_bucket', { op: 'find', le })
    expect(bucket('0.005')).toBe(1)
    expect(bucket('0.01')).toBe(1)
    expect(bucket('0.025')).toBe(3)
    expect(bucket('0.5')).toBe(3)
    expect(bucket('1')).toBe(4)
    expect(bucket('10')).toBe(4)
    expect(bucket('+Inf')).toBe(5)
    expect(find(samples, 'db_seconds_count', { op: 'find' })).toBe(5)
    expect(find(samples, 'db_seconds_sum', { op: 'find' })).toBeCloseTo(30.743, 6)
  })
})

describe('per-route metrics from the log phase', () => {
  it('counts requests by route pattern, method and status, and times them', async () => {
    for (let i = 0; i < 4; i++) await get(`/users/${i}`)
    await get('/num/42')
    await get('/slow')
    await get('/boom')
    await get('/no/such/path')
    await sleep(100)
    const { samples, types } = await metrics()
    expect(find(samples, 'http_requests', { method: 'GET', route: '/users/:id', status: '200' })).toBe(4)
    expect(find(samples, 'http_requests', { method: 'GET', route: '/boom', status: '500' })).toBe(1)
    // A route pattern with a backslash comes out escaped (and parses back).
    expect(find(samples, 'http_requests', { method: 'GET', route: '/num/:id{\\d+}', status: '200' })).toBe(1)
    expect(find(samples, 'http_requests', { method: 'GET', route: '-', status: '404' })).toBeGreaterThanOrEqual(1)
    expect(types.get('http_request_duration_seconds')).toBe('histogram')
    expect(find(samples, 'http_request_duration_seconds_count', { method: 'GET', route: '/users/:id' })).toBe(4)
    // /slow takes 120 ms: above the 0.1 bucket.
    expect(find(samples, 'http_request_duration_seconds_bucket', { route: '/slow', le: '0.1' })).toBe(0)
    expect(find(samples, 'http_request_duration_seconds_bucket', { route: '/slow', le: '0.25' })).toBe(1)
    expect(find(samples, 'http_request_duration_seconds_sum', { route: '/slow' })).toBeGreaterThanOrEqual(0.11)
  })
})

describe('bounded cardinality', () => {
  it('drops writes to new series beyond maxSeries and counts them; existing series still count', async () => {
    const before = find((await metrics()).samples, 'tresty_stats_series', {})!
    const res = JSON.parse((await get('/many/400')).text)
    // The log phase of the scrape above may add a series or two of its own meanwhile.
    expect(res.kept).toBeLessThanOrEqual(300 - before)
    expect(res.kept).toBeGreaterThanOrEqual(300 - before - 4)
    const { samples } = await metrics()
    expect(find(samples, 'tresty_stats_series', {})).toBe(300)
    expect(find(samples, 'tresty_stats_dropped_total', {})).toBeGreaterThanOrEqual(400 - res.kept)
    expect(samples.filter((x) => x.name === 'many').length).toBe(res.kept)
    // An existing series keeps counting; a new one is dropped.
    expect(JSON.parse((await get('/incr/orders?shop=a')).text).kept).toBe(true)
    expect(JSON.parse((await get('/incr/orders?shop=new')).text).kept).toBe(false)
  })
})
