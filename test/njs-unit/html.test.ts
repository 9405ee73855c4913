import { describe, expect, it } from 'vitest'
import { fragment, getTags, h, raw, tag, view, UNSAFE_URL } from '../../src/njs/html/index.ts'
import { Fragment, jsx, jsxs } from '../../src/njs/jsx-runtime/index.ts'

const t = getTags()
const v = (fn: () => any) => view(() => fn(), null, true)

describe('tags (Losty view semantics)', () => {
  it('void elements: attributes only, children are an error', () => {
    expect(v(() => t.br())).toBe('<br>')
    expect(v(() => t.br(null))).toBe('<br>')
    expect(v(() => t.br(''))).toBe('<br>')
    expect(v(() => t.br({}))).toBe('<br>')
    expect(v(() => t.img({ src: '/a.png', alt: 'A' }))).toBe('<img src="/a.png" alt="A">')
    expect(v(() => t.img('[src=/img/tmp file.png]'))).toBe('<img src="/img/tmp file.png">')
    expect(() => v(() => (t.hr as any)(t.hr(), 'x'))).toThrow(/void element/)
    expect(() => v(() => (t.hr as any)([t.div()]))).toThrow(/void element/)
    expect(() => v(() => jsx('br', { children: 'x' }))).toThrow(/void element/)
  })
  it('normal elements: children; the first of two or more arguments may be attributes', () => {
    expect(v(() => t.div())).toBe('<div></div>')
    expect(v(() => t.div('foo'))).toBe('<div>foo</div>')
    expect(v(() => t.div('.foo', ''))).toBe('<div class="foo"></div>')
    expect(v(() => t.div('#id1.foo.bar', ''))).toBe('<div id="id1" class="foo bar"></div>')
    expect(v(() => t.div('[class=foo][title=bar]', []))).toBe('<div class="foo" title="bar"></div>')
    expect(v(() => t.div("[id=id1][title='bar']", 'x'))).toBe('<div id="id1" title="bar">x</div>')
    expect(v(() => t.div('[title="bar"][hidden]', 1))).toBe('<div title="bar" hidden>1</div>')
    expect(() => v(() => t.div('   .foo', ''))).toThrow(/must start with/)
    expect(() => v(() => t.div('[x=1', ''))).toThrow(/unclosed/)
    // a string first of two arguments is attributes (Losty): text there is refused, not shown
    expect(() => v(() => t.h1('Hello ', 'you'))).toThrow(/must start with/)
    expect(v(() => t.h1(['Hello ', 'you']))).toBe('<h1>Hello you</h1>')
    expect(v(() => t.h1(null, 'Hello ', 'you'))).toBe('<h1>Hello you</h1>')
    // …and data that lands there by mistake cannot make handlers, styles or srcdoc
    for (const s of ['[onclick=alert(1)]', '[ONload=x]', '[style=x]', '[srcdoc=<b>]', '[onerror]']) {
      expect(() => v(() => t.p(s, 'x'))).toThrow(/cannot be given in a shorthand string/)
    }
    expect(v(() => t.a('[href=javascript:alert(1)]', 'x'))).toBe('<a href="about:invalid#tresty-unsafe-url">x</a>')
    expect(v(() => t.p(t.h1('blog')))).toBe('<p><h1>blog</h1></p>')
    expect(v(() => t.nav(t.span('z'), t.span(1), t.span(false)))).toBe('<nav><span>z</span><span>1</span><span></span></nav>')
    expect(v(() => t.p(['AA', t.mark('mk')], 'YY', 'ZZ'))).toBe('<p>AA<mark>mk</mark>YYZZ</p>')
    expect(v(() => t.ul([t.li('item1'), t.li('item2')]))).toBe('<ul><li>item1</li><li>item2</li></ul>')
    expect(v(() => t.a({ href: '/' }, t.strong(null, 'Home')))).toBe('<a href="/"><strong>Home</strong></a>')
    expect(v(() => t.table(t.tr(t.td('x'))))).toBe('<table><tr><td>x</td></tr></table>')
    expect(v(() => t.select(t.option({ value: 1, selected: true }, 'a')))).toBe('<select><option value="1" selected>a</option></select>')
  })
  it('a template may return a list, strings (escaped) included; doctype unless told', () => {
    expect(v(() => [t.img('[src=/x.png]'), t.span('s')])).toBe('<img src="/x.png"><span>s</span>')
    expect(v(() => ['AAA', '<b>', t.p('para')])).toBe('AAA&lt;b&gt;<p>para</p>')
    expect(view((a: { n: string }) => t.p(a.n), { n: 'x' })).toBe('<!DOCTYPE html><p>x</p>')
  })
  it('attributes: booleans, lists, JSX names, values escaped, names validated', () => {
    expect(v(() => t.input({ type: 'checkbox', checked: true, disabled: false, value: null }))).toBe('<input type="checkbox" checked>')
    expect(v(() => t.div({ class: ['a', null, 'b', false, ''] }, ''))).toBe('<div class="a b"></div>')
    expect(v(() => jsx('label', { className: 'c', htmlFor: 'x', children: 'L' }))).toBe('<label class="c" for="x">L</label>')
    expect(v(() => t.div({ title: `"><script>alert(1)</script>` }, ''))).toBe('<div title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"></div>')
    for (const bad of ['on click', 'a"b', 'x>y', 'a=b', '', "a'", 'a/b', '<x']) {
      expect(() => v(() => t.div({ [bad]: '1' }, ''))).toThrow(/invalid attribute name/)
    }
    expect(() => v(() => t.div({ style: { color: 'red' } as any }, ''))).toThrow(/not a value/)
  })
  it('text is escaped; raw() is the one opt-out; objects are refused (a JSON body cannot pass as markup)', () => {
    expect(v(() => t.p('<script>alert("x")</script> & \''))).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;</p>')
    expect(v(() => t.div(raw('<b>bold</b>')))).toBe('<div><b>bold</b></div>')
    expect(() => v(() => t.p(JSON.parse('{"html":"<script>x</script>"}')))).toThrow(/plain object/)
    expect(() => v(() => t.p(JSON.parse('{"__html":"<script>x</script>"}')))).toThrow(/plain object/)
    expect(v(() => fragment('a', t.b('b')))).toBe('a<b>b</b>')
  })
  it('URL attributes lose code-running schemes, as a browser would parse them', () => {
    const bad = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:x', '\x01\x1fjavascript:x', 'java\tscript:x', 'java\nscript:x',
      'jav\r\nascript:x', 'vbscript:msgbox(1)', 'data:text/html,<script>x</script>', 'DATA:image/svg+xml,x', 'livescript:x', 'mocha:x']
    for (const url of bad) {
      for (const attr of ['href', 'src', 'action', 'formaction', 'HREF', 'xlink:href', 'poster']) {
        expect(v(() => t.a({ [attr]: url }, ''))).toBe(`<a ${attr}="${UNSAFE_URL}"></a>`)
      }
    }
    for (const ok of ['/path', 'https://x.y/?a=1&b=2', 'mailto:a@b.c', '#top', '?q=javascript:x', './javascript:x', '\u00a0javascript:x', '&#106;avascript:x']) {
      const out = v(() => t.a({ href: ok }, ''))
      expect(out).not.toContain(UNSAFE_URL)
    }
    expect(v(() => t.a({ href: '&#106;avascript:x' }, ''))).toBe('<a href="&amp;#106;avascript:x"></a>')
  })
  it('srcdoc: markup only as an Html value; a string is shown as text', () => {
    expect(v(() => t.iframe({ srcdoc: '<script>x</script>' }, ''))).toBe('<iframe srcdoc="&amp;lt;script&amp;gt;x&amp;lt;/script&amp;gt;"></iframe>')
    expect(v(() => t.iframe({ srcdoc: t.p('hi') }, ''))).toBe('<iframe srcdoc="&lt;p&gt;hi&lt;/p&gt;"></iframe>')
  })
  it('tag names: checked always; unknown ones refused in strict mode', () => {
    expect(v(() => tag('my-widget', { x: 1 }, 'c'))).toBe('<my-widget x="1">c</my-widget>')
    expect(view(() => tag('my-widget'), null, true, false)).toBe('<my-widget></my-widget>')
    expect(() => view(() => tag('my-widget'), null, true, true)).toThrow(/unknown tag <my-widget>/)
    expect(() => view(() => jsx('blink', {}), null, true, true)).toThrow(/unknown tag/)
    expect(view(() => jsx('svg', { children: jsx('path', { d: 'M0' }) }), null, true, true)).toBe('<svg><path d="M0"></path></svg>')
    for (const bad of ['', 'a b', 'script>', 'x"', '1a', 'a/b', '-a']) expect(() => v(() => tag(bad))).toThrow(/invalid tag name/)
    expect(() => v(() => h('img onerror=alert(1)', null))).toThrow(/invalid tag name/)
    // strict mode ends with the view, even when it threw
    expect(() => view(() => { throw new Error('boom') }, null, true, true)).toThrow('boom')
    expect(v(() => tag('my-widget'))).toBe('<my-widget></my-widget>')
  })
})

describe('JSX runtime', () => {
  it('elements, components, fragments, children lists', () => {
    const Item = (p: { name: string }) => jsx('li', { children: p.name })
    const out = v(() => jsxs('ul', { class: 'l', children: [jsx(Item, { name: '<a>' }), jsx(Fragment, { children: ['x', jsx('b', { children: 1 })] })] }))
    expect(out).toBe('<ul class="l"><li>&lt;a&gt;</li>x<b>1</b></ul>')
    expect(v(() => jsx((p: { children?: any }) => ['a', p.children], { children: 'b' }))).toBe('ab')
  })
})

describe('tresty/html/elements', () => {
  it('the same tags as functions of their own; a one-parameter template gets no h object', async () => {
    const el = await import('../../src/njs/html/elements.ts')
    expect(view(() => el.ul('.l', [el.li('a'), el.li('[data-x=1]', '<b>')]), null, true)).toBe('<ul class="l"><li>a</li><li data-x="1">&lt;b&gt;</li></ul>')
    expect(view(() => [el.br(), el.var_('x'), el.img({ src: 'javascript:x' })], null, true)).toBe('<br><var>x</var><img src="about:invalid#tresty-unsafe-url">')
    expect(() => view(() => (el.br as any)('x', 'y'), null, true)).toThrow(/void element/)
    let seen: unknown = 'unset'
    view(function (this: unknown, _args: null) { seen = arguments[1]; return '' }, null)
    expect(seen).toBeUndefined()
    view((_args: null, h: unknown) => { seen = h; return '' }, null)
    expect(typeof (seen as any).div).toBe('function')
  })
})
