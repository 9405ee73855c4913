/** The handler chain: `q.next(...more)` runs the next handler with the arguments so far plus `more`. */
import { describe, expect, it } from 'vitest'
import { runChain } from '../../src/njs/compose.ts'

const run = (first: any[], second: any[]) => runChain({} as any, {} as any, first, second)

describe('runChain', () => {
  it('walks app middleware then the route handlers, control flowing back upstream', () => {
    const seen: string[] = []
    const out = run([
      (q: any) => { seen.push('a'); const v = q.next(); seen.push('a<'); return v + '!' },
      (q: any) => { seen.push('b'); return q.next() },
    ], [
      (q: any) => { seen.push('c'); return q.next() },
      () => { seen.push('d'); return 'body' },
    ])
    expect(out).toBe('body!')
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'a<'])
  })

  it('appends what q.next is given to every later handler\'s arguments', () => {
    const out = run([(q: any) => q.next(1)], [
      (q: any, _r: any, one: number) => q.next(one + 1, 'x'),
      (q: any, _r: any, ...args: any[]) => q.next(),
      (_q: any, _r: any, ...args: any[]) => args,
    ])
    expect(out).toEqual([1, 2, 'x'])
  })

  it('q.next past the last handler returns undefined', () => {
    expect(run([], [(q: any) => [q.next()]])).toEqual([undefined])
  })

  it('a handler that replaces q.next does not change what the next step gets', () => {
    const out = run([(q: any) => { q.next = () => 'replaced'; return 'mw' }], [() => 'route'])
    expect(out).toBe('mw')
    const out2 = run([(q: any) => { const v = q.next(); return v }], [(q: any) => { q.next = () => 'x'; return 'h' }])
    expect(out2).toBe('h')
  })

  it('passes on up to 8 values per call, leaving out undefined ones at the end; 9 is an error', () => {
    const out = run([(q: any) => q.next(1, undefined, 3, undefined)], [(_q: any, _r: any, ...args: any[]) => args])
    expect(out).toEqual([1, undefined, 3])
    expect(run([(q: any) => q.next(null)], [(_q: any, _r: any, ...args: any[]) => args])).toEqual([null])
    // a first value left undefined (next reads arguments.length before its eight tests)
    expect(run([(q: any) => q.next(undefined, 'x')], [(_q: any, _r: any, ...args: any[]) => args])).toEqual([undefined, 'x'])
    expect(run([(q: any) => q.next(undefined, undefined)], [(_q: any, _r: any, ...args: any[]) => args])).toEqual([])
    expect(run([(q: any) => q.next(1, 2, 3, 4, 5, 6, 7, 8)], [(_q: any, _r: any, ...args: any[]) => args.length])).toBe(8)
    expect(() => run([(q: any) => q.next(1, 2, 3, 4, 5, 6, 7, 8, 9)], [() => 'x'])).toThrow(/at most 8 values/)
  })

  it('q.next is one shared function: the state is on q, so each request walks its own chain', () => {
    const order: string[] = []
    const a: any = {}, b: any = {}
    const mw = (q: any) => { order.push(q.name); return q.next() }
    a.name = 'a'; b.name = 'b'
    // two chains interleaved (as two requests on one QuickJS context would be)
    let inner = ''
    const outA = runChain(a, {} as any, [mw], [(q: any) => { inner = run2(b); return 'A' }])
    function run2(q: any) { return runChain(q, {} as any, [mw], [() => 'B']) }
    expect(outA).toBe('A')
    expect(inner).toBe('B')
    expect(a.next).toBe(b.next)
    expect(order).toEqual(['a', 'b'])
  })

  it('async handlers: q.next() after an await still runs the next handler', async () => {
    const out = await run([async (q: any) => { await null; return (await q.next('a')) + '!' }], [
      async (q: any, _r: any, a: string) => { await null; return q.next(a + 'b') },
      (_q: any, _r: any, a: string, b: string) => a + b,
    ])
    expect(out).toBe('aab!')
  })
})
