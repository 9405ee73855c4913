/** Encrypted client-side sessions, flash messages and CSRF in a real nginx (every engine row). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { CookieJar } from '../support/cookie-jar.ts'

let s: TestServer
beforeAll(async () => {
  s = await startApp({
    app: 'test/apps/session-app.ts',
    http: 'js_shared_dict_zone zone=sessions_revoked:1m timeout=1d;',
  })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
})

async function call(jar: CookieJar | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { ...headers }
  if (jar && jar.header()) h.cookie = jar.header()
  if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json'
  const res = await s.fetch(path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), redirect: 'manual' })
  if (jar) jar.store(res)
  const text = await res.text()
  let json: any = null
  try { json = JSON.parse(text) } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json }
}

async function loggedIn(path = '/s/set', data: Record<string, unknown> = { user: 'ann' }, extra: Record<string, unknown> = { name: 'Ann' }) {
  const jar = new CookieJar()
  const res = await call(jar, 'POST', path, { data, extra })
  expect(res.status).toBe(200)
  return jar
}

describe('sessions', () => {
  it('starts empty and sets no cookie until something is stored', async () => {
    const res = await call(new CookieJar(), 'GET', '/s/read')
    expect(res.json).toMatchObject({ isNew: true, data: {}, extra: {} })
    expect(res.headers.getSetCookie()).toEqual([])
  })

  it('round-trips data (encrypted, HttpOnly) and extra (readable, signed)', async () => {
    const jar = await loggedIn()
    const dataLine = jar.line('sid_data')!
    const pubLine = jar.line('sid')!
    expect(dataLine).toMatch(/HttpOnly/)
    expect(dataLine).toMatch(/SameSite=Lax/)
    expect(dataLine).toMatch(/Max-Age=3600/)
    expect(dataLine).not.toMatch(/Secure/) // plain http
    expect(pubLine).not.toMatch(/HttpOnly/)
    expect(jar.values.sid_data).not.toContain('ann')
    // What browser code sees: expiry, the extra as base64url JSON, the signature.
    const [exp, pub, sig] = jar.values.sid.split('.')
    expect(Number(exp)).toBeGreaterThan(Date.now() / 1000 + 3500)
    expect(JSON.parse(Buffer.from(pub, 'base64url').toString())).toEqual({ name: 'Ann' })
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const res = await call(jar, 'GET', '/s/read')
    expect(res.json).toMatchObject({ isNew: false, data: { user: 'ann' }, extra: { name: 'Ann' } })
    expect(res.headers.getSetCookie()).toEqual([]) // unchanged: not sealed again
    const more = await call(jar, 'POST', '/s/set', { data: { role: 'admin' } })
    expect(more.json.data).toEqual({ user: 'ann', role: 'admin' })
    expect((await call(jar, 'GET', '/s/read')).json.data).toEqual({ user: 'ann', role: 'admin' })
    expect((await call(jar, 'GET', '/s/twice')).json).toEqual({ same: true })
  })

  it('opens tampered, truncated, swapped or garbage cookies as an empty session', async () => {
    const ann = await loggedIn()
    const bob = await loggedIn('/s/set', { user: 'bob' }, { name: 'Bob' })
    const flip = (v: string, i: number) => v.slice(0, i) + (v[i] === 'A' ? 'B' : 'A') + v.slice(i + 1)
    const [exp, pub, sig] = ann.values.sid.split('.')
    const forged: Record<string, string>[] = [
      { sid: ann.values.sid, sid_data: flip(ann.values.sid_data, 20) },                 // ciphertext bit
      { sid: ann.values.sid, sid_data: ann.values.sid_data.slice(0, -10) },              // truncated
      { sid: ann.values.sid, sid_data: ann.values.sid_data.slice(0, 20) },               // shorter than IV+tag
      { sid: `${exp}.${pub}.${flip(sig, 5)}`, sid_data: ann.values.sid_data },           // signature
      { sid: `${exp}.${pub}`, sid_data: ann.values.sid_data },                           // signature missing
      { sid: `${Number(exp) + 1000}.${pub}.${sig}`, sid_data: ann.values.sid_data },     // longer expiry
      { sid: `${exp}.${Buffer.from('{"name":"Root"}').toString('base64url')}.${sig}`, sid_data: ann.values.sid_data }, // extra
      { sid: ann.values.sid, sid_data: bob.values.sid_data },                            // swapped halves
      { sid: bob.values.sid, sid_data: ann.values.sid_data },
      { sid: ann.values.sid },                                                           // one cookie only
      { sid_data: ann.values.sid_data },
      { sid: 'garbage', sid_data: 'also garbage' },
      { sid: '...', sid_data: '%%%' },
      { sid: `${exp}.!!!.${sig}`, sid_data: '!!!' },
      { sid: `99999999999999999999.${pub}.${sig}`, sid_data: ann.values.sid_data },
    ]
    for (const values of forged) {
      const jar = new CookieJar()
      jar.values = values
      const res = await call(jar, 'GET', '/s/read')
      expect(res.status, JSON.stringify(values)).toBe(200)
      expect(res.json, JSON.stringify(values)).toMatchObject({ isNew: true, data: {} })
    }
    // Both of Bob's cookies together are Bob's session: a stolen pair is a stolen session.
    expect((await call(bob.clone(), 'GET', '/s/read')).json.data).toEqual({ user: 'bob' })
  })

  it('ignores an oversized cookie sent by a client', async () => {
    const jar = new CookieJar()
    // Bigger than a browser keeps but within nginx's 8 KB header line.
    jar.values = { sid: '1.' + 'a'.repeat(4200) + '.x', sid_data: 'b'.repeat(3000) }
    const res = await call(jar, 'GET', '/s/read')
    expect(res.status).toBe(200)
    expect(res.json.isNew).toBe(true)
  })

  it('refuses to write a sealed cookie over 4 KB, with a clear error in the log', async () => {
    const jar = await loggedIn()
    const res = await call(jar, 'POST', '/s/big?n=5000')
    expect(res.status).toBe(500)
    expect(res.headers.getSetCookie()).toEqual([])
    expect(s.errorLog()).toMatch(/session "sid" is too big: its sealed cookie would be \d+ bytes, over the 4096 bytes/)
    // 2500 characters fit.
    expect((await call(jar, 'POST', '/s/big?n=2500')).status).toBe(200)
    expect((await call(jar, 'GET', '/s/read')).json.data.blob).toHaveLength(2500)
  })

  it('enforces the expiry on the server, whatever the browser keeps', async () => {
    const jar = new CookieJar()
    await call(jar, 'POST', '/s/short', { data: { user: 'ann' } })
    expect(jar.line('sid_data')).toMatch(/Max-Age=1;/)
    expect((await call(jar.clone(), 'GET', '/s/read')).json.isNew).toBe(false)
    await new Promise((done) => setTimeout(done, 2100))
    expect((await call(jar.clone(), 'GET', '/s/read')).json).toMatchObject({ isNew: true, data: {} })
  })

  it('opens cookies sealed with an older secret and seals them again with the first', async () => {
    const jar = await loggedIn('/old/set')
    const res = await call(jar, 'GET', '/s/read')
    expect(res.json).toMatchObject({ isNew: false, data: { user: 'ann' } })
    expect(jar.line('sid_data')).toBeDefined() // resealed under the new secret
    const oldOnly = jar.clone()
    // The resealed cookies do not open under the old secret alone any more.
    const other = await call(oldOnly, 'POST', '/old/set', {})
    expect(other.json.isNew).toBe(true)
  })

  it('does not open cookies of another secret or another purpose', async () => {
    const jar = await loggedIn('/other/set')
    expect((await call(jar.clone(), 'GET', '/s/read')).json.isNew).toBe(true)
    const mine = await loggedIn()
    expect((await call(mine.clone(), 'GET', '/purpose/read')).json.isNew).toBe(true)
  })

  it('destroys: cookies deleted, data gone', async () => {
    const jar = await loggedIn()
    const stolen = jar.clone()
    const res = await call(jar, 'POST', '/s/destroy')
    expect(res.json.data).toEqual({})
    expect(res.headers.getSetCookie().join('\n')).toMatch(/sid_data=; Max-Age=0/)
    expect(jar.values).toEqual({})
    // Without a revoke zone a stateless cookie cannot be revoked: the old copy still opens.
    expect((await call(stolen, 'GET', '/s/read')).json.isNew).toBe(false)
  })

  it('with a revoke zone, refuses a copy replayed after destroy() or regenerate()', async () => {
    const jar = await loggedIn('/r/set')
    const stolen = jar.clone()
    expect((await call(stolen.clone(), 'GET', '/r/read')).json.isNew).toBe(false)
    await call(jar, 'POST', '/r/destroy')
    expect((await call(stolen.clone(), 'GET', '/r/read')).json).toMatchObject({ isNew: true, data: {} })

    const jar2 = await loggedIn('/r/set')
    const before = jar2.clone()
    const regen = await call(jar2, 'POST', '/r/regenerate')
    expect(regen.json.data).toEqual({ user: 'ann' })
    expect((await call(jar2.clone(), 'GET', '/r/read')).json).toMatchObject({ isNew: false, id: regen.json.id })
    expect((await call(before, 'GET', '/r/read')).json.isNew).toBe(true)
  })

  it('regenerate() gives a new id and keeps the data', async () => {
    const jar = await loggedIn()
    const first = (await call(jar, 'GET', '/s/read')).json.id
    const res = await call(jar, 'POST', '/s/regenerate')
    expect(res.json.id).not.toBe(first)
    expect((await call(jar, 'GET', '/s/read')).json).toMatchObject({ id: res.json.id, data: { user: 'ann' } })
  })

  it('sets Secure, SameSite and Path as configured', async () => {
    const jar = new CookieJar()
    await call(jar, 'POST', '/sec/set', { data: { a: 1 } })
    expect(jar.line('ssid_data')).toMatch(/; Path=\/sec; Secure; HttpOnly; SameSite=Strict/)
    expect(jar.line('ssid')).toMatch(/; Path=\/sec; Secure; SameSite=Strict/)
  })

  it('keeps a change made before r.redirect(): the redirect carries the session cookie', async () => {
    const jar = new CookieJar()
    const res = await call(jar, 'POST', '/s/redirect-too-early')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/\/s\/read$/)
    expect((await call(jar, 'GET', '/s/read')).json.data).toEqual({ x: 1 })
    expect(s.errorLog()).not.toMatch(/session "sid" changed after the response was sent/)
  })
})

describe('sessions in the access phase', () => {
  it('let a guard admit signed-in users only', async () => {
    expect((await call(new CookieJar(), 'GET', '/admin/panel')).status).toBe(401)
    const jar = await loggedIn()
    const ok = await call(jar, 'GET', '/admin/panel')
    expect(ok.status).toBe(200)
    expect(ok.text).toBe('panel')
    const forged = jar.clone()
    forged.values.sid_data = forged.values.sid_data.slice(0, -4)
    expect((await call(forged, 'GET', '/admin/panel')).status).toBe(401)
  })
})

describe('flash messages', () => {
  it('carry across a redirect and are gone once read', async () => {
    const jar = new CookieJar()
    const res = await call(jar, 'POST', '/s/flash?m=Saved')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/\/s\/flashes$/)
    await call(jar, 'POST', '/s/flash?m=Twice&kind=warn')
    expect((await call(jar, 'GET', '/s/flashes')).json).toEqual({ info: ['Saved'], warn: ['Twice'] })
    expect((await call(jar, 'GET', '/s/flashes')).json).toEqual({})
  })

  it('survive destroy() when set after it (logout message)', async () => {
    const jar = await loggedIn()
    await call(jar, 'POST', '/s/logout-flash')
    expect((await call(jar, 'GET', '/s/read')).json.data).toEqual({})
    expect((await call(jar, 'GET', '/s/flashes')).json).toEqual({ info: ['Logged out'] })
  })
})

describe('CSRF', () => {
  async function withToken() {
    const jar = await loggedIn()
    const res = await call(jar, 'GET', '/c/form')
    return { jar, token: res.json.token as string }
  }
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

  it('accepts a valid token in the form field or the X-CSRF-Token header', async () => {
    const { jar, token } = await withToken()
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)
    const a = await call(jar, 'POST', '/c/submit', form({ _csrf: token, x: '1' }), FORM)
    expect(a.status).toBe(200)
    expect(a.json).toEqual({ ok: true, user: 'ann' })
    expect((await call(jar, 'PUT', '/c/submit', undefined, { 'x-csrf-token': token })).status).toBe(200)
    expect((await call(jar, 'DELETE', '/c/submit', undefined, { 'X-CSRF-Token': token })).status).toBe(200)
    // Tokens differ per page (masked) and all stay valid for the session.
    const second = (await call(jar, 'GET', '/c/form')).json.token
    expect(second).not.toBe(token)
    expect((await call(jar, 'POST', '/c/submit', form({ _csrf: second }), FORM)).status).toBe(200)
  })

  it('answers 403 without a token, with a wrong one, or with another session\'s', async () => {
    const { jar, token } = await withToken()
    const other = await withToken()
    const flip = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
    const cases: [string | undefined, Record<string, string>][] = [
      [undefined, {}],
      [form({ x: '1' }), FORM],
      [form({ _csrf: '' }), FORM],
      [form({ _csrf: flip }), FORM],
      [form({ _csrf: 'no-dot' }), FORM],
      [form({ _csrf: other.token }), FORM],
      [undefined, { 'x-csrf-token': other.token }],
      [JSON.stringify({ _csrf: token }), { 'content-type': 'application/json' }], // JSON bodies: header only
    ]
    for (const [body, headers] of cases) {
      const res = await call(jar, 'POST', '/c/submit', body, headers)
      expect(res.status, `${body} ${JSON.stringify(headers)}`).toBe(403)
      expect(res.json.error.message).toBe('CSRF token missing or invalid')
    }
    // No session at all: no secret, so no token can be valid.
    expect((await call(new CookieJar(), 'POST', '/c/submit', form({ _csrf: token }), FORM)).status).toBe(403)
  })

  it('gives a fresh visitor a token whose secret is saved in the session', async () => {
    const jar = new CookieJar()
    const res = await call(jar, 'GET', '/c/form')
    expect(jar.values.sid_data).toBeDefined()
    expect((await call(jar, 'POST', '/c/submit', form({ _csrf: res.json.token }), FORM)).json).toEqual({ ok: true, user: null })
  })
})
