import { describe, expect, it } from 'vitest'
import { v } from '../../src/njs/validate/schema.ts'

const errorsOf = (r: { ok: boolean; errors?: Record<string, string> }) => (r.ok ? null : r.errors)

describe('v.string', () => {
  it('required by default; optional and default', () => {
    expect(errorsOf(v.string().parse(undefined))).toEqual({ '': 'is required' })
    expect(errorsOf(v.string().parse(null))).toEqual({ '': 'is required' })
    expect(v.string().optional().parse(undefined)).toEqual({ ok: true, value: undefined })
    expect(v.string().default('x').parse(undefined)).toEqual({ ok: true, value: 'x' })
  })
  it('length in characters (code points), trim, lowercase, pattern', () => {
    const s = v.string().trim().min(2).max(3)
    expect(s.parse('  ab ')).toEqual({ ok: true, value: 'ab' })
    expect(errorsOf(s.parse(' a '))).toEqual({ '': 'must be at least 2 characters' })
    expect(errorsOf(s.parse('abcd'))).toEqual({ '': 'must be at most 3 characters' })
    expect(s.parse('😀😀😀').ok).toBe(true) // 6 UTF-16 units, 3 characters
    expect(errorsOf(v.string().length(2).parse('abc'))).toEqual({ '': 'must be exactly 2 characters' })
    expect(v.string().lowercase().parse('AbC')).toEqual({ ok: true, value: 'abc' })
    expect(errorsOf(v.string().pattern(/^\d+$/, 'digits only').parse('12a'))).toEqual({ '': 'digits only' })
    // a global regex does not carry lastIndex from one check to the next
    const g = v.string().pattern(/a/g)
    expect([g.parse('a').ok, g.parse('a').ok]).toEqual([true, true])
  })
  it('rejects what is not a string, without coercion', () => {
    expect(errorsOf(v.string().parse(5))).toEqual({ '': 'must be a string' })
    expect(errorsOf(v.string().parse(['a'], { coerce: true }))).toEqual({ '': 'must be a single value' })
  })
  it('email and url', () => {
    for (const good of ['a@b.co', 'first.last+tag@sub.example.org', "o'neil@x.io"]) expect(v.email().parse(good).ok).toBe(true)
    for (const bad of ['a@', '@b.c', 'a b@c.d', 'a@b..c', 'a@-b.c', 'x'.repeat(250) + '@b.cd']) {
      expect(errorsOf(v.email().parse(bad))).toEqual({ '': 'must be a valid email address' })
    }
    expect(v.email().parse('  a@b.co ')).toEqual({ ok: true, value: 'a@b.co' })
    expect(v.string().email().parse('a@b.co\n').ok).toBe(false) // no trim asked: the newline stays and fails
    for (const good of ['https://example.com', 'http://x.y:8080/p?q=1#f', 'https://[::1]/']) expect(v.url().parse(good).ok).toBe(true)
    for (const bad of ['javascript:alert(1)', 'ftp://x.y', 'https://', 'https://a b.c', '//x.y', 'data:text/html,x', 'https://x.y/\u0000']) {
      expect(errorsOf(v.url().parse(bad))).toEqual({ '': 'must be a valid http(s) URL' })
    }
  })
})

describe('v.number / v.integer / v.boolean', () => {
  it('ranges; no coercion from JSON strings', () => {
    const n = v.number().min(1).max(10)
    expect(n.parse(2.5)).toEqual({ ok: true, value: 2.5 })
    expect(errorsOf(n.parse(0))).toEqual({ '': 'must be at least 1' })
    expect(errorsOf(n.parse(11))).toEqual({ '': 'must be at most 10' })
    expect(errorsOf(n.parse('5'))).toEqual({ '': 'must be a number' })
    expect(errorsOf(v.number().parse(NaN))).toEqual({ '': 'must be a number' })
    expect(errorsOf(v.number().parse(Infinity))).toEqual({ '': 'must be a number' })
    expect(errorsOf(v.integer().parse(1.5))).toEqual({ '': 'must be an integer' })
    expect(errorsOf(v.integer().parse(2 ** 60))).toEqual({ '': 'must be an integer' })
  })
  it('coerces query/form strings strictly', () => {
    const c = { coerce: true }
    expect(v.number().parse(' 12.5 ', c)).toEqual({ ok: true, value: 12.5 })
    expect(v.number().parse('-.5e1', c)).toEqual({ ok: true, value: -5 })
    for (const bad of ['0x10', 'Infinity', '1,5', '12abc', '1e', '.']) expect(errorsOf(v.number().parse(bad, c))).toEqual({ '': 'must be a number' })
    expect(v.integer().parse('42', c)).toEqual({ ok: true, value: 42 })
    expect(errorsOf(v.integer().parse('4.2', c))).toEqual({ '': 'must be an integer' })
    // an empty form field is a missing value
    expect(errorsOf(v.integer().parse('', c))).toEqual({ '': 'is required' })
    expect(v.integer().default(1).parse('', c)).toEqual({ ok: true, value: 1 })
  })
  it('booleans: true/false; from forms on/yes/1 and off/no/0', () => {
    expect(v.boolean().parse(false)).toEqual({ ok: true, value: false })
    expect(errorsOf(v.boolean().parse('true'))).toEqual({ '': 'must be true or false' })
    for (const t of ['true', 'on', 'YES', '1']) expect(v.boolean().parse(t, { coerce: true }).value).toBe(true)
    for (const f of ['false', 'off', 'no', '0']) expect(v.boolean().parse(f, { coerce: true }).value).toBe(false)
    expect(errorsOf(v.boolean().parse('maybe', { coerce: true }))).toEqual({ '': 'must be true or false' })
    expect(v.boolean().default(false).parse(undefined, { coerce: true })).toEqual({ ok: true, value: false })
  })
})

describe('v.oneOf', () => {
  it('accepts only the listed values; coerces "2" to 2 from forms', () => {
    const s = v.oneOf(['a', 'b', 2])
    expect(s.parse('a')).toEqual({ ok: true, value: 'a' })
    expect(errorsOf(s.parse('c'))).toEqual({ '': 'must be one of: a, b, 2' })
    expect(errorsOf(s.parse('2'))).toEqual({ '': 'must be one of: a, b, 2' })
    expect(s.parse('2', { coerce: true })).toEqual({ ok: true, value: 2 })
    expect(errorsOf(v.oneOf(['toString']).parse('constructor'))).toEqual({ '': 'must be one of: toString' })
  })
})

describe('v.array and v.object', () => {
  const Order = v.object({
    customer: v.object({ name: v.string().min(1), email: v.email() }),
    items: v.array(v.object({ name: v.string().min(1), qty: v.integer().min(1) })).min(1).max(3),
    note: v.string().optional(),
  })
  it('returns the clean value: unknown keys dropped, own properties only', () => {
    const input = JSON.parse('{"customer":{"name":"Ann","email":"a@b.co","admin":true},"items":[{"name":"x","qty":2}],"__proto__":{"note":"polluted"},"extra":1}')
    const r = Order.parse(input)
    expect(r).toEqual({ ok: true, value: { customer: { name: 'Ann', email: 'a@b.co' }, items: [{ name: 'x', qty: 2 }] } })
    expect(Object.getPrototypeOf(r.value)).toBe(Object.prototype)
  })
  it('reports every bad field by its path, first error per field', () => {
    const r = Order.parse({ customer: { name: '', email: 'nope' }, items: [{ name: 'a', qty: 1 }, { name: 'b', qty: 0 }, { qty: 'x' }] })
    expect(errorsOf(r)).toEqual({
      'customer.name': 'must be at least 1 character',
      'customer.email': 'must be a valid email address',
      'items.1.qty': 'must be at least 1',
      'items.2.name': 'is required',
      'items.2.qty': 'must be an integer',
    })
  })
  it('array length, type; a single query value becomes a list of one', () => {
    expect(errorsOf(Order.parse({ customer: { name: 'a', email: 'a@b.co' }, items: [] }))).toEqual({ items: 'must have at least 1 item' })
    expect(errorsOf(v.array(v.string()).max(1).parse(['a', 'b']))).toEqual({ '': 'must have at most 1 item' })
    expect(errorsOf(v.array(v.string()).length(2).parse(['a']))).toEqual({ '': 'must have exactly 2 items' })
    expect(errorsOf(v.array(v.string()).parse('a'))).toEqual({ '': 'must be a list' })
    expect(v.array(v.integer()).parse('7', { coerce: true })).toEqual({ ok: true, value: [7] })
    expect(errorsOf(v.object({}).parse([]))).toEqual({ '': 'must be an object' })
    expect(errorsOf(v.object({}).parse('x'))).toEqual({ '': 'must be an object' })
  })
  it('custom checks run on the clean value; a string verdict is the message; a path places it', () => {
    const Pw = v.object({ password: v.string().min(3), confirm: v.string() })
      .check((o) => o.password === o.confirm, 'passwords differ', 'confirm')
    expect(errorsOf(Pw.parse({ password: 'abc', confirm: 'abd' }))).toEqual({ confirm: 'passwords differ' })
    expect(errorsOf(Pw.parse({ password: 'ab', confirm: 'ab' }))).toEqual({ password: 'must be at least 3 characters' })
    const even = v.integer().check((n) => n % 2 === 0 || 'must be even')
    expect(errorsOf(even.parse(3))).toEqual({ '': 'must be even' })
    expect(errorsOf(v.string().check(() => false).parse('x'))).toEqual({ '': 'is invalid' })
  })
  it('modifiers return copies: a base schema is not changed', () => {
    const base = v.string()
    const short = base.max(2)
    expect(base.parse('abcdef').ok).toBe(true)
    expect(short.parse('abcdef').ok).toBe(false)
    expect(base.optional().parse(undefined).ok).toBe(true)
    expect(base.parse(undefined).ok).toBe(false)
  })
  it('forms: empty strings are missing values, numbers and booleans coerced', () => {
    const Form = v.object({ name: v.string().trim(), age: v.integer().optional(), terms: v.boolean().default(false) })
    const form = Object.assign(Object.create(null), { name: '  ', age: '', other: 'x' })
    expect(errorsOf(Form.parse(form, { coerce: true }))).toEqual({ name: 'is required' })
    expect(Form.parse({ name: 'Bo', age: '31', terms: 'on' }, { coerce: true })).toEqual({ ok: true, value: { name: 'Bo', age: 31, terms: true } })
  })
})

describe('bracketed form names (unflatten)', () => {
  it('nests user[name], items[0][qty], tags[]; drops prototype names', async () => {
    const { unflatten } = await import('../../src/njs/validate/unflatten.ts')
    const flat = Object.assign(Object.create(null), {
      'user[name]': 'Ann', 'items[1][qty]': '3', 'items[0][qty]': '2', 'items[0][name]': 'tea', 'items[1][name]': 'cake',
      'tags[]': ['a', 'b'], 'one[]': 'x', plain: 'p', '__proto__[x]': '1', 'a[constructor][y]': '1', 'b[]x': 'odd', 'c[': 'odd',
      'user[name][deep]': 'conflict',
    })
    const out = unflatten(flat)
    expect(JSON.parse(JSON.stringify(out))).toEqual({
      user: { name: 'Ann' }, items: { 1: { qty: '3', name: 'cake' }, 0: { qty: '2', name: 'tea' } },
      tags: ['a', 'b'], one: ['x'], plain: 'p', 'b[]x': 'odd', 'c[': 'odd',
    })
    expect(({} as any).x).toBeUndefined()
    const Order = v.object({ user: v.object({ name: v.string() }), items: v.array(v.object({ name: v.string(), qty: v.integer() })), tags: v.array(v.string()) })
    expect(Order.parse(out, { coerce: true })).toEqual({ ok: true, value: {
      user: { name: 'Ann' }, items: [{ name: 'tea', qty: 2 }, { name: 'cake', qty: 3 }], tags: ['a', 'b'] } })
    // index keys must be 0…n-1: a gap or a huge index is not a list
    expect(v.array(v.string()).parse({ 0: 'a', 5: 'b' }, { coerce: true }).ok).toBe(false)
    expect(v.array(v.string()).parse({ 99999999: 'a' }, { coerce: true }).ok).toBe(false)
    expect(v.array(v.string()).parse({ 0: 'a' }).ok).toBe(false) // JSON: an object is not a list
  })
})
