/** The app behind test/security/*.test.ts: guards, hostile header values, internal endpoints, aborts. */
import { app } from 'tresty'
import type { Request, Response } from 'tresty'
import { cacheInvalidation } from 'tresty/cache'

const a = app()

a.use((q: Request, r: Response) => {
  r.headers['X-Mw'] = 'seen'
  return q.next()
})

a.guard('/admin', (q: Request) => {
  if (!q.headers.authorization) return 401
  return q.headers.authorization === 'Bearer ok'
})
a.get('/admin', () => 'admin home')
a.get('/admin/stats', (q: Request) => ({ stats: true, path: q.path }))
a.get('/public', () => 'public')

// Header values taken from the request (what response splitting needs).
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || ''
a.get('/hdr', (q: Request, r: Response) => { r.headers['X-Echo'] = first(q.query.v); return 'ok' })
a.get('/hdr-name', (q: Request, r: Response) => { r.headers[first(q.query.n)] = 'x'; return 'ok' })
a.get('/hdr-list', (q: Request, r: Response) => { r.headers['Set-Cookie'] = ['a=1', first(q.query.v)]; return 'ok' })
a.get('/location', (q: Request, r: Response) => { r.status = 302; r.headers.Location = first(q.query.to) })
a.get('/redirect', (q: Request, r: Response) => r.redirect(first(q.query.to)))
a.get('/cookie', (q: Request, r: Response) => { r.cookie('c')(null, null, null, first(q.query.v)); return 'ok' })
a.get('/async-hdr', async (q: Request, r: Response) => { await null; r.headers['X-Echo'] = first(q.query.v); return 'ok' })

// Errors whose log line carries request input.
a.get('/boom/:x', (q: Request) => { throw new Error(`bad ${q.params.x}`) })

// tresty's own endpoint, and a route a careless app might declare under /_tresty/.
a.post('/_tresty/cache/invalidate', cacheInvalidation({ secret: 'test-secret' }))
a.get('/_tresty/other', () => 'should never be served')

// Large answers for the abort tests.
// Built per request, not at the top level (the njs engine runs that for every request).
const bigBody = () => 'x'.repeat(2 * 1024 * 1024)
a.get('/big', () => bigBody())
a.get('/big-late', async () => {
  await new Promise<void>((done) => { setTimeout(() => done(), 20) })
  return bigBody()
})
a.get('/big-json-late', async () => {
  await new Promise<void>((done) => { setTimeout(() => done(), 20) })
  return { big: bigBody() }
})

export default a
