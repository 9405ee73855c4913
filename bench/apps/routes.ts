/**
 * The app the tresty targets serve: `routes` routes in all (REST-style resources, some in
 * groups, literal and pattern segments, a few methods), two app-wide middlewares, and the
 * measured route GET /json/:id declared half-way through, answering the same JSON as the raw
 * handler. Routes are registered at module load, as a user's app does.
 */
import { app, type App, type Request, type Response } from 'tresty'

export const list = () => ({ items: [] })
export const one = (q: Request) => ({ id: q.params.id })
export const create = (q: Request, r: Response) => { r.status = 201; return q.json() }
export const remove = (q: Request, r: Response) => { r.status = 204 }

/** The two app-wide middlewares: one hangs a value on q, one sees the result come back. */
export function stamp(q: Request) {
  q.startedAt = Date.now()
  return q.next()
}
export function retryAfter(q: Request, r: Response) {
  const out = q.next()
  if (r.status >= 500) r.headers['Retry-After'] = '1'
  return out
}

/** Registers filler routes number `from` to `to - 1`, 4 per resource: list, create, read, delete. */
function resources(a: App, from: number, to: number): void {
  const v1 = a.route('/api/v1')
  const v2 = a.route('/api/v2')
  for (let k = from; k < to; k++) {
    const i = k >> 2
    const g = i % 2 ? v2 : v1
    switch (k & 3) {
      case 0: g.get(`/res${i}`, list); break
      case 1: g.post(`/res${i}`, create); break
      case 2: g.get(`/res${i}/:id`, one); break
      default: g.delete(`/res${i}/:id{\\d+}`, remove)
    }
  }
}

/**
 * Variants for the pieces probe and the context-pool benches (the breakdown's probes are
 * generated with their own variants: make-literal-apps.mjs).
 */
export interface BenchAppOptions {
  /** One onLog hook (runs tresty's log phase on every request). */
  onLog?: boolean
  /** Also GET /slow/:id: the same JSON after a 20 ms timer, to hold a context per request. */
  slow?: boolean
}

export function benchApp(routes: number, o: BenchAppOptions = {}): App {
  const a = app()
  // Two app-wide middlewares: one hangs a value on q, one sees the result come back.
  a.use(stamp)
  a.use(retryAfter)
  if (o.onLog) a.onLog(() => {})
  const before = (routes - 1) >> 1
  resources(a, 0, before)
  a.get('/json/:id', (q: Request) => ({ message: 'Hello, World!', id: q.params.id }))
  if (o.slow) a.get('/slow/:id', (q: Request) => later(20).then(() => ({ message: 'Hello, World!', id: q.params.id })))
  resources(a, before, routes - 1 - (o.slow ? 1 : 0))
  return a
}

export function later(ms: number): Promise<void> {
  return new Promise((done) => { setTimeout(done, ms) })
}
