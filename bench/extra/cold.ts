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
import { registerTarget, type TargetSetup } from '../targets.ts'

const HELLO = '{"message":"Hello, World!","id":"42"}'
const COLD = '        js_context_reuse 0;'

registerTarget({ name: 'cold-raw', title: 'raw handler, fresh context per request', app: 'bench/apps/raw.ts', path: '/json/42',
  expect: { body: HELLO }, notTresty: true, rows: ['qjs-1.0'], group: 'cold', connections: 10, server: COLD })
registerTarget({ name: 'cold-100', title: 'tresty 100 routes, fresh context per request', app: 'bench/apps/routes-100.ts', path: '/json/42',
  expect: { body: HELLO }, rows: ['qjs-1.0'], group: 'cold', connections: 10, server: COLD })
registerTarget({ name: 'cold-10k', title: 'tresty 10,000 routes, fresh context per request', app: 'bench/apps/routes-10k.ts', path: '/json/42',
  expect: { body: HELLO }, rows: ['qjs-1.0'], group: 'cold', connections: 10, server: COLD })

/** Fills the pool before the rounds: 200 requests at once, each holding a context for 20 ms. */
const fillPool = async (): Promise<TargetSetup> => ({
  async warm(url: string) {
    const all = []
    for (let i = 0; i < 200; i++) all.push(fetch(url, { signal: AbortSignal.timeout(600_000) }).then((res) => res.text()))
    await Promise.all(all)
  },
})

registerTarget({ name: 'pool-raw', title: 'raw handler, 20 ms timer, 200 concurrent', app: 'bench/apps/raw-slow.ts', path: '/slow/42',
  expect: { body: HELLO }, notTresty: true, rows: ['qjs-1.0'], group: 'cold', connections: 200, setup: fillPool })
registerTarget({ name: 'pool-100', title: 'tresty 100 routes, 20 ms timer, 200 concurrent', app: 'bench/apps/pool-100.ts', path: '/slow/42',
  expect: { body: HELLO }, rows: ['qjs-1.0'], group: 'cold', connections: 200, setup: fillPool })
registerTarget({ name: 'pool-10k', title: 'tresty 10,000 routes, 20 ms timer, 200 concurrent', app: 'bench/apps/pool-10k.ts', path: '/slow/42',
  expect: { body: HELLO }, rows: ['qjs-1.0'], group: 'cold', connections: 200, setup: fillPool })
