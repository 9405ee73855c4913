/** Sessions, CSRF tokens, signed URLs and their crypto under Node (the nginx tests run them for real). */
import { hkdfSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { fromB64u, hkdfSha256, safeEqual } from '../../src/njs/utils/crypto.ts'
import { session } from '../../src/njs/session/session.ts'
import { csrfToken, verifyCsrf } from '../../src/njs/session/csrf.ts'
import { signedUrls } from '../../src/njs/helper/signed-url/index.ts'
import { fakeExchange } from '../support/fake-exchange.ts'

const SECRET = 'unit-test-secret-0123456789'

describe('crypto helpers', () => {
  it('hkdfSha256 is RFC 5869 HKDF (as Node computes it), any length', () => {
    for (const len of [16, 32, 64, 100]) {
      const ours = hkdfSha256('input key', 'salt', 'info', len)
      const node = Buffer.from(hkdfSync('sha256', 'input key', 'salt', 'info', len))
      expect(ours.toString('hex')).toBe(node.toString('hex'))
    }
  })
  it('safeEqual compares whole strings only', () => {
    expect(safeEqual('abc', 'abc')).toBe(true)
    expect(safeEqual('abd', 'abc')).toBe(false)
    expect(safeEqual('ab', 'abc')).toBe(false)
    expect(safeEqual('abcd', 'abc')).toBe(false)
    expect(safeEqual('', '')).toBe(true)
    expect(safeEqual(undefined as any, 'abc')).toBe(false)
  })
  it('fromB64u refuses what is not base64url', () => {
    expect(fromB64u('aGk')!.toString()).toBe('hi')
    for (const bad of ['a+b', 'a/b', 'a=b', 'a b', 'a', '%%']) expect(fromB64u(bad), bad).toBeNull()
  })
})

async function sealed(data: Record<string, unknown>, scheme = 'http') {
  const sess = session('sid', SECRET)
  const x = fakeExchange({}, { scheme })
  const s = await sess(x.q, x.r)
  Object.assign(s.data, data)
  await s.save()
  return x
}

describe('session', () => {
  it('seals and opens again', async () => {
    const x = await sealed({ user: 'ann' })
    const y = fakeExchange(x.cookieValues())
    const s = await session('sid', SECRET)(y.q, y.r)
    expect(s.isNew).toBe(false)
    expect(s.data).toEqual({ user: 'ann' })
  })
  it('is Secure by default on https only', async () => {
    expect((await sealed({ a: 1 }, 'https')).setCookies().every((l) => /; Secure/.test(l))).toBe(true)
    expect((await sealed({ a: 1 }, 'http')).setCookies().some((l) => /; Secure/.test(l))).toBe(false)
  })
  it('refuses weak or missing secrets at setup', () => {
    expect(() => session('sid', 'short')).toThrow(/at least 16/)
    expect(() => session('sid', [])).toThrow(/needs a secret/)
  })
  it('opens the same session once per request', async () => {
    const sess = session('sid', SECRET)
    const x = fakeExchange()
    expect(await sess(x.q, x.r)).toBe(await sess(x.q, x.r))
  })
  it('reseals when less than half the lifetime is left (rolling expiry)', async () => {
    const sess = session('sid', SECRET)
    const x = fakeExchange()
    const s = await sess(x.q, x.r, 100)
    s.data.a = 1
    await s.save()
    const y = fakeExchange(x.cookieValues())
    const again = await sess(y.q, y.r, 100)
    await again.save()
    expect(y.setCookies()).toEqual([])                  // fresh: nothing to do
    const z = fakeExchange(x.cookieValues())
    const later = await sess(z.q, z.r, 1000)            // 100 s left of 1000: due
    await later.save()
    expect(z.setCookies()).toHaveLength(2)
  })
})

describe('CSRF tokens', () => {
  it('verify for their own session only', async () => {
    const sess = session('sid', SECRET)
    const a = await sess(fakeExchange().q, fakeExchange().r)
    const b = await sess(fakeExchange().q, fakeExchange().r)
    const t = csrfToken(sess, a)
    expect(verifyCsrf(a, t)).toBe(true)
    expect(verifyCsrf(b, t)).toBe(false)
    expect(verifyCsrf(b, csrfToken(sess, b))).toBe(true)
    for (const bad of [undefined, null, 42, '', '.', 'x.', t + 'x', t.toUpperCase(), ['a'], 'a'.repeat(500)]) expect(verifyCsrf(a, bad)).toBe(false)
  })
})

describe('signed URLs', () => {
  it('sign and verify, with rotation', () => {
    const u = signedUrls(SECRET).sign('/a?b=1', 60)
    expect(signedUrls([SECRET]).verify(u)).toBe(true)
    expect(signedUrls(['newer-secret-0123456789', SECRET]).verify(u)).toBe(true)
    expect(signedUrls('newer-secret-0123456789').verify(u)).toBe(false)
    expect(() => signedUrls(SECRET).sign('http://x/y')).toThrow(/starting with/)
  })
})
