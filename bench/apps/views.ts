/**
 * The views benches: the same hello route as views-base.ts, in an app that also imports
 * tresty/validate, tresty/html and tresty/helper and declares its schemas at module load (what
 * that costs every request on the njs engine), plus a TSX page, a DSL page, a validated JSON
 * body and a slug.
 */
import { app, type Request, type Response } from 'tresty'
import { v, validate, type Infer } from 'tresty/validate'
import { view, type Tags } from 'tresty/html'
import { slug } from 'tresty/helper'
import { loginPage } from './views/login.tsx'

const Order = v.object({
  customer: v.object({ name: v.string().trim().min(1).max(40), email: v.email() }),
  items: v.array(v.object({ name: v.string().min(1), qty: v.integer().min(1).max(99) })).min(1).max(5),
  coupon: v.string().pattern(/^[A-Z]{4}\d{2}$/).optional(),
  gift: v.boolean().default(false),
})
const Search = v.object({ q: v.string().trim().min(2), page: v.integer().min(1).default(1), sort: v.oneOf(['new', 'top'] as const).default('new') })
const checkOrder = validate({ body: Order })
const checkSearch = validate({ query: Search })

function list(args: { items: string[] }, h: Tags) {
  return h.html(h.body(h.h1('.title', 'Items'), h.ul('.items', args.items.map((it) => h.li('[data-x=1]', it)))))
}
const ITEMS = ['one', 'two <three>', 'four & five', 'six', 'seven', 'eight', 'nine', 'ten']

const a = app()
a.get('/json/:id', (q: Request) => ({ message: 'Hello, World!', id: q.params.id }))
a.get('/page/tsx', (q: Request, r: Response) => {
  r.headers['Content-Type'] = 'text/html; charset=utf-8'
  return view(loginPage, { email: 'ann@example.com', errors: { password: 'must be at least 8 characters' } })
})
a.get('/page/dsl', (q: Request, r: Response) => {
  r.headers['Content-Type'] = 'text/html; charset=utf-8'
  return view(list, { items: ITEMS })
})
a.post('/orders', checkOrder, (q: Request, r: Response, input: Infer<typeof checkOrder>) => ({ items: input.body.items.length }))
a.get('/search', checkSearch, (q: Request, r: Response, input: Infer<typeof checkSearch>) => input.query)
a.get('/slug', () => ({ slug: slug('Grüße aus Köln: Καλημέρα κόσμε, Привет мир!') }))
export default a
