/**
 * Guards fail closed (issue 7, items 1 and 2): the generated config runs every declared guard,
 * guards decide on the path nginx routes on whatever its spelling, and a guarded path that
 * reaches the content phase without passing the access phase is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { rawGet } from '../support/raw-http.ts'
import { guardLocations, GuardConfigError } from '../../src/node/runtime/nginx-conf.ts'
import { normalisePath } from '../../src/njs/guard-path.ts'

const AUTH = 'Authorization: Bearer ok'

// Spellings of /admin/stats (and of /admin) a client might try; nginx routes all of them
// on a normalised path, or refuses them itself.
const SPELLINGS = [
  '/admin/stats', '//admin/stats', '///admin//stats', '/./admin/stats', '/x/../admin/stats', '/%2e/admin/stats',
  '/%2E%2E/admin/stats', '/x/%2e%2e/admin/stats', '/%2Fadmin/stats', '/admin%2Fstats', '/%2F../admin/stats',
  '/admin/./stats', '/admin/stats/', '/admin/stats/.', '/admin/stats/x/..', '/%61dmin/stats', '/admin/%73tats',
  '/ADMIN/stats', '/Admin/stats', '/admin./stats', '/admin/stats.', '/admin', '/admin/', '/admin/.', '/admin?x=1',
  '/admin/stats?a=/public', '/admin/stats#frag', 'http://a//admin/stats', 'http://a/admin/stats', 'http://a/./admin/stats',
]

describe('guards through the generated config', () => {
  let s: TestServer
  beforeAll(async () => { s = await startApp({ app: 'test/apps/request-path-probe-app.ts' }) })
  afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

  it('refuses every spelling of a guarded path without credentials', async () => {
    const served: string[] = []
    for (const target of SPELLINGS) {
      const res = await rawGet(s.port, target)
      if (res.status === 200 || res.status >= 500) served.push(`${target} → ${res.status}`)
    }
    expect(served).toEqual([])
    expect(s.errorLog()).not.toMatch(/did not pass the access phase/)
  })

  it('lets the same spellings through with credentials (the guard saw the routed path)', async () => {
    for (const target of ['/admin/stats', '//admin/stats', '/./admin/stats', '/x/../admin/stats', '/%2e/admin/stats',
      '/admin/stats/', 'http://a//admin/stats', '/admin', '/admin/']) {
      const res = await rawGet(s.port, target, 'GET', [AUTH])
      expect([target, res.status]).toEqual([target, 200])
      expect(res.head).toMatch(/X-Mw: seen/i)
    }
    expect((await s.fetch('/admin/stats', { headers: { Authorization: 'Bearer bad' } })).status).toBe(403)
    expect((await s.fetch('/public')).status).toBe(200)
  })

  it('never shows the access handler\'s header to the client', async () => {
    const res = await rawGet(s.port, '/admin/stats', 'GET', [AUTH, 'X-Tresty-Guard: %2Fadmin%2Fstats'])
    expect(res.status).toBe(200)
    expect(res.head).not.toMatch(/x-tresty-guard/i)
  })
})

describe('a guarded path served by a location without guard.conf', () => {
  let s: TestServer
  beforeAll(async () => {
    // A regex location wins over the generated prefix location and forgets the guard.
    s = await startApp({ app: 'test/apps/request-path-probe-app.ts', server: 'location ~ ^/adm { js_content app.content; }' })
  })
  afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

  it('is refused in the content phase with a loud error-log line', async () => {
    const res = await rawGet(s.port, '/admin/stats', 'GET', [AUTH])
    expect(res.status).toBe(500)
    expect(res.body).not.toMatch(/stats/)
    expect(s.errorLog()).toMatch(/\[error\].*refused GET \/admin\/stats: it is under an app\.guard\(\) prefix but did not pass the access phase.*guard\.conf/)
    // Other paths of that location are served as usual.
    expect((await rawGet(s.port, '/admx')).status).toBe(404)
  })
})

describe('a guard without a prefix', () => {
  let s: TestServer
  beforeAll(async () => { s = await startApp({ app: 'test/apps/guard-all-app.ts' }) })
  afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

  it('covers every path of the server', async () => {
    for (const target of ['/', '/data/1', '//data/1', '/nope', 'http://a/data/1']) {
      expect([target, (await rawGet(s.port, target)).status]).toEqual([target, 401])
    }
    expect((await rawGet(s.port, '/data/7', 'GET', [AUTH])).body).toBe('{"id":"7"}')
    expect((await rawGet(s.port, '/nope', 'GET', [AUTH])).status).toBe(404)
  })
})

describe('config checks at start', () => {
  it('wires a location per guard prefix, and the server for a prefix-less guard', () => {
    const g = guardLocations(['/admin', ''], '')
    expect(g.locations).toMatch(/location "\/admin\/" \{[^}]*guard\.conf/)
    expect(g.locations).toMatch(/location = "\/admin" \{[^}]*guard\.conf/)
    expect(g.server).toMatch(/include .*guard\.conf;/)
  })
  it('refuses a hand-written guarded location that does not run the guard', () => {
    expect(() => guardLocations(['/admin'], 'location /admin/ { js_content app.content; }')).toThrow(GuardConfigError)
    expect(() => guardLocations(['/admin'], 'location /admin/ { include x/guard.conf; js_content app.content; }')).not.toThrow()
  })
})

describe('normalisePath (the access phase\'s view of $uri)', () => {
  it('normalises as nginx does', () => {
    expect(normalisePath('//admin/stats')).toBe('/admin/stats')
    expect(normalisePath('/x/../admin/./stats?q=/y')).toBe('/admin/stats')
    expect(normalisePath('/%2e/admin%2Fstats')).toBe('/admin/stats')
    expect(normalisePath('http://a//admin/stats')).toBe('/admin/stats')
    expect(normalisePath('/admin/stats/.')).toBe('/admin/stats/')
    expect(normalisePath('/')).toBe('/')
    expect(() => normalisePath('/../x')).toThrow()
  })
})
