/**
 * tresty/validate, tresty/html and .tsx views in a real nginx (run on each engine row):
 * 422 maps, coercion, cumulative arguments, a form re-rendered with its messages, the DSL and
 * TSX pages, hostile strings (our own and the shared corpus) parsed back with parse5.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseFragment, parse } from 'parse5'
import { startApp, type TestServer } from '../support/nginx.ts'
import { checkRendered, OWN_VECTORS } from '../support/xss-check.ts'
import { corpus } from '../support/corpora.ts'

let s: TestServer

beforeAll(async () => {
  s = await startApp({ app: 'test/apps/views-app.ts' })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
})

async function call(path: string, init?: RequestInit) {
  const res = await s.fetch(path, init)
  const text = await res.text()
  let body: any = text
  try { body = JSON.parse(text) } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, body }
}
const json = (path: string, body: unknown, init: RequestInit = {}) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...init })
const form = (path: string, body: string) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })

const goodOrder = { customer: { name: ' Ann ', email: 'ann@example.com' }, items: [{ name: 'tea', qty: 2 }], extra: 'dropped' }

describe('validate() through nginx', () => {
  it('passes the clean value on: trimmed, defaults filled, unknown keys dropped', async () => {
    const r = await json('/orders?dry=yes', goodOrder)
    expect(r.status).toBe(201)
    expect(r.body).toEqual({ order: { customer: { name: 'Ann', email: 'ann@example.com' }, items: [{ name: 'tea', qty: 2 }], gift: false }, dry: true })
  })
  it('422 with every bad field by path (JSON is not coerced)', async () => {
    const r = await json('/orders?dry=maybe', { customer: { name: '', email: 'x@' }, items: [{ name: 'a', qty: 1 }, { name: '', qty: '2' }], coupon: 'abc', gift: 'true' })
    expect(r.status).toBe(422)
    expect(r.body).toEqual({ error: { status: 422, message: 'Unprocessable Entity', errors: {
      query: { dry: 'must be true or false' },
      body: {
        'customer.name': 'must be at least 1 character',
        'customer.email': 'must be a valid email address',
        'items.1.name': 'must be at least 1 character',
        'items.1.qty': 'must be an integer',
        coupon: 'has an invalid format',
        gift: 'must be true or false',
      },
    } } })
  })
  it('bodies: no body → every required field; wrong type 415; bad JSON 400; not an object 422', async () => {
    const none = await call('/orders', { method: 'POST' })
    expect(none.status).toBe(422)
    expect(none.body.error.errors.body).toEqual({ customer: 'is required', items: 'is required' })
    expect((await call('/orders', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415)
    expect((await call('/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' })).status).toBe(400)
    const arr = await json('/orders', [1, 2])
    expect(arr.status).toBe(422)
    expect(arr.body.error.errors.body).toEqual({ '': 'must be an object' })
    const deep = await json('/orders', { customer: { name: 'a', email: 'a@b.co' }, items: new Array(6).fill({ name: 'x', qty: 1 }) })
    expect(deep.body.error.errors.body).toEqual({ items: 'must have at most 5 items' })
  })
  it('query and params are coerced: numbers, one-of, repeated keys as lists', async () => {
    const r = await call('/search/books?q=%20tea%20&page=3&tag=a&tag=b')
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ params: { section: 'books' }, query: { q: 'tea', page: 3, sort: 'new', tag: ['a', 'b'] } })
    expect((await call('/search/music?q=ab&tag=x')).body.query.tag).toEqual(['x'])
    const bad = await call('/search/films?q=a&page=0x10&sort=old&tag=1&tag=2&tag=3&tag=4')
    expect(bad.status).toBe(422)
    expect(bad.body.error.errors).toEqual({
      params: { section: 'must be one of: books, music' },
      query: { q: 'must be at least 2 characters', page: 'must be an integer', sort: 'must be one of: new, top', tag: 'must have at most 3 items' },
    })
  })
  it('forms are coerced; custom checks place their message; earlier arguments stay first', async () => {
    const ok = await form('/signup', 'email=a%40b.co&password=longenough&confirm=longenough')
    expect(ok.body).toEqual({ first: 'first', email: 'a@b.co' })
    const bad = await form('/signup', 'email=a%40b.co&password=longenough&confirm=other')
    expect(bad.status).toBe(422)
    expect(bad.body.error.errors.body).toEqual({ confirm: 'passwords differ' })
    const mp = new FormData()
    mp.set('email', 'c@d.io'); mp.set('password', '12345678'); mp.set('confirm', '12345678')
    expect((await call('/signup', { method: 'POST', body: mp })).body).toEqual({ first: 'first', email: 'c@d.io' })
  })
  it('bracketed form names build nested objects and lists; error paths follow them', async () => {
    const ok = await form('/orders', 'customer[name]=Bo&customer[email]=bo%40x.io&items[0][name]=tea&items[0][qty]=2&items[1][name]=cake&items[1][qty]=1&gift=on&__proto__[x]=1')
    expect(ok.status).toBe(201)
    expect(ok.body.order).toEqual({ customer: { name: 'Bo', email: 'bo@x.io' }, items: [{ name: 'tea', qty: 2 }, { name: 'cake', qty: 1 }], gift: true })
    const bad = await form('/orders', 'customer[name]=Bo&customer[email]=bo%40x.io&items[0][name]=tea&items[0][qty]=2&items[1][qty]=x')
    expect(bad.status).toBe(422)
    expect(bad.body.error.errors.body).toEqual({ 'items.1.name': 'is required', 'items.1.qty': 'must be an integer' })
  })
  it('onError re-renders the TSX form with the messages and the (escaped) value', async () => {
    const r = await form('/login', 'email=%22%3E%3Cscript%3Ex%3C%2Fscript%3E&password=short')
    expect(r.status).toBe(422)
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const doc = parse(r.body)
    const html = r.body as string
    expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true)
    expect(html).not.toContain('<script>')
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"')
    expect(html).toContain('<span class="error" data-for="email">must be a valid email address</span>')
    expect(html).toContain('<span class="error" data-for="password">must be at least 8 characters</span>')
    expect(html).toContain('<p class="field invalid">')
    expect(doc.childNodes.length).toBeGreaterThan(0)
    expect((await form('/login', 'email=a%40b.co&password=12345678')).body).toEqual({ ok: 'a@b.co' })
  })
})

describe('views through nginx', () => {
  it('the TSX page: layout, components, void elements, fragments', async () => {
    const r = await call('/login?next=/a%22b')
    expect(r.status).toBe(200)
    expect(r.body).toBe('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body>' +
      '<form method="post" action="/login?next=%2Fa%22b">' +
      '<p class="field"><label for="email">E-mail</label><input id="email" name="email" type="email" required></p>' +
      '<p class="field"><label for="password">Password</label><input id="password" name="password" type="password" required></p>' +
      '<button type="submit">Sign in</button></form></body></html>')
  })
  it('the DSL page: shorthand attributes, lists, raw(), escaping, URL check', async () => {
    const r = await call('/dsl?name=%3Cb%3EBo%3C/b%3E&item=1&item=%3Ci%3E&link=javascript:alert(1)')
    expect(r.body).toBe('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Hi &lt;b&gt;Bo&lt;/b&gt;</title></head><body>' +
      '<h1 id="top" class="title">Hello &lt;b&gt;Bo&lt;/b&gt;</h1><ul class="items"><li data-item="yes">1</li><li data-item="yes">&lt;i&gt;</li></ul>' +
      '<a href="about:invalid#tresty-unsafe-url" title="&lt;b&gt;Bo&lt;/b&gt;">link</a><!-- raw markup --></body></html>')
  })
  it('tags imported from tresty/html/elements', async () => {
    const r = await call('/elements?to=%20javascript:alert(1)')
    expect(r.body).toBe('<ul class="e"><li>x</li><li>&lt;y&gt;</li></ul><a href="about:invalid#tresty-unsafe-url">go</a>')
  })
  it('template mistakes are a 500 with the reason in the error log, never a crash', async () => {
    expect((await call('/broken/void')).status).toBe(500)
    expect((await call('/broken/strict')).status).toBe(500)
    expect(s.errorLog()).toMatch(/<br> is a void element and cannot have children/)
    expect(s.errorLog()).toMatch(/unknown tag <blink> \(strict\)/)
  })
})

describe('hostile strings through nginx (DSL and TSX)', () => {
  async function renderAll(engine: string, cases: { context: string; payload: string }[]): Promise<string[]> {
    const r = await json('/render/' + engine, cases.map((c) => ({ context: c.context, payload: c.payload })))
    expect(r.status).toBe(200)
    return r.body
  }
  for (const engine of ['dsl', 'tsx']) {
    it(`our own vectors (${engine})`, async () => {
      const out = await renderAll(engine, OWN_VECTORS)
      OWN_VECTORS.forEach((c, i) => expect(checkRendered(c.context, c.payload, out[i]), c.payload).toEqual([]))
    })
    const cases = corpus('xss-vectors.json')
    it.skipIf(!cases)(`shared/corpora/xss-vectors.json (${engine})`, async () => {
      const out = await renderAll(engine, cases!)
      expect(out.length).toBe(cases!.length)
      cases!.forEach((c, i) => expect(checkRendered(c.context, c.payload, out[i]), `#${c.id} ${c.payload}`).toEqual([]))
    })
  }
  it('parse5 sees one element per rendered text case', () => {
    expect(parseFragment('<div id="t">&lt;x&gt;</div>').childNodes.length).toBe(1)
  })
})

describe('slug and helpers through nginx', () => {
  it('slug: transliteration, camelCase, bounded length', async () => {
    const r = await call('/slug?text=' + encodeURIComponent('Grüße aus Köln — Αθήνα & Привет fooBar') + '&max=30')
    expect(r.body).toEqual({ slug: 'gruesse-aus-koeln-athina-and' })
    const all = await json('/slug', ['Déjà Vu!', 'Компьютер', 'I ♥ 🦄', "Don't Repeat Yourself", '  '])
    expect(all.body).toEqual(['deja-vu', 'kompyuter', 'i-love-unicorn', 'dont-repeat-yourself', ''])
  })
  it('helpers: the same answers as under Node', async () => {
    const r = await json('/helpers', [
      { fn: 'number_format', args: [1234.5678, 2] },
      { fn: 'number_format', args: [1.005, 2, ',', '.'] },
      { fn: 'str_pad', args: ['5', 3, '0', 0] },
      { fn: 'ucwords', args: ['hello big-world', ' -'] },
      { fn: 'trim', args: ['abcHIcba', 'a..c'] },
      { fn: 'explode', args: [',', 'a,b,c,d', -2] },
      { fn: 'implode', args: [', ', [1, true, false, null, [1]]] },
      { fn: 'array_chunk', args: [{ a: 1, b: 2, c: 3 }, 2, true] },
      { fn: 'http_build_query', args: [{ q: 'a b&c', tags: ['x', 'y'], n: null, ok: true }] },
      { fn: 'date', args: ['D, d M Y H:i:s O \\W\\e\\e\\k W', 1218182888] },
      { fn: 'merge', args: [{ a: { b: 1 } }, JSON.parse('{"a":{"c":2},"__proto__":{"x":1}}')] },
      { fn: 'unique', args: [[1, '1', 1, 'a', 'a']] },
      { fn: 'flatten', args: [[1, [2, [3]]]] },
      { fn: 'truncate', args: ['😀😀😀😀', 3, '.'] },
      { fn: 'hash', args: ['hello'] },
      { fn: 'explode', args: ['', 'x'] },
      { fn: 'constructor', args: [] },
    ])
    expect(r.body).toEqual([
      { value: '1,234.57' }, { value: '1,01' }, { value: '005' }, { value: 'Hello Big-World' }, { value: 'HI' },
      { value: ['a', 'b'] }, { value: '1, 1, , , Array' }, { value: [{ a: 1, b: 2 }, { c: 3 }] },
      { value: 'q=a+b%26c&tags%5B0%5D=x&tags%5B1%5D=y&ok=1' }, { value: 'Fri, 08 Aug 2008 08:08:08 +0000 Week 32' },
      { value: { a: { b: 1, c: 2 } } }, { value: [1, '1', 'a'] }, { value: [1, 2, 3] }, { value: '😀😀.' }, { value: 99162322 },
      { throws: 'ValueError', message: 'explode(): Argument #1 ($separator) cannot be empty' },
      { throws: 'NoSuchHelper', message: 'constructor' },
    ])
  })
  const php = corpus('php-functions.json')
  it.skipIf(!php)('the php-src cases give the same answers in nginx as under Node', async () => {
    const { phpCases } = await import('../support/php-cases.ts')
    const { calls, node } = phpCases(php!)
    const r = await json('/helpers', calls)
    expect(r.body).toEqual(node)
  })
  const slugs = corpus('slug-cases.json')
  it.skipIf(!slugs)('the slug corpus gives the same answers in nginx as under Node', async () => {
    const { slug } = await import('../../src/njs/helper/slug/index.ts')
    const inputs = [...new Set(slugs!.filter((c) => typeof c.input === 'string').map((c) => c.input as string))]
    const r = await json('/slug', inputs)
    expect(r.body).toEqual(inputs.map((t) => slug(t)))
  })
})
