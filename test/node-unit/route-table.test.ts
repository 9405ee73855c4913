/**
 * The route table the build writes (bundle.ts) and nginx preloads on the njs engine: a router
 * on a table routes like the router it came from, and an app uses a table only while its own
 * declarations agree with it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createRouter, type RouteTable } from '../../src/njs/router/router.ts'
import { app } from '../../src/njs/app.ts'
import { bundle } from '../../src/node/bundler/bundle.ts'
import { linesArray } from '../../src/shared/lines.ts'

const ROUTES: [string, string][] = [
  ['GET', '/page/:[a-z]+'], ['GET', '/page/:.*'], ['GET', '/page/:\\d+'], ['GET', '/page/near'],
  ['GET', '/:p([a-z]+)/:\\d(\\d)'], ['POST', '/page/near'], ['*', '/any/:x'], ['GET', '/num/:id{\\d+}'],
]

/** What nginx preloads: the table as JSON (no prototypes to worry about: keys are prefixed). */
function roundTrip(t: RouteTable): RouteTable {
  return JSON.parse(JSON.stringify(t))
}

describe('a router on a route table', () => {
  const eager = createRouter<string>()
  for (const [m, p] of ROUTES) eager.add(m, p, `${m} ${p}`)
  const table = createRouter<string>(roundTrip(eager.table()), (i) => `${ROUTES[i][0]} ${ROUTES[i][1]}`)

  it('matches what the router it came from matches', () => {
    for (const [m, p] of [['GET', '/page/near'], ['GET', '/page/last'], ['GET', '/page/123'], ['GET', '/past/56'],
      ['HEAD', '/page/near'], ['DELETE', '/any/1'], ['GET', '/num/42'], ['GET', '/nothing']]) {
      const a = eager.match(m, p), b = table.match(m, p)
      expect(b && b.route && { value: b.route.value, path: b.route.path, match: b.match, params: b.params })
        .toEqual(a && a.route && { value: a.route.value, path: a.route.path, match: a.match, params: a.params })
    }
  })

  it('answers wrong-method with the same Allow, and takes no new routes', () => {
    expect(table.match('PUT', '/page/near')).toEqual({ route: null, allow: 'GET, HEAD, POST' })
    expect(() => table.add('GET', '/x', 'x')).toThrow(/no new routes/)
  })
})

describe('an app with a preloaded table', () => {
  const g = globalThis as any
  afterEach(() => { delete g.__TRESTY_ROUTE_TABLE__; delete g.tresty_routes_test })

  function declare(a: any, extra?: string) {
    a.use((q: any) => q.next())
    a.get('/a/:id', (q: any) => `a ${q.params.id}`)
    const v = a.route('/v1')
    v.use((q: any) => q.next('mw'))
    v.post('/b', (q: any, r: any, x: string) => `b ${x}`)
    if (extra) a.get(extra, () => 'extra')
  }

  /** Preloads `built`'s table for the next app() call (a table names the app() call it is for). */
  function withTableOf(built: any) {
    const table = roundTrip(built._table()) as any
    table.app++
    g.__TRESTY_ROUTE_TABLE__ = 'tresty_routes_test'
    g.tresty_routes_test = table
  }

  it('routes on the table and puts each route\'s handlers together when it matches', () => {
    const built = app() as any
    declare(built)
    withTableOf(built)
    const a = app() as any
    declare(a)
    expect(a.router.table()).toBe(g.tresty_routes_test)
    const found = a.router.match('POST', '/v1/b')
    expect(found.route.path).toBe('/v1/b')
    expect(found.route.value.length).toBe(2)
    expect(found.route.value[1]({}, {}, 'x')).toBe('b x')
  })

  it('falls back to building its own router when its declarations differ from the table', () => {
    const built = app() as any
    declare(built)
    withTableOf(built)
    const a = app() as any
    declare(a, '/c')
    expect(a.router.table()).not.toBe(g.tresty_routes_test)
    expect(a.router.match('GET', '/c').route.path).toBe('/c')
  })

  it('is written beside the bundle by the build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tresty-table-'))
    try {
      const out = await bundle(resolve(import.meta.dirname, '../apps/core-app.ts'), dir)
      expect(out.routes).toMatchObject({ global: 'tresty_routes_core_app' })
      const t = JSON.parse(readFileSync((out.routes as { file: string }).file, 'utf8'))
      expect(linesArray(t.rpath)).toContain('/hello/:name')
      expect(t.app).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
