/**
 * The state behind an app: what `app()` and its declarations build, and what the three
 * phases (src/njs/phases/) read. The app object *is* this state — one object whose prototype
 * holds the declaration API (app.ts) — so nothing per app is a closure but the three entry
 * points nginx calls without `this`.
 */
import type { Handler, Request, Response } from './types.ts'
import type { Body } from './types.ts'
import { createRouter, type Router } from './router/router.ts'
import type { AppManifest } from '../shared/manifest.ts'
import type { HttpError } from './http-error.ts'

/** A guard decides access: true/undefined allows, false denies (403), a number is the status. */
export type Guard = (q: Request, r: Response) => boolean | number | void | Promise<boolean | number | void>

/** A log-phase hook. Runs synchronously after the response was sent. */
export type LogHook = (q: LogRequest) => void

export interface LogRequest {
  raw: NginxHTTPRequest
  method: string
  /** The route pattern that served the request, or '' when none did. */
  route: string
  status: number
  /** Request time in seconds. */
  time: number
}

/**
 * What answers a request no route serves. It runs as the last handler of the chain, after the
 * app middleware, and gets the error tresty would throw: a 404, a 405 (with `Allow` in
 * `error.headers`) or a 501 for a method tresty does not know. Throw it (the default) or
 * return a body.
 */
export type NotFoundHandler = (q: Request, r: Response, error: HttpError) => Body | Promise<Body>

/**
 * What turns an error thrown out of the chain into a response. `r` arrives with the error's
 * status and headers (`r.status` 500 for anything but an HttpError, which tresty has logged);
 * return the body. An error thrown here gets tresty's default error response.
 */
export type ErrorHandler = (error: any, q: Request, r: Response) => Body | Promise<Body>

/** A group's state: its prefix and the handlers its `use()` added so far (replaced, never changed, by `use`). */
export interface GroupState { prefix: string; own: Handler[] }

export interface AppState {
  _ordinal: number
  _bodyLimit: number
  _middleware: Handler[]
  _guards: { prefix: string; guard: Guard }[]
  _logHooks: LogHook[]
  /**
   * Declarations, six slots per item, in order: the item's first route index, its route count,
   * then for one declared route: method, path as declared, its handler(s), the group state at
   * that point; for a run the build compiled (bundler/compile-routes.ts): the function giving the
   * module's flat `[method, path, group, …]` list, the run's start in it, the function giving
   * route k's `[method, path, group, ...handlers]` (handler expressions evaluated then, at first
   * match), the states of the run's groups (`group` indexes them). A route's handler list is
   * put together when it first matches.
   */
  _declared: any[]
  /** Routes declared so far. */
  _count: number
  /** Compiled routes picked so far (index → `[method, path, ...handlers]`), made on first need. */
  _picked: Record<number, any[]> | null
  /** Sum of the declared paths' lengths (as passed, without group prefixes). */
  _chars: number
  /**
   * Routes (by index) already found to be declared as the table says: checked once each. An
   * object, not an array: on the njs engine `array[4999] = x` fills 5,000 slots, every request.
   */
  _verified: Record<number, boolean> | null
  /** The build's table, while the declarations agree with it. */
  _routeTable: AppManifest | null
  /** Built on first use (or at declaration when there is no table). */
  _router: Router<Handler[]> | null
  _notFound: NotFoundHandler | null
  _onError: ErrorHandler | null
}

export function fullPath(st: GroupState, path: string): string {
  return (st.prefix ? st.prefix + (path === '/' ? '' : path) : path) || '/'
}

/** The slot where the item holding route `i` starts (items are in route order). */
function itemOf(d: any[], i: number): number {
  let lo = 0
  let hi = d.length / 6 - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (d[mid * 6] <= i) lo = mid
    else hi = mid - 1
  }
  return lo * 6
}

/** Compiled route `i` of the run at slot `b`: `[method, path, group, ...handlers]`, evaluated once. */
function picked(app: AppState, b: number, i: number): any[] {
  const cache = app._picked || (app._picked = {})
  let p = cache[i]
  if (p) return p
  p = app._declared[b + 4](i - app._declared[b])
  while (p.length > 3 && p[p.length - 1] === void 0) p.length--
  if (p.length === 3) throw new Error(`tresty: route ${p[0]} ${p[1]} has no handler`)
  return (cache[i] = p)
}

/**
 * Whether route `i` as the app declared it is `method path` (what the table says it is).
 * Compares in place: this runs on the first match of every request on the njs engine.
 */
function declaredAs(app: AppState, i: number, method: string, path: string): boolean {
  const d = app._declared
  const b = itemOf(d, i)
  if (typeof d[b + 2] === 'string') return d[b + 2] === method && fullPath(d[b + 5], d[b + 3]) === path
  const p = picked(app, b, i)
  return p[0] === method && fullPath(d[b + 5][p[2]], p[1]) === path
}

/** Route `i`'s handler list: its group's middleware, then its own (no copy when the group has none). */
function handlersOf(app: AppState, i: number): Handler[] {
  const d = app._declared
  const b = itemOf(d, i)
  if (typeof d[b + 2] === 'string') {
    const own = (d[b + 5] as GroupState).own
    const hs = d[b + 4]
    return own.length ? own.concat(hs) : typeof hs === 'function' ? [hs] : hs
  }
  const p = picked(app, b, i)
  const own = (d[b + 5][p[2]] as GroupState).own
  return own.length ? own.concat(p.slice(3)) : p.slice(3)
}

/** Adds the routes of item `b` (one declared route or a compiled run) to a router being built. */
export function addItem(router: Router<Handler[]>, d: any[], b: number): void {
  if (typeof d[b + 2] === 'string') {
    router.add(d[b + 2], fullPath(d[b + 5], d[b + 3]))
    return
  }
  const list: any[] = d[b + 2]()
  const sts: GroupState[] = d[b + 5]
  for (let k = d[b + 3] * 3, end = k + d[b + 1] * 3; k < end; k += 3) router.add(list[k], fullPath(sts[list[k + 2]], list[k + 1]))
}

function newRouter(app: AppState, table?: AppManifest): Router<Handler[]> {
  return createRouter<Handler[]>(table, (i: number) => handlersOf(app, i))
}

/** The router, on the table when the app declared the routes the build saw. */
export function routerOf(app: AppState): Router<Handler[]> {
  if (app._router) return app._router
  const table = app._routeTable
  const d = app._declared
  // (every route has one end: endRoutes counts them with one read, where the njs engine pays for each read into the preloaded table)
  if (table && app._count === table.endRoutes.length && app._chars === table.chars) {
    app._router = newRouter(app, table)
  } else {
    app._routeTable = null
    const router = app._router = newRouter(app)
    for (let b = 0; b < d.length; b += 6) addItem(router, d, b)
  }
  return app._router
}

/**
 * Routes method+path on the app's router: the route's index, NOT_FOUND or WRONG_METHOD (the
 * details are on `app._router` until its next call: see Router.find).
 */
export function findRoute(app: AppState, method: string, path: string): number {
  const router = routerOf(app)
  const k = router.find(method, path)
  const table = app._routeTable
  if (k < 0 || table === null) return k
  // The route matched on the table must be the one the app declared at that index (checked
  // once per route: a QuickJS context keeps the answer; the njs engine asks once per request).
  const verified = app._verified || (app._verified = {})
  if (verified[k]) return k
  if (!declaredAs(app, k, router.methodAt(k), router.pathAt(k))) {
    app._routeTable = null
    app._router = null
    app._verified = null
    return routerOf(app).find(method, path)
  }
  verified[k] = true
  return k
}
