import { describe, expect, it } from 'vitest'
import * as php from '../../src/njs/helper/php/index.ts'
import { corpus } from '../support/corpora.ts'
import { callHelper, decode, inexpressible, normal } from '../support/php-cases.ts'

describe('PHP-like helpers (our own cases)', () => {
  it('number_format: rounding half away from zero, separators, negative decimals (PHP 8.3)', () => {
    expect(php.number_format(1234.5678)).toBe('1,235')
    expect(php.number_format(1234.5678, 2)).toBe('1,234.57')
    expect(php.number_format(1.005, 2)).toBe('1.01')
    expect(php.number_format(-0.4)).toBe('0')
    expect(php.number_format(-1234.567, 2, ',', '.')).toBe('-1.234,57')
    expect(php.number_format(1515.1, -3)).toBe('2,000')
    expect(php.number_format('12.3456789e1', 2)).toBe('123.46')
    expect(php.number_format(NaN, 1)).toBe('0.0')
  })
  it('str_pad, ucfirst, ucwords, trim with ranges', () => {
    expect(php.str_pad('5', 3, '0', php.STR_PAD_LEFT)).toBe('005')
    expect(php.str_pad('ab', 7, 'xy', php.STR_PAD_BOTH)).toBe('xyabxyx')
    expect(() => php.str_pad('a', 3, '')).toThrow(/must not be empty/)
    expect(php.ucfirst('élan hello')).toBe('élan hello')
    expect(php.ucwords('hello big-world', ' -')).toBe('Hello Big-World')
    expect(php.trim('xxhixx', 'x')).toBe('hi')
    expect(php.trim('abcHIcba', 'a..c')).toBe('HI')
    expect(php.ltrim('  a  ')).toBe('a  ')
    expect(php.rtrim('  a \0')).toBe('  a')
  })
  it('explode/implode with limits; array_chunk; http_build_query', () => {
    expect(php.explode(',', 'a,b,c,d', 2)).toEqual(['a', 'b,c,d'])
    expect(php.explode(',', 'a,b,c,d', -2)).toEqual(['a', 'b'])
    expect(php.explode(',', 'a', -1)).toEqual([])
    expect(() => php.explode('', 'a')).toThrow(/cannot be empty/)
    expect(php.implode(', ', [1, true, false, null, 'x', [1]])).toBe('1, 1, , , x, Array')
    expect(php.array_chunk([1, 2, 3], 2)).toEqual([[1, 2], [3]])
    expect(php.array_chunk({ a: 1, b: 2, c: 3 }, 2, true)).toEqual([{ a: 1, b: 2 }, { c: 3 }])
    expect(() => php.array_chunk([1], 0)).toThrow(/greater than 0/)
    expect(php.http_build_query({ q: 'a b&c', tags: ['x', 'y'], n: null, ok: true, f: { g: 1 } })).toBe('q=a+b%26c&tags%5B0%5D=x&tags%5B1%5D=y&ok=1&f%5Bg%5D=1')
    expect(php.http_build_query({ t: '~ x' }, '', '&', php.PHP_QUERY_RFC3986)).toBe('t=~%20x')
  })
  it('date: PHP format letters in UTC, escapes', () => {
    expect(php.date('Y-m-d H:i:s', 0)).toBe('1970-01-01 00:00:00')
    expect(php.date('D, d M Y', 1700000000)).toBe('Tue, 14 Nov 2023')
    expect(php.date('jS F, \\d\\a\\y z, \\w\\e\\e\\k W (o)', 1704067200)).toBe('1st January, day 0, week 01 (2024)')
    expect(php.date('L t N', 1709164800)).toBe('1 29 4') // 2024-02-29
    expect(php.date('g:i A', 1700000000 + 12 * 3600)).toBe('10:13 AM')
  })
})

describe('PHP-like helpers against php-src test cases', () => {
  const cases = corpus('php-functions.json')
  it.skipIf(!cases)('agree with PHP 8.3+ (the cases JavaScript can express)', () => {
    let run = 0
    const skipped: string[] = []
    const misses: string[] = []
    for (const c of cases!) {
      const why = inexpressible(c)
      if (why) { skipped.push(`${c.fn} ${JSON.stringify(c.args)}: ${why}`); continue }
      const res = callHelper(c.fn, decode(c.args))
      const got = 'value' in res ? res.value : res
      run++
      const want = decode(c.expected)
      const ok = want && want.throws
        ? got && got.throws === want.throws && (want.message === null || got.message === want.message)
        : JSON.stringify(normal(got)) === JSON.stringify(normal(want))
      if (!ok) misses.push(`${c.fn}(${JSON.stringify(c.args)}) → ${JSON.stringify(got)}, want ${JSON.stringify(c.expected)}`)
    }
    console.log(`php helpers: ${run - misses.length}/${run} agree, ${skipped.length} skipped`, misses, skipped)
    expect(misses).toEqual([])
    expect(run).toBeGreaterThan(190)
  })
})
