/** The dashboard's reading of the stats zone (src/node/dashboard/parse.ts), in Node. */
import { describe, expect, it } from 'vitest'
import { parseSeries, parseStats, routeRows } from '../../src/node/dashboard/parse.ts'

const req = (method: string, route: string, status: number): string => `http_requests{method="${method}",route="${route}",status="${status}"}`
const dur = (method: string, route: string): string => `http_request_duration_seconds{method="${method}",route="${route}"}`

describe('dashboard stats parsing', () => {
  it('unescapes label values as series.ts escaped them', () => {
    expect(parseSeries('x{route="/a\\"b\\\\c\\nd",method="GET"}')).toEqual({ name: 'x', labels: { route: '/a"b\\c\nd', method: 'GET' } })
    expect(parseSeries('plain')).toEqual({ name: 'plain', labels: {} })
  })

  it('joins counts, statuses and histograms per route, and counts unrouted requests apart', () => {
    const parsed = parseStats([
      ['v' + req('GET', '/users/:id', 200), 3], ['c' + req('GET', '/users/:id', 200), 3],
      ['v' + req('GET', '/users/:id', 404), 1],
      ['n' + dur('GET', '/users/:id'), 4], ['s' + dur('GET', '/users/:id'), 0.2],
      ['b' + dur('GET', '/users/:id') + '\t0.1', 1], ['b' + dur('GET', '/users/:id') + '\t0.005', 2],
      ['v' + req('GET', '-', 404), 7],
      ['#series', 5], ['#dropped', 0], ['#cache\thit\twords', 3], ['#cache\tmiss\twords', 1],
      ['vother_stat', 9],
    ])
    expect(parsed.routeMetrics).toBe(true)
    expect(parsed.series).toBe(5)
    expect(parsed.caches).toEqual([{ name: 'words', hits: 3, misses: 1, ratio: 0.75 }])
    const { routes, unrouted } = routeRows({ rmethod: ['GET', 'POST'], rpath: ['/users/:id', '/users'] }, parsed)
    expect(unrouted).toBe(7)
    expect(routes[0]).toEqual({
      method: 'GET', path: '/users/:id', requests: 4, statuses: { 200: 3, 404: 1 },
      // Sorted by bound; what no bound holds is the +Inf bucket.
      buckets: [['0.005', 2], ['0.1', 1], ['Inf', 1]], meanMs: 50,
    })
    expect(routes[1]).toMatchObject({ method: 'POST', path: '/users', requests: 0, meanMs: null, buckets: [] })
  })

  it('shows an any-method route under each method it served, and counted routes the table lacks', () => {
    const parsed = parseStats([['v' + req('PUT', '/any', 200), 2], ['v' + req('GET', '/any', 200), 1], ['v' + req('GET', '/late', 200), 1]])
    const { routes } = routeRows({ rmethod: ['*'], rpath: ['/any'] }, parsed)
    expect(routes.map((r) => `${r.method} ${r.path} ${r.requests}`)).toEqual(['PUT /any 2', 'GET /any 1', 'GET /late 1'])
    expect(routeRows({ rmethod: ['*'], rpath: ['/idle'] }, parseStats([])).routes).toEqual([
      { method: '*', path: '/idle', requests: 0, statuses: {}, buckets: [], meanMs: null },
    ])
  })
})
