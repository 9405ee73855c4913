/** The pure parts of the middleware (the nginx tests run the middleware itself). */
import { describe, expect, it } from 'vitest'
import { ifNoneMatch } from '../../src/njs/middleware/etag/index.ts'
import { cspValue } from '../../src/njs/middleware/secure-headers/index.ts'
import { addVary, getHeader } from '../../src/njs/utils/response.ts'

describe('ifNoneMatch', () => {
  it('compares weakly, in lists, with *', () => {
    expect(ifNoneMatch('W/"abc"', 'W/"abc"')).toBe(true)
    expect(ifNoneMatch('"abc"', 'W/"abc"')).toBe(true)
    expect(ifNoneMatch('"x", W/"abc"', 'W/"abc"')).toBe(true)
    expect(ifNoneMatch('*', 'W/"abc"')).toBe(true)
    expect(ifNoneMatch('"abcd"', 'W/"abc"')).toBe(false)
    expect(ifNoneMatch('', 'W/"abc"')).toBe(false)
    expect(ifNoneMatch(undefined, 'W/"abc"')).toBe(false)
  })
})

describe('cspValue', () => {
  it('joins directives and refuses values that would break the header', () => {
    expect(cspValue({ defaultSrc: ["'self'"], 'script-src': "'self' https://cdn.example", upgradeInsecureRequests: [] }))
      .toBe("default-src 'self'; script-src 'self' https://cdn.example; upgrade-insecure-requests")
    expect(cspValue("default-src 'none'")).toBe("default-src 'none'")
    expect(() => cspValue({ defaultSrc: "'self'; script-src *" })).toThrow(/invalid/)
    expect(() => cspValue({ defaultSrc: "'self'\r\nX-Evil: 1" })).toThrow(/invalid/)
    expect(() => cspValue({ 'bad name': 'x' })).toThrow(/invalid/)
    expect(() => cspValue('')).toThrow(/invalid/)
  })
})

describe('addVary', () => {
  it('adds a field once, keeping what is there whatever its case', () => {
    const r: any = { headers: {} }
    addVary(r, 'Origin')
    addVary(r, 'Accept')
    addVary(r, 'origin')
    expect(r.headers).toEqual({ Vary: 'Origin, Accept' })
    const r2: any = { headers: { vary: 'Accept-Encoding' } }
    addVary(r2, 'Accept')
    expect(r2.headers).toEqual({ vary: 'Accept-Encoding, Accept' })
    const r3: any = { headers: { Vary: '*' } }
    addVary(r3, 'Accept')
    expect(getHeader(r3, 'VARY')).toBe('*')
  })
})
