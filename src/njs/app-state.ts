/**
 * The state behind an app: what `app()` and its declarations build, and what the three
 * phases (src/njs/phases/) read. The app object *is* this state — one object whose prototype
 * holds the declaration API (app.ts) — so nothing per app is a closure but the three entry
 * points nginx calls without `this`.
 */
import type { Handler, Request, Response } from './types.ts'
import type { Body } from './types.ts'
import { createRouter, type RouteMatch, type Router, type WrongMethod } from './router/router.ts'
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
   * Declarations, four slots each: method, path as declared, the route's handler(s), the
   * group state at that point; a route's handler list is put together when it first matches.
   */
  _declared: any[]
  /** Sum of the declared paths' lengths (as passed, without group prefixes). */
  _chars: number
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

function handlersOf(app: AppState, i: number): Handler[] {
  const d = app._declared
  return (d[i * 4 + 3] as GroupState).own.concat(d[i * 4 + 2])
}

function newRouter(app: AppState, table?: AppManifest): Router<Handler[]> {
  return createRouter<Handler[]>(table, (i: number) => handlersOf(app, i))
}

/** The router, on the table when the app declared the routes the build saw. */
export function routerOf(app: AppState): Router<Handler[]> {
  if (app._router) return app._router
  const table = app._routeTable
  const d = app._declared
  if (table && d.length === table.rpath.length * 4 && app._chars === table.chars) {
    app._router = newRouter(app, table)
  } else {
    app._routeTable = null
    const router = app._router = newRouter(app)
    for (let b = 0; b < d.length; b += 4) router.add(d[b], fullPath(d[b + 3], d[b + 1]))
  }
  return app._router
}

/** Routes method+path: found, wrong method (Allow) or none. */
export function route(app: AppState, method: string, path: string): RouteMatch<Handler[]> | WrongMethod | null {
  const found = routerOf(app).match(method, path)
  if (found !== null && found.route !== null && app._routeTable) {
    const b = found.index * 4
    const d = app._declared
    // The route matched on the table must be the one the app declared at that index.
    if (d[b] !== app._routeTable.rmethod[found.index] || fullPath(d[b + 3], d[b + 1]) !== found.route.path) {
      app._routeTable = null
      app._router = null
      return routerOf(app).match(method, path)
    }
  }
  return found
}
