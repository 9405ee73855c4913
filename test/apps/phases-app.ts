/**
 * The app behind test/nginx/phases.test.ts: app-level notFound/onError, middleware that sees
 * the 404/405/501 of unrouted requests, and the log phase.
 */
import { app, HttpError } from 'tresty'
import type { Request, Response } from 'tresty'

const a = app()

// Middleware around q.next(): sees what the chain throws, unrouted requests included.
a.use((q: Request, r: Response) => {
  try {
    const out = q.next()
    if (out && typeof out.then === 'function') return out.then(undefined, (e: any) => { r.headers['X-Saw'] = String(e.status || 500); throw e })
    return out
  } catch (e: any) {
    r.headers['X-Saw'] = String(e.status || 500)
    if (q.query.swallow === '1') return { swallowed: e.status }
    throw e
  }
})

// Middleware that changes q.method and q.path on the way in (?rewrite=1): an unrouted
// request's 404/405/501 still names what was routed (the error is made at the chain's end).
a.use((q: Request) => {
  if (q.query.rewrite === '1') { q.method = 'DELETE'; q.path = '/elsewhere' }
  return q.next()
})

a.notFound((q: Request, r: Response, e) => {
  if (q.path.indexOf('/custom/') !== 0) throw e
  r.status = e.status
  if (e.headers) for (const k in e.headers) r.headers[k] = e.headers[k]
  return { custom: e.status, path: q.path }
})

a.onError((e: any, q: Request, r: Response) => {
  if (q.path.indexOf('/handled/') !== 0) throw e
  r.headers['X-Handled'] = 'yes'
  return { handled: r.status, message: r.status === 500 ? 'oops' : e.message }
})

a.get('/ok', () => 'ok')
a.get('/custom/only-get', () => 'get')
a.get('/handled/http', () => { throw HttpError(409, 'conflict here') })
a.get('/handled/boom', () => { throw new Error('internal detail') })
a.get('/handled/async', async () => { await null; throw HttpError(422, 'late') })
a.get('/plain/boom', () => { throw new Error('internal detail') })

let hits = 0
a.onLog((entry) => { hits++; if (entry.route === '/log/throws') throw new Error('hook failure') })
a.get('/log/throws', () => 'fine')

export default a
