/**
 * The app behind test/nginx/core-fixes.test.ts: a redirect keeps headers and cookies, a 304
 * has no Content-Length, and an error response keeps what middleware set before it.
 */
import { app, HttpError } from 'tresty'
import type { Request, Response } from 'tresty'
import { cors } from 'tresty/middleware/cors'
import { etag } from 'tresty/middleware/etag'

const a = app()

// Like a session middleware: adds its cookie after the handler returned.
a.use((q: Request, r: Response) => {
  const out = q.next()
  if (q.path.indexOf('/redirect/') === 0) r.cookie('late', true, null, '/')(60, 'Lax', null, 'after')
  return out
})

a.route('/redirect')
  .get('/cookie', (q: Request, r: Response) => {
    r.cookie('early', true, null, '/')(60, 'Lax', null, 'before')
    r.headers['X-Before'] = 'kept'
    return r.redirect('/there', 303)
  })
  .get('/default', (q: Request, r: Response) => r.redirect('/elsewhere'))
  .get('/bad', (q: Request, r: Response) => r.redirect(String(q.query.to)))

a.route('/tagged').use(etag()).get('/items', () => [{ id: 1 }])

// Middleware that sets headers, then the route fails; onError rethrows for /fail/*, answers for /own/*.
const withHeaders = (q: Request, r: Response) => {
  r.headers['X-Request-Id'] = 'req-1'
  r.headers['Content-Type'] = 'text/csv'
  r.headers['Content-Disposition'] = 'attachment; filename="x.csv"'
  r.headers.ETag = '"stale"'
  r.cookie('half', true, null, '/')(60, 'Lax', null, 'done')
  return q.next()
}
for (const prefix of ['/fail', '/own']) {
  a.route(prefix).use(cors({ origin: 'https://good.example' }), withHeaders)
    .get('/crash', () => { throw new Error('secret internals') })
    .get('/http', () => { throw HttpError(409, 'already there', { 'X-Error': 'yes' }) })
    .get('/async', async () => { throw new Error('later') })
}
a.onError((e: any, q: Request, r: Response) => {
  if (q.path.indexOf('/own/') !== 0) throw e
  return { mine: r.status }
})

export default a
