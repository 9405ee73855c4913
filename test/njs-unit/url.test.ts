import { describe, expect, it } from 'vitest'
import { decodeComponent, parseQuery } from '../../src/njs/utils/url.ts'
import { thrown } from '../support/fake-raw.ts'

describe('decodeComponent', () => {
  it('decodes %XX as UTF-8 and leaves plain strings alone', () => {
    expect(decodeComponent('abc')).toBe('abc')
    expect(decodeComponent('a%20b%2Fc')).toBe('a b/c')
    expect(decodeComponent('%E2%82%AC%F0%9F%98%80')).toBe('€😀')
  })
  it('turns + into a space only when asked', () => {
    expect(decodeComponent('a+b')).toBe('a+b')
    expect(decodeComponent('a+b%2B', true)).toBe('a b+')
  })
  it('throws a 400 on malformed %-encoding and invalid UTF-8', () => {
    for (const bad of ['%', '%2', '%zz', 'a%G1', '%FF', '%C3%28', '%E2%82', '%ED%A0%80']) {
      const e = thrown(() => decodeComponent(bad, false, 'query'))
      expect(e.status).toBe(400)
      expect(e.message).toBe('malformed percent-encoding in query')
    }
    expect(thrown(() => decodeComponent('%')).message).toBe('malformed percent-encoding in URL')
  })
})

describe('parseQuery', () => {
  it('parses pairs, repeated keys as arrays in order', () => {
    expect(parseQuery('a=1&b=2&a=3&a=4')).toEqual({ a: ['1', '3', '4'], b: '2' })
  })
  it('gives "" for a key without =, skips empty pairs, keeps empty values', () => {
    expect(parseQuery('a&&b=&c=1&')).toEqual({ a: '', b: '', c: '1' })
    expect(parseQuery('')).toEqual({})
    expect(parseQuery(undefined)).toEqual({})
  })
  it('decodes keys and values, + as space, = inside values', () => {
    expect(parseQuery('na%20me=J+D%26x&eq=a=b')).toEqual({ 'na me': 'J D&x', eq: 'a=b' })
  })
  it('treats __proto__ as an ordinary key', () => {
    const q = parseQuery('__proto__=x&constructor=y')
    expect(q.__proto__).toBe('x')
    expect(q.constructor).toBe('y')
    expect(Object.keys(q)).toEqual(['__proto__', 'constructor'])
  })
  it('throws 400 naming the source', () => {
    expect(thrown(() => parseQuery('a=%zz')).message).toBe('malformed percent-encoding in query')
    expect(thrown(() => parseQuery('%E0=1', 'form body')).message).toBe('malformed percent-encoding in form body')
  })
})
