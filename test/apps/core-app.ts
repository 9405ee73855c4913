/** The app behind test/nginx/core.test.ts: one route per behaviour it checks. */
import { app, HttpError } from 'tresty'
import type { Request, Response } from 'tresty'

const a = app({ bodyLimit: 64 * 1024 })

// App middleware: runs for every request and sees what downstream returned.
a.use((q: Request, r: Response) => {
  r.headers['X-Mw'] = 'outer'
  const out = q.next()
  if (q.path === '/chain/wrapped') return Promise.resolve(out).then((body: any) => ({ wrapped: body }))
  return out
})

a.get('/', () => 'home')
a.get('/hello/:name', (q: Request) => ({ hello: q.params.name }))

// Losty's ordering example, translated to JS regular expressions.
a.get('/page/:[a-z]+', (q: Request) => ({ route: 1, match: q.match }))
a.get('/page/:.*', (q: Request) => ({ route: 2, match: q.match }))
a.get('/page/:\\d+', (q: Request) => ({ route: 3, match: q.match }))
a.get('/page/near', () => ({ route: 4 }))
a.get('/:p([a-z]+)/:\\d(\\d)', (q: Request) => ({ route: 5, match: q.match }))
a.get('/num/:id{\\d+}', (q: Request) => ({ id: q.params.id, match: q.match }))
a.get('/num/:slug', (q: Request) => ({ slug: q.params.slug }))
// Backtracking: the literal branch fails deeper, the pattern branch serves.
a.get('/bt/x/deep', () => 'literal')
a.get('/bt/:any/other', (q: Request) => `pattern ${q.match[0]}`)

a.get('/methods', () => 'get')
a.post('/methods', () => 'post')
a.all('/any', (q: Request) => q.method)

// Handler chain with arguments appended by q.next(...).
function loadUser(q: Request) { return q.next({ id: 7 }) }
function loadRole(q: Request, r: Response, user: { id: number }) { return q.next('admin', user.id * 2) }
a.get('/chain/args', loadUser, loadRole, (q: Request, r: Response, user: any, role: string, n: number) => ({ user, role, n }))
a.get('/chain/upstream', (q: Request) => `before ${q.next()} after`, () => 'inner')
a.get('/chain/async', async (q: Request) => {
  const inner = await q.next('x')
  return { inner }
}, async (q: Request, r: Response, x: string) => {
  await new Promise<void>((done) => { setTimeout(() => done(), 5) })
  return x + 'y'
})
a.get('/chain/wrapped', () => 'body')

// Bodies.
a.get('/body/bytes', () => Buffer.from([0, 1, 2, 255]))
a.get('/body/array', () => [1, 'two', { three: 3 }])
a.get('/body/empty', (q: Request, r: Response) => { r.status = 204 })
a.get('/body/stream-fn', () => {
  let i = 0
  return () => (i < 3 ? `chunk${i++};` : null)
})
a.get('/body/stream-iter', () => {
  let i = 0
  return {
    next: () => new Promise((done) => setTimeout(() => done(i < 3 ? { value: `it${i++};`, done: false } : { value: undefined, done: true }), 2)),
  }
})

// Response table.
a.get('/res/status', (q: Request, r: Response) => {
  r.status = 201
  r.headers['X-Custom'] = 'yes'
  r.headers['Content-Type'] = 'text/csv'
  return 'a,b\n'
})
a.get('/res/redirect', (q: Request, r: Response) => r.redirect('/hello/there', 301))
a.get('/res/redirect-default', (q: Request, r: Response) => r.redirect('/'))

// Request table.
a.get('/req/info', (q: Request) => ({ method: q.method, path: q.path, query: q.query, ua: q.headers['user-agent'], x: q.headers['x-multi'] }))
a.post('/req/json', (q: Request) => ({ got: q.json() }))

// Errors.
a.get('/err/http', () => { throw HttpError(418, 'short and stout') })
a.get('/err/boom', () => { throw new Error('secret internals') })
a.get('/err/async', async () => { await null; throw new Error('async secret') })

// Groups.
const api = a.route('/api')
api.use((q: Request, r: Response) => { r.headers['X-Group'] = 'api'; return q.next() })
api.get('/items', () => ({ items: [] }))
const v2 = api.route('/v2')
v2.get('/items/:id', (q: Request) => ({ v: 2, id: q.params.id }))
a.route('/api').get('/other', () => 'second group call')

// Guards for the auth_request location.
a.guard('/private', (q: Request, r: Response) => {
  const token = q.headers['authorization']
  if (!token) return 401
  if (token !== 'Bearer good') return false
  r.headers['X-User'] = 'alice'
  return true
})
a.guard('/private/admin', async (q: Request) => q.query.role === 'admin')
a.get('/private/data', (q: Request) => ({ secret: 42, user: q.raw.variables.guard_user || null }))
a.get('/private/admin/panel', () => 'panel')

// Log phase: counts requests per route into a shared dict.
a.onLog((entry) => {
  const dict = ngx.shared.tresty_stats
  if (dict) dict.incr(`req:${entry.method}:${entry.route || '-'}:${entry.status}`, 1, 0)
})
a.get('/log/count', (q: Request) => {
  const key = String(q.query.key)
  return { count: ngx.shared.tresty_stats.get(key) || 0 }
})

export default a
