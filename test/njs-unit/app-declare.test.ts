/**
 * Declarations on the app object (src/njs/app.ts) as they run in Node: `use()` takes named
 * parameters (no rest array: an `arguments` object per call on the njs engine) and `route()`
 * trims one trailing slash without a regex.
 */
import { describe, expect, it } from 'vitest'
import { app } from '../../src/njs/app.ts'

const h = (name: string) => Object.assign(() => name, { label: name })
const paths = (a: any) => a.router.routes().map((x: any) => `${x.method} ${x.route.path}`)

describe('app declarations', () => {
  it('use() keeps every handler in order, skips undefined ones, and refuses a 13th in one call', () => {
    const a: any = app()
    const [m1, m2, m3] = [h('m1'), h('m2'), h('m3')]
    a.use(m1, m2, m3).use(undefined as any, m1)
    expect(a._middleware).toEqual([m1, m2, m3, m1])
    a.use(m2, undefined as any, m3)
    expect(a._middleware).toEqual([m1, m2, m3, m1, m2, m3])
    const twelve = Array.from({ length: 12 }, (_, i) => h('x' + i))
    expect(() => a.use(...twelve)).not.toThrow()
    expect(() => a.use(...twelve, h('13th'))).toThrow(/at most 12 handlers/)
  })

  it('a group\'s use() adds to the handlers of the routes declared after it, in order', () => {
    const a: any = app()
    const [g1, g2, g3, r1] = [h('g1'), h('g2'), h('g3'), h('r1')]
    const api = a.route('/api')
    api.use(g1, g2).use(g3).get('/x', r1)
    expect(api._st.own).toEqual([g1, g2, g3])
    expect(a.router.match('GET', '/api/x').route.value).toEqual([g1, g2, g3, r1])
  })

  it('route() drops one trailing slash of its prefix, and nests', () => {
    const a: any = app()
    a.route('/api/').get('/x', h('x'))
    a.route('/v1').route('/deep/').get('/y', h('y'))
    a.route('/').get('/z', h('z'))
    expect(paths(a)).toEqual(['GET /api/x', 'GET /v1/deep/y', 'GET /z'])
  })
})
