/**
 * QuickJS contexts (issue 12): `npm run bench -- --cold`, on the qjs-1.0 row.
 *
 * - cold-*: `js_context_reuse 0`, so every request gets a fresh context (a new QuickJS runtime
 *   that evaluates the whole bundle): what each nginx reload, each dropped context and each
 *   request beyond the pool pays. wrk -c10.
 * - pool-*: the default pool (js_context_reuse 128) under 200 concurrent requests that each hold
 *   their context for 20 ms (GET /slow/42): the pool fills, the requests beyond it pay a cold
 *   context each; the worker's RSS afterwards is what a full pool weighs.
 */
import { registerTarget, type BenchTarget, type TargetSetup } from '../targets.ts'
import { literalAppFile } from '../apps/make-literal-apps.mjs'

const HELLO = '{"message":"Hello, World!","id":"42"}'

/** Fills the pool before the rounds: 200 requests at once, each holding a context for 20 ms. */
const fillPool = async (): Promise<TargetSetup> => ({
  async warm(url: string) {
    const all = []
    for (let i = 0; i < 200; i++) all.push(fetch(url, { signal: AbortSignal.timeout(600_000) }).then((res) => res.text()))
    await Promise.all(all)
  },
})

const target = (name: string, title: string, app: string, path: string, more: Partial<BenchTarget>) => registerTarget({
  name, title, app: app.startsWith('/') ? app : `bench/apps/${app}.ts`, path, expect: { body: HELLO }, rows: ['qjs-1.0'], group: 'cold', ...more,
})
const cold = (name: string, title: string, app: string, notTresty = false) =>
  target(name, `${title}, fresh context per request`, app, '/json/42', { notTresty, connections: 10, server: '        js_context_reuse 0;' })
const pool = (name: string, title: string, app: string, notTresty = false) =>
  target(name, `${title}, 20 ms timer, 200 concurrent`, app, '/slow/42', { notTresty, connections: 200, setup: fillPool })

cold('cold-raw', 'raw handler', 'raw', true)
cold('cold-100', 'tresty 100 routes', 'routes-100')
cold('cold-10k', 'tresty 10,000 routes', literalAppFile(10000))
pool('pool-raw', 'raw handler', 'raw-slow', true)
pool('pool-100', 'tresty 100 routes', 'pool-100')
pool('pool-10k', 'tresty 10,000 routes', 'pool-10k')
