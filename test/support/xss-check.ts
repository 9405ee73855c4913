/**
 * Checks the HTML that the probe templates render for one hostile string (test/apps/views-app.ts
 * `hostileDsl`, test/apps/views/page.tsx `hostile`): parsed with parse5 as a browser would, it
 * must hold exactly the elements and attributes the template wrote, the payload as literal text
 * or value, and no URL attribute with a code-running scheme.
 */
import { parseFragment } from 'parse5'

export const UNSAFE_URL = 'about:invalid#tresty-unsafe-url'

/** What the HTML parser's input stream does to any text: CR/CRLF → LF. NUL: dropped in text, U+FFFD in attributes. */
function normalise(s: string, inAttr: boolean): string {
  return s.replace(/\r\n?/g, '\n').replace(/\u0000/g, inAttr ? '\ufffd' : '')
}

/** The scheme as the WHATWG URL parser sees it (leading C0/space stripped, tab/newline removed). */
export function dangerousScheme(url: string): boolean {
  const s = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '')
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(s)
  return !!m && ['javascript', 'vbscript', 'data', 'livescript', 'mocha'].includes(m[1].toLowerCase())
}

interface El { tag: string; attrs: Record<string, string>; text: string; children: El[] }

function walk(node: any): El[] {
  const out: El[] = []
  for (const c of node.childNodes || []) {
    if (c.nodeName === '#text') continue
    if (c.nodeName === '#comment') { out.push({ tag: '#comment', attrs: {}, text: c.data, children: [] }); continue }
    const attrs: Record<string, string> = {}
    for (const a of c.attrs) attrs[a.name] = a.value
    const text = (c.childNodes || []).filter((t: any) => t.nodeName === '#text').map((t: any) => t.value).join('')
    out.push({ tag: c.tagName, attrs, text, children: walk(c) })
  }
  return out
}

/** Problems found (empty when the output is what the template wrote). */
export function checkRendered(context: string, payload: string, html: string): string[] {
  const problems: string[] = []
  const tree = walk(parseFragment(html))
  const expectTags = context === 'url' ? 'a>img' : 'div'
  const got = tree.map((e) => e.tag + (e.children.length ? '>' + e.children.map((c) => c.tag).join(',') : '')).join(' ')
  if (got !== expectTags) problems.push(`elements: expected ${expectTags}, got ${got}`)
  const top = tree[0]
  if (!top) return problems
  const names = Object.keys(top.attrs).sort().join(',')
  if (context === 'text') {
    if (names !== 'id') problems.push(`attributes: ${names}`)
    if (top.text !== normalise(payload, false)) problems.push(`text: ${JSON.stringify(top.text)}`)
  } else if (context === 'attr') {
    if (names !== 'data-x,id,title') problems.push(`attributes: ${names}`)
    for (const n of ['title', 'data-x']) if (top.attrs[n] !== normalise(payload, true)) problems.push(`${n}: ${JSON.stringify(top.attrs[n])}`)
  } else {
    const img = top.children[0]
    if (names !== 'href,id') problems.push(`attributes: ${names}`)
    if (!img || Object.keys(img.attrs).join(',') !== 'src') problems.push('img attributes')
    const want = dangerousScheme(payload) ? UNSAFE_URL : normalise(payload, true)
    for (const v of [top.attrs.href, img && img.attrs.src]) {
      if (v !== want) problems.push(`url: ${JSON.stringify(v)} (want ${JSON.stringify(want)})`)
      if (v !== undefined && dangerousScheme(v)) problems.push(`dangerous url kept: ${JSON.stringify(v)}`)
    }
  }
  return problems
}

/** About 30 hand-picked vectors of our own: script tags, attribute break-outs, URL tricks. */
export const OWN_VECTORS: { context: string; payload: string }[] = [
  { context: 'text', payload: '<script>alert(1)</script>' },
  { context: 'text', payload: '</div><script>alert(1)</script><div>' },
  { context: 'text', payload: '<img src=x onerror=alert(1)>' },
  { context: 'text', payload: '<svg/onload=alert(1)>' },
  { context: 'text', payload: '<!--<script>-->alert(1)' },
  { context: 'text', payload: '&lt;script&gt; stays &amp; literal' },
  { context: 'text', payload: '<![CDATA[<script>]]>' },
  { context: 'text', payload: '<style>*{x:expression(alert(1))}</style>' },
  { context: 'text', payload: 'a\r\nb\u0000c' },
  { context: 'text', payload: '<iframe srcdoc="<script>alert(1)</script>">' },
  { context: 'attr', payload: '"><script>alert(1)</script>' },
  { context: 'attr', payload: "' onmouseover='alert(1)" },
  { context: 'attr', payload: '" onfocus="alert(1)" autofocus="' },
  { context: 'attr', payload: '`onmouseover=alert(1)`' },
  { context: 'attr', payload: '&quot; onclick=&quot;alert(1)' },
  { context: 'attr', payload: '/><img src=x onerror=alert(1)>' },
  { context: 'attr', payload: 'x\u0000"y' },
  { context: 'attr', payload: '"\tonclick=alert(1)' },
  { context: 'url', payload: 'javascript:alert(1)' },
  { context: 'url', payload: 'JaVaScRiPt:alert(1)' },
  { context: 'url', payload: ' \u0001javascript:alert(1)' },
  { context: 'url', payload: 'java\tscript:alert(1)' },
  { context: 'url', payload: 'java\nscript:alert(1)' },
  { context: 'url', payload: 'vbscript:msgbox(1)' },
  { context: 'url', payload: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
  { context: 'url', payload: '&#106;avascript:alert(1)' },
  { context: 'url', payload: 'javascript&colon;alert(1)' },
  { context: 'url', payload: '" onerror="alert(1)' },
  { context: 'url', payload: '/ok?a=1&b=<2>' },
  { context: 'url', payload: 'https://example.com/"><script>alert(1)</script>' },
  { context: 'url', payload: '\u00a0javascript:alert(1)' },
]
