import { describe, expect, it, vi } from 'vitest'
import { cookieSetter, encodeCookieValue, parseCookies } from '../../src/njs/helper/cookie.ts'

function collect() {
  const lines: (string | (() => string))[] = []
  const append = (l: string | (() => string)) => { lines.push(l) }
  const text = () => lines.map((l) => (typeof l === 'function' ? l() : l))
  return { lines, append, text }
}

describe('parseCookies', () => {
  it('parses pairs, trims, first occurrence wins', () => {
    expect(parseCookies('a=1; b = 2 ;a=3;c=')).toEqual({ a: '1', b: '2', c: '' })
    expect(parseCookies(undefined)).toEqual({})
    expect(parseCookies('')).toEqual({})
  })
  it('decodes %-escapes leniently and strips quotes', () => {
    expect(parseCookies('x=a%20b; y="quoted"; z=100%; w=%E0%A4')).toEqual({ x: 'a b', y: 'quoted', z: '100%', w: '%E0%A4' })
  })
  it('skips pairs without = or a name, and keeps = in values', () => {
    expect(parseCookies('junk; =v; tok=a=b==')).toEqual({ tok: 'a=b==' })
  })
  it('treats __proto__ as an ordinary name', () => {
    const c = parseCookies('__proto__=x')
    expect(c.__proto__).toBe('x')
    expect(({} as any).x).toBeUndefined()
  })
})

describe('cookieSetter (Losty two-step cookies)', () => {
  it('sets a session cookie with the identity attributes', () => {
    const c = collect()
    expect(cookieSetter(c.append, 'biscuit', true, 'example.com', '/')(null, true, true, 'v1')).toBeUndefined()
    expect(c.text()).toEqual(['biscuit=v1; Domain=example.com; Path=/; Secure; HttpOnly; SameSite=Strict'])
  })
  it('sets Max-Age and Expires for a positive age', () => {
    vi.useFakeTimers()
    vi.setSystemTime(Date.UTC(2030, 0, 2, 3, 4, 5))
    try {
      const c = collect()
      cookieSetter(c.append, 'a')(3600, 'Lax', false, 'x')
      expect(c.text()).toEqual(['a=x; Max-Age=3600; Expires=Wed, 02 Jan 2030 04:04:05 GMT; SameSite=Lax'])
    } finally {
      vi.useRealTimers()
    }
  })
  it('deletes with a negative age or a null value, keeping Domain/Path/HttpOnly', () => {
    const c = collect()
    const ck = cookieSetter(c.append, 'sid', true, null, '/app')
    ck(-1)
    ck(3600, 'Strict', true, null)
    expect(c.text()).toEqual([
      'sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/app; HttpOnly',
      'sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/app; Secure; HttpOnly; SameSite=Strict',
    ])
  })
  it('accepts SameSite strings in any case; None implies Secure; rejects others', () => {
    const c = collect()
    cookieSetter(c.append, 'a')(null, 'none' as any, false, '1')
    cookieSetter(c.append, 'b')(null, 'STRICT' as any, null, '1')
    cookieSetter(c.append, 'c')(null, false, false, '1')
    expect(c.text()).toEqual(['a=1; Secure; SameSite=None', 'b=1; SameSite=Strict', 'c=1'])
    expect(() => cookieSetter(c.append, 'd')(null, 'sometimes' as any, false, '1')).toThrow(/SameSite/)
  })
  it('%-encodes what a cookie value cannot hold, so parseCookies round-trips', () => {
    const values = ['plain-ok_!#$&\'()*+./:<=>?@[]^`{|}~', 'with space; and, comma "q" \\', '100%', 'a%20b', 'ünï€😀', '']
    for (const v of values) {
      const c = collect()
      cookieSetter(c.append, 'k')(null, null, null, v)
      const line = c.text()[0]
      const pair = line.split(';')[0]
      expect(pair).toMatch(/^k=[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/)
      expect(parseCookies(pair).k).toBe(v)
    }
    expect(encodeCookieValue('a b')).toBe('a%20b')
    expect(encodeCookieValue('\uD800x')).toBe('%EF%BF%BDx')
  })
  it('with an encoder function returns an object, encoded when the line is read', () => {
    const c = collect()
    const data = cookieSetter(c.append, 'prefs', false, null, '/')(null, 'Lax', false, JSON.stringify)
    expect(typeof c.lines[0]).toBe('function')
    data.theme = 'dark'
    data.n = 2
    const line = c.text()[0]
    expect(line).toBe('prefs={%22theme%22:%22dark%22%2C%22n%22:2}; Path=/; SameSite=Lax')
    expect(JSON.parse(parseCookies(line.split(';')[0]).prefs)).toEqual({ theme: 'dark', n: 2 })
  })
  it('throws Error on an invalid name, domain, path or age', () => {
    const c = collect()
    for (const bad of ['', 'a b', 'a;b', 'a=b', 'ü', 'a\n', '(x)']) {
      expect(() => cookieSetter(c.append, bad)).toThrow(/invalid cookie name/)
    }
    expect(() => cookieSetter(c.append, 'a', false, 'x.com; evil')).toThrow(/domain/)
    expect(() => cookieSetter(c.append, 'a', false, null, '/\r\nX: y')).toThrow(/path/)
    expect(() => cookieSetter(c.append, 'a')('10' as any, null, null, 'v')).toThrow(/age/)
    expect(c.lines).toEqual([])
  })
})
