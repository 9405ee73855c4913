/** The login example (examples/login/app.ts) through nginx, as a browser would use it (every engine row). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { CookieJar } from '../support/cookie-jar.ts'

let s: TestServer
beforeAll(async () => { s = await startApp({ app: 'examples/login/app.ts' }) })
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
})

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

async function browse(jar: CookieJar, method: string, path: string, form?: Record<string, string>, accept = HTML) {
  const headers: Record<string, string> = { accept }
  if (jar.header()) headers.cookie = jar.header()
  if (form) headers['content-type'] = 'application/x-www-form-urlencoded'
  const res = await s.fetch(path, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual' })
  jar.store(res)
  return { status: res.status, headers: res.headers, text: await res.text() }
}

const tokenIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1]
const flashesIn = (page: string) => [...page.matchAll(/<li class="flash (\w+)">([^<]*)<\/li>/g)].map((m) => `${m[1]}: ${m[2]}`)

describe('examples/login/app.ts', () => {
  it('shows a TSX login form with a CSRF token and security headers', async () => {
    const jar = new CookieJar()
    const page = await browse(jar, 'GET', '/login')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'")
    expect(page.text).toMatch(/^<!DOCTYPE html><html lang="en">/)
    expect(page.text).toMatch(/<form method="post" action="\/login"><input type="hidden" name="_csrf" value="[A-Za-z0-9_.-]+">/)
    expect(jar.values.sid_data).toBeDefined() // the token's secret lives in the session
  })

  it('refuses a login without a valid CSRF token (403)', async () => {
    const jar = new CookieJar()
    await browse(jar, 'GET', '/login')
    expect((await browse(jar, 'POST', '/login', { email: 'ann@example.com', password: 'correct horse battery' })).status).toBe(403)
    expect((await browse(jar, 'POST', '/login', { _csrf: 'forged.token', email: 'ann@example.com', password: 'correct horse battery' })).status).toBe(403)
    // A token from another visitor's page does not work either.
    const other = new CookieJar()
    const theirs = tokenIn((await browse(other, 'GET', '/login')).text)
    expect((await browse(jar, 'POST', '/login', { _csrf: theirs, email: 'ann@example.com', password: 'correct horse battery' })).status).toBe(403)
  })

  it('shows validation errors on the form (422), escaping what was typed', async () => {
    const jar = new CookieJar()
    const token = tokenIn((await browse(jar, 'GET', '/login')).text)
    const bad = await browse(jar, 'POST', '/login', { _csrf: token, email: '"><script>alert(1)</script>', password: 'short' })
    expect(bad.status).toBe(422)
    expect(bad.text).toMatch(/<span class="error" data-for="email">must be a valid email address<\/span>/)
    expect(bad.text).toMatch(/<span class="error" data-for="password">must be at least 8 characters<\/span>/)
    expect(bad.text).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
    expect(bad.text).not.toContain('<script>')
    const missing = await browse(jar, 'POST', '/login', { _csrf: tokenIn(bad.text) })
    expect(missing.status).toBe(422)
    expect(missing.text).toMatch(/data-for="email">is required</)
    const wrong = await browse(jar, 'POST', '/login', { _csrf: tokenIn(missing.text), email: 'ann@example.com', password: 'wrong password' })
    expect(wrong.status).toBe(401)
    expect(wrong.text).toMatch(/data-for="form">Wrong e-mail or password</)
    expect(wrong.text).toContain('value="ann@example.com"')
  })

  it('signs in (new session, flash across the redirect), serves HTML or JSON, signs out', async () => {
    const jar = new CookieJar()
    const token = tokenIn((await browse(jar, 'GET', '/login')).text)
    const before = jar.values.sid_data
    const login = await browse(jar, 'POST', '/login', { _csrf: token, email: ' ann@example.com ', password: 'correct horse battery' })
    expect(login.status).toBe(303)
    expect(login.headers.get('location')).toMatch(/\/$/)
    expect(jar.values.sid_data).not.toBe(before)
    const [, pub] = jar.values.sid.split('.')
    expect(JSON.parse(Buffer.from(pub, 'base64url').toString())).toEqual({ name: 'Ann' }) // what page scripts can read

    const home = await browse(jar, 'GET', '/')
    expect(home.text).toContain('<h1>Hello, Ann</h1>')
    expect(flashesIn(home.text)).toEqual(['info: Welcome back, Ann'])
    expect(home.headers.get('vary')).toBe('Accept')
    const again = await browse(jar, 'GET', '/')
    expect(flashesIn(again.text)).toEqual([])
    const api = await browse(jar, 'GET', '/', undefined, 'application/json')
    expect(JSON.parse(api.text)).toEqual({ user: { name: 'Ann', email: 'ann@example.com' }, messages: {} })

    const stolen = jar.clone()
    const logout = await browse(jar, 'POST', '/logout', { _csrf: tokenIn(again.text) })
    expect(logout.status).toBe(303)
    expect(logout.headers.get('location')).toMatch(/\/login$/)
    const after = await browse(jar, 'GET', '/login')
    expect(flashesIn(after.text)).toEqual(['info: You are signed out'])
    expect((await browse(jar, 'GET', '/')).text).toContain('<h1>Hello, stranger</h1>')
    // The logout form's token died with the session.
    expect((await browse(jar, 'POST', '/logout', { _csrf: tokenIn(again.text) })).status).toBe(403)
    // No revoke zone in this example: a copy of the cookies taken before logout still opens
    // (see docs/sessions.md, "Revocation", for the shared-dict zone that refuses it).
    expect((await browse(stolen, 'GET', '/')).text).toContain('<h1>Hello, Ann</h1>')
  })

  it('answers 406 to a client that takes neither HTML nor JSON', async () => {
    expect((await browse(new CookieJar(), 'GET', '/', undefined, 'image/png')).status).toBe(406)
  })
})
