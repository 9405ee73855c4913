import { describe, expect, it } from 'vitest'
import { decode, encode, freshValue, NOT_FRESH, reencode } from '../../src/njs/cache/envelope.ts'

describe('cache envelope', () => {
  it('round-trips strings as is, other values as JSON, null/undefined as a miss', () => {
    expect(encode('hi|there', 0)).toBe('s|hi|there')
    expect(decode('s|hi|there')).toMatchObject({ value: 'hi|there', miss: false, until: 0 })
    expect(decode(encode({ a: [1, 2] }, 0))!.value).toEqual({ a: [1, 2] })
    expect(decode(encode(0, 0))!.value).toBe(0)
    expect(decode(encode(false, 0))!.value).toBe(false)
    expect(decode(encode(null, 0))).toMatchObject({ value: undefined, miss: true })
    expect(decode(encode(undefined, 0))!.miss).toBe(true)
  })
  it('keeps the fresh-until time, and re-encodes with another', () => {
    const until = 1_800_000_000_123
    const e = decode(encode('v', until))!
    expect(e.until).toBe(until)
    expect(decode(reencode(e, until + 5))!.until).toBe(until + 5)
  })
  it('refuses what is not an envelope', () => {
    for (const bad of ['', 'x', '|v', 'q|v', 'j|{', 's!|v']) expect(decode(bad)).toBeNull()
  })
  it('refuses values JSON cannot carry', () => {
    expect(() => encode(() => 1, 0)).toThrow(/cannot cache a function/)
  })
  it('reads a hit as decode does, without the entry (freshValue)', () => {
    const now = 1_800_000_000_000
    for (const v of ['hi|there', '', { a: [1, 2] }, 0, false, null, undefined]) {
      for (const until of [0, now + 1]) {
        const raw = encode(v, until)
        expect(freshValue(raw, now)).toEqual(decode(raw)!.value)
      }
      expect(freshValue(encode(v, now), now)).toBe(NOT_FRESH)
      expect(freshValue(encode(v, now - 1), now)).toBe(NOT_FRESH)
    }
    for (const bad of ['', 'x', '|v', 'q|v', 'j|{', 's!|v']) expect(freshValue(bad, now)).toBe(NOT_FRESH)
  })
})
