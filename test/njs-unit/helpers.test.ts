import { describe, expect, it } from 'vitest'
import * as h from '../../src/njs/helper/index.ts'

describe('string helpers', () => {
  it('hash, lines, truncate, escapeRegExp, isBlank', () => {
    expect(h.hash('hello')).toBe(99162322) // Java's "hello".hashCode()
    expect(h.hash('')).toBe(0)
    expect([h.lines(''), h.lines('a'), h.lines('a\n'), h.lines('a\nb'), h.lines('a\n\nb\n')]).toEqual([0, 1, 1, 2, 3])
    expect(h.findLast('a.b.c', '.')).toBe(3)
    expect(h.truncate('hello world', 8)).toBe('hello w…')
    expect(h.truncate('hello', 5)).toBe('hello')
    expect(h.truncate('😀😀😀😀', 3, '.')).toBe('😀😀.')
    expect(new RegExp(h.escapeRegExp('a.b*(c)')).test('a.b*(c)')).toBe(true)
    expect([h.isBlank(' \t'), h.isBlank(null), h.isBlank('x')]).toEqual([true, true, false])
  })
})

describe('object, array and functional helpers', () => {
  it('merge is deep and refuses prototype keys', () => {
    const target: any = { a: { b: 1, c: [1] }, d: 1 }
    h.merge(target, JSON.parse('{"a":{"c":[2],"e":3},"__proto__":{"polluted":1},"constructor":{"x":1}}'))
    expect(target).toEqual({ a: { b: 1, c: [2], e: 3 }, d: 1 })
    expect(({} as any).polluted).toBeUndefined()
  })
  it('get, pick, omit, invert', () => {
    const o = { user: { tags: ['x', 'y'], name: 'n' } }
    expect(h.get(o, 'user.tags.1')).toBe('y')
    expect(h.get(o, 'user.missing.deep', 'fb')).toBe('fb')
    expect(h.get(o, 'user.constructor', 'fb')).toBe('fb')
    expect(h.pick({ a: 1, b: 2, c: 3 }, ['a', 'c'])).toEqual({ a: 1, c: 3 })
    expect(h.omit({ a: 1, b: 2, c: 3 }, ['a'])).toEqual({ b: 2, c: 3 })
    expect(h.invert({ a: 'x', b: 1 })).toEqual({ x: 'a', 1: 'b' })
  })
  it('mapObject, filterObject, partition, zip/unzip, flatten, unique, groupBy, range', () => {
    expect(h.mapObject({ a: 1, b: 2 }, (k, v) => [k.toUpperCase(), v * 10])).toEqual({ A: 10, B: 20 })
    expect(h.filterObject({ a: 1, b: 2 }, (v) => v > 1)).toEqual({ b: 2 })
    expect(h.partition([1, 2, 3, 4], (x) => x % 2 === 0)).toEqual([[2, 4], [1, 3]])
    expect(h.zip(['a', 'b'], [1, 2])).toEqual({ a: 1, b: 2 })
    expect(() => h.zip(['a'], [1, 2])).toThrow(/same length/)
    expect(() => h.zip(['a', 'a'], [1, 2])).toThrow(/repeated key/)
    expect(h.unzip({ a: 1, b: 2 })).toEqual([['a', 'b'], [1, 2]])
    expect(h.flatten([1, [2, [3, [4]]], 5])).toEqual([1, 2, 3, 4, 5])
    const o = {}
    expect(h.unique([1, '1', 1, 'a', o, o, null, null, NaN])).toEqual([1, '1', 'a', o, null, NaN])
    expect(h.groupBy(['ab', 'cd', 'e'], (s) => s.length)).toEqual({ 2: ['ab', 'cd'], 1: ['e'] })
    expect(h.range(0, 5)).toEqual([0, 1, 2, 3, 4])
    expect(h.range(5, 0, -2)).toEqual([5, 3, 1])
    expect(() => h.range(0, 1, 0)).toThrow()
  })
  it('head/tail, folds, curry, partial, flip, identity', () => {
    expect([h.head([1, 2]), h.tail([1, 2, 3])]).toEqual([1, [2, 3]])
    expect(h.foldl((acc: string, x: string) => '(' + acc + x + ')', '', ['a', 'b'])).toBe('((a)b)')
    expect(h.foldr((x: string, acc: string) => '(' + x + acc + ')', '', ['a', 'b'])).toBe('(a(b))')
    const f = (a: number, b: number, c: number) => a * 100 + b * 10 + c
    expect(h.curry(f)(1)(2, 3)).toBe(123)
    expect(h.partial(f, 1, 2)(3)).toBe(123)
    expect(h.partialRight(f, 3)(1, 2)).toBe(123)
    expect(h.flip(f)(2, 1, 3)).toBe(123)
    expect(h.identity(7)).toBe(7)
  })
})
