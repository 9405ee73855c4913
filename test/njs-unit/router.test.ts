/** The router's rules, checked directly under Node (the same cases run through nginx in test/nginx/core.test.ts). */
import { describe, expect, it } from 'vitest'
import { createRouter, splitPath, type RouteMatch, type WrongMethod } from '../../src/njs/router/router.ts'

/** A match the test knows was found. */
const hit = <T>(m: RouteMatch<T> | WrongMethod | null) => m as RouteMatch<T>

function router(paths: [string, string][]) {
  const r = createRouter<string>()
  for (const [method, path] of paths) r.add(method, path, `${method} ${path}`)
  return r
}

describe('splitPath', () => {
  it('ignores one trailing slash and keeps inner empty segments', () => {
    expect(splitPath('/')).toEqual([])
    expect(splitPath('/a/b/')).toEqual(['a', 'b'])
    expect(splitPath('/a//b')).toEqual(['a', '', 'b'])
  })
})

describe('createRouter', () => {
  const r = router([
    ['GET', '/page/:[a-z]+'], ['GET', '/page/:.*'], ['GET', '/page/:\\d+'], ['GET', '/page/near'],
    ['GET', '/:p([a-z]+)/:\\d(\\d)'], ['POST', '/page/near'], ['*', '/any/:x'],
  ])

  it('matches Losty\'s documented example', () => {
    expect(hit(r.match('GET', '/page/near')).route.value).toBe('GET /page/near')
    expect(hit(r.match('GET', '/page/last')).match).toEqual(['last'])
    expect(hit(r.match('GET', '/page/123')).route.path).toBe('/page/:.*')
    expect(hit(r.match('GET', '/past/56')).match).toEqual(['past', 'ast', '56', '6'])
  })

  it('serves HEAD from GET and any method from all()', () => {
    expect(hit(r.match('HEAD', '/page/near')).route.value).toBe('GET /page/near')
    expect(hit(r.match('DELETE', '/any/1')).params).toEqual({ x: '1' })
  })

  it('answers wrong-method with Allow when only the method is wrong, null when the path is unknown', () => {
    expect(r.match('PUT', '/page/near')).toEqual({ route: null, allow: 'GET, HEAD, POST' })
    expect(r.match('GET', '/nothing/here/at/all')).toBeNull()
  })

  it('never lets a pattern match a slash, and anchors the whole segment', () => {
    const s = router([['GET', '/f/:\\d+']])
    expect(s.match('GET', '/f/12')).not.toBeNull()
    expect(s.match('GET', '/f/12a')).toBeNull()
    expect(s.match('GET', '/f/1/2')).toBeNull()
  })

  it('rejects duplicate routes, bad patterns and relative paths at declaration', () => {
    const s = router([['GET', '/a']])
    expect(() => s.add('GET', '/a', 'x')).toThrow(/twice/)
    expect(() => s.add('GET', '/b/:(', 'x')).toThrow(/bad pattern/)
    expect(() => s.add('GET', 'c', 'x')).toThrow(/start with/)
  })

  it('restores captures when it backtracks', () => {
    const s = router([['GET', '/:([a-z])x/end'], ['GET', '/:(\\w+)/other']])
    expect(hit(s.match('GET', '/bx/other')).match).toEqual(['bx', 'bx'])
  })
})

describe('the cache of answers (where the router outlives a request: QuickJS)', () => {
  function reused(routes: [string, string][]) {
    const r = createRouter<string>(undefined, undefined, true)
    for (const [m, p] of routes) r.add(m, p, `${m} ${p}`)
    return r
  }

  it('answers a repeated path as the walk did, and a changed answer never reaches the next request', () => {
    const r = reused([['GET', '/u/:id/:(\\d+)x']])
    const first = hit(r.match('GET', '/u/7/12x'))
    expect(first).toMatchObject({ params: { id: '7' }, match: ['7', '12x', '12'] })
    // what a handler may do to q.params and q.match
    first.params.id = 'changed'
    first.match.push('extra')
    for (let i = 0; i < 3; i++) {
      const again = hit(r.match('GET', '/u/7/12x'))
      expect(again).toMatchObject({ params: { id: '7' }, match: ['7', '12x', '12'] })
      again.params.id = 'x' + i
      again.match.length = 0
    }
    // find() hands out the cached captures frozen: whoever passes them on copies them
    expect(r.find('GET', '/u/7/12x')).toBe(0)
    expect(Object.isFrozen(r.captures)).toBe(true)
    expect(() => { (r.captures as string[]).push('x') }).toThrow()
  })

  it('keys hostile segments like any other (no prototype in the cache)', () => {
    const r = reused([['GET', '/p/:name'], ['GET', '/lit']])
    for (let round = 0; round < 3; round++) {
      for (const seg of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
        expect(hit(r.match('GET', `/p/${seg}`)).params).toEqual({ name: seg })
        expect(r.match('GET', `/${seg}`)).toBeNull()
      }
      expect(r.match('GET', '/lit/__proto__')).toBeNull()
    }
  })

  it('forgets its answers when a route is added (a literal beats the pattern that answered before)', () => {
    const r = reused([['GET', '/a/:x']])
    expect(hit(r.match('GET', '/a/b')).route.value).toBe('GET /a/:x')
    expect(hit(r.match('GET', '/a/b')).route.value).toBe('GET /a/:x')
    r.add('GET', '/a/b', 'GET /a/b')
    expect(hit(r.match('GET', '/a/b')).route.value).toBe('GET /a/b')
  })

  it('keeps the method in the key, caches no miss or wrong method, and stays right past its size and for long paths', () => {
    const r = reused([['GET', '/n/:id'], ['POST', '/n/:id']])
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 700; i++) {
        expect(hit(r.match('GET', `/n/${i}`)).route.value).toBe('GET /n/:id')
        expect(hit(r.match('POST', `/n/${i}`)).params).toEqual({ id: String(i) })
      }
      expect(r.match('PUT', '/n/1')).toEqual({ route: null, allow: 'GET, HEAD, POST' })
      expect(r.match('GET', '/nothing')).toBeNull()
      const long = 'x'.repeat(300)
      expect(hit(r.match('GET', `/n/${long}`)).params).toEqual({ id: long })
      expect(hit(r.match('HEAD', '/n/5')).route.value).toBe('GET /n/:id')
    }
  })
})
