/** The app behind test/nginx/middleware.test.ts: a typical stack of app-wide middleware. */
import { app, HttpError } from 'tresty'
import type { Request, Response } from 'tresty'
import { secureHeaders } from 'tresty/middleware/secure-headers'
import { cors } from 'tresty/middleware/cors'
import { problemJson } from 'tresty/middleware/problem-json'
import { etag } from 'tresty/middleware/etag'
import { dual } from 'tresty/helper/dual'
import { signedUrls } from 'tresty/helper/signed-url'

const a = app()
a.use(
  secureHeaders({ csp: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], upgradeInsecureRequests: '' } }),
  cors({ origin: ['https://good.example', 'http://localhost:3000'], credentials: true, maxAge: 600, exposeHeaders: ['X-Total'] }),
  problemJson(),
  etag(),
)

const urls = signedUrls(['url-secret-new-0123456789', 'url-secret-old-0123456789'])
const oldUrls = signedUrls('url-secret-old-0123456789')

a.get('/items', (q: Request, r: Response) => { r.headers['X-Total'] = '2'; return [{ id: 1 }, { id: 2, name: 'ü' }] })
a.get('/items/nostore', (q: Request, r: Response) => { r.headers['cache-control'] = 'no-store'; return { a: 1 } })
a.get('/items/async', async () => { await Promise.resolve(); return { async: true } })
a.post('/items', (q: Request, r: Response) => { r.status = 201; return { id: 3 } })
a.get('/text', () => 'plain text')

a.get('/fail/http', () => { throw HttpError(409, 'already there') })
a.get('/fail/crash', () => { throw new Error('secret internals') })
a.get('/fail/async', async () => {
  await Promise.resolve()
  const e: any = HttpError(422, 'invalid fields')
  e.errors = { name: ['required'], age: ['must be a number'] }
  throw e
})
a.get('/methods', () => 'only GET')
// What validate() answers by default: the error shape, returned with a 422.
a.post('/returned', (q: Request, r: Response) => {
  r.status = 422
  return { error: { status: 422, message: 'Unprocessable Entity', errors: { body: { email: 'is required' } } } }
})
a.get('/returned-ok', (q: Request, r: Response) => { r.status = 400; return { error: 'just a string' } })

a.get('/dual/:id', (q: Request, r: Response) => dual(q, r, {
  html: () => `<h1>item ${q.params.id}</h1>`,
  json: () => ({ id: q.params.id }),
}))
a.get('/dual-html', (q: Request, r: Response) => dual(q, r, { html: '<p>only html</p>' }))
a.get('/dual-async', (q: Request, r: Response) => dual(q, r, { json: () => Promise.resolve({ late: true }) }))

a.get('/sign', (q: Request) => ({ url: urls.sign(String(q.query.path), Number(q.query.ttl || 0)) }))
a.get('/sign-old', (q: Request) => ({ url: oldUrls.sign(String(q.query.path), Number(q.query.ttl || 0)) }))
a.get('/files/:name', (q: Request) => {
  if (!urls.verify(q)) throw HttpError(403, 'bad or expired link')
  return { file: q.params.name }
})

export default a
