/**
 * The app behind test/nginx/context-reuse.test.ts. QuickJS reuses contexts (module state
 * survives between requests); everything request-scoped here lives on q/r or in locals, as
 * it must. `served` is the one deliberate piece of module state: it shows reuse happened.
 */
import { app } from 'tresty'
import type { Request, Response } from 'tresty'

let served = 0
const a = app()

a.use((q: Request, r: Response) => {
  served++
  q.user = q.headers['x-user'] || 'anonymous'
  r.headers['X-User'] = q.user
  return q.next()
})

const api = a.route('/api')
api.use((q: Request, r: Response, ...args: any[]) => q.next({ tag: q.query.tag }))
api.post('/echo/:id', async (q: Request, r: Response, ctx: { tag: string }) => {
  const body = q.json()
  // Yield so that other requests interleave in the same worker before this one answers.
  await new Promise<void>((done) => { setTimeout(() => done(), Number(q.query.wait) || 1) })
  r.cookie('seen')(null, null, null, q.user)
  return { id: q.params.id, user: q.user, body, tag: ctx.tag, cookie: q.cookies.who || null, served }
})

export default a

// An async route (a context stays busy while it waits): what sizes the QuickJS pool.
a.get('/wait', async () => {
  await new Promise<void>((done) => { setTimeout(() => done(), 1) })
  return { waited: true }
})

// What routing hands q (params, captures, the pattern): the router outlives requests on QuickJS.
const routed = (q: Request) => ({ params: q.params, match: q.match, route: q.route })
a.get('/plain', routed)
a.get('/cap/:n{\\d+}/:word', routed)
a.get('/re/:(a+)(b*)', routed)
// A handler that changes what it was handed: the router's cache of answers must not keep it.
a.get('/change/:n/:(\\w+)', (q: Request) => {
  const seen = { params: { ...q.params }, match: q.match.slice() }
  q.params.n = 'changed'
  q.params.added = 'yes'
  q.match.push('pushed')
  q.match[0] = 'overwritten'
  return seen
})
