/**
 * The probe app behind test/nginx/views.test.ts: tresty/validate, tresty/html (tags and TSX),
 * slug and the helpers, each reachable through real nginx.
 */
import { app } from 'tresty'
import type { Request, Response } from 'tresty'
import { v, validate, type Infer } from 'tresty/validate'
import { view, type Tags } from 'tresty/html'
import { ul, li, a as link } from 'tresty/html/elements'
import { hostile, loginPage } from './views/page.tsx'
import * as helper from 'tresty/helper'

const a = app({ bodyLimit: 1024 * 1024 })

function html(r: Response, body: string): string {
  r.headers['Content-Type'] = 'text/html; charset=utf-8'
  return body
}

// --- validation ---------------------------------------------------------------------------
const Order = v.object({
  customer: v.object({ name: v.string().trim().min(1).max(40), email: v.email() }),
  items: v.array(v.object({ name: v.string().min(1), qty: v.integer().min(1).max(99) })).min(1).max(5),
  coupon: v.string().pattern(/^[A-Z]{4}\d{2}$/).optional(),
  gift: v.boolean().default(false),
})
const checkOrder = validate({ body: Order, query: v.object({ dry: v.boolean().default(false) }) })
a.post('/orders', checkOrder, (q: Request, r: Response, input: Infer<typeof checkOrder>) => {
  r.status = 201
  return { order: input.body, dry: input.query.dry }
})

const Search = v.object({
  q: v.string().trim().min(2),
  page: v.integer().min(1).max(100).default(1),
  sort: v.oneOf(['new', 'top'] as const).default('new'),
  tag: v.array(v.string()).max(3).optional(),
})
const checkSearch = validate({ query: Search, params: v.object({ section: v.oneOf(['books', 'music'] as const) }) })
a.get('/search/:section', checkSearch, (q: Request, r: Response, input: Infer<typeof checkSearch>) => input)

// Cumulative arguments: a handler before validate() passes its own value, which stays first.
a.post('/signup', (q: Request) => q.next('first'),
  validate({ body: v.object({ email: v.email(), password: v.string().min(8), confirm: v.string() })
    .check((o) => o.password === o.confirm, 'passwords differ', 'confirm') }),
  (q: Request, r: Response, first: string, input: any) => ({ first, email: input.body.email }))

// A form re-rendered with its messages (the login flow's shape).
const checkLogin = validate({ body: v.object({ email: v.email(), password: v.string().min(8) }) }, {
  onError: (q: Request, r: Response, errors) => {
    r.status = 422
    const f = q.form()
    return html(r, view(loginPage, { values: { email: String(f.email || '') }, errors: errors.body || {} }))
  },
})
a.get('/login', (q: Request, r: Response) =>
  html(r, view(loginPage, { values: { next: q.query.next as string | undefined }, errors: {} })))
a.post('/login', checkLogin, (q: Request, r: Response, input: Infer<typeof checkLogin>) => ({ ok: input.body.email }))

// --- views --------------------------------------------------------------------------------
function dslPage(args: { name: string; items: string[]; link: string }, h: Tags) {
  return h.html(
    h.head(h.meta({ charset: 'utf-8' }), h.title(['Hi ', args.name])),
    h.body(
      h.h1('#top.title', 'Hello ', args.name),
      h.ul('.items', args.items.map((it) => h.li('[data-item=yes]', it))),
      h.a({ href: args.link, title: args.name }, 'link'),
      h.raw('<!-- raw markup -->'),
    ),
  )
}
a.get('/dsl', (q: Request, r: Response) => {
  const items = q.query.item === undefined ? [] : ([] as string[]).concat(q.query.item)
  return html(r, view(dslPage, { name: String(q.query.name || 'you'), items, link: String(q.query.link || '/') }))
})

function hostileDsl(args: { context: string; payload: string }, h: Tags) {
  if (args.context === 'text') return h.div('#t', args.payload)
  if (args.context === 'attr') return h.div({ id: 't', title: args.payload, 'data-x': args.payload }, '')
  return h.a({ id: 't', href: args.payload }, h.img({ src: args.payload }))
}
// Renders many payloads in one request: [{ context, payload }] → [html] (DSL or TSX).
a.post('/render/:engine', (q: Request) => {
  const cases: { context: string; payload: string }[] = q.json()
  const out: string[] = []
  for (let i = 0; i < cases.length; i++) {
    out.push(q.params.engine === 'tsx' ? view(hostile, cases[i], true) : view(hostileDsl, cases[i], true))
  }
  return out
})

// Tags imported one by one (no h object built): the cheap way on the njs engine.
a.get('/elements', (q: Request, r: Response) =>
  html(r, view((args: { items: string[] }) => [ul('.e', args.items.map((it) => li(it))), link({ href: String(q.query.to || '/') }, 'go')],
    { items: ['x', '<y>'] }, true)))

// Template mistakes are the app's bug: a 500 with the stack in the error log, no crash.
a.get('/broken/void', (q: Request, r: Response) => html(r, view((_: null, h: Tags) => (h.br as any)('child'), null)))
a.get('/broken/strict', (q: Request, r: Response) => html(r, view((_: null, h: Tags) => h.tag('blink', 'x', 'y'), null, false, true)))

// --- slug and helpers -----------------------------------------------------------------------
a.get('/slug', (q: Request) => ({ slug: helper.slug(String(q.query.text || ''), q.query.max === undefined ? undefined : Number(q.query.max)) }))
a.post('/slug', (q: Request) => (q.json() as string[]).map((t) => helper.slug(t)))
// Calls helpers by name: [{ fn, args }] → [{ value } | { throws, message }] (the corpus runs through here).
a.post('/helpers', (q: Request) => {
  const calls: { fn: string; args: any[] }[] = q.json()
  return calls.map((c) => {
    const fn = Object.prototype.hasOwnProperty.call(helper, c.fn) ? (helper as any)[c.fn] : null
    if (typeof fn !== 'function') return { throws: 'NoSuchHelper', message: c.fn }
    try {
      return { value: fn.apply(null, c.args) }
    } catch (e: any) {
      return { throws: e.name, message: e.message }
    }
  })
})

export default a
