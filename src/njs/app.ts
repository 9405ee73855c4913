/**
 * The application: routes and middleware declared at module load (njs keeps that state for
 * every request), and the three nginx entry points that use them:
 *
 *   js_content app.content;   the router and handler chain
 *   js_content app.access;    in an `auth_request` location: the guards decide 2xx/401/403
 *   js_set $x app.log;        the log phase: synchronous hooks (counting, …)
 */
import type { Handler, Request, Response } from './types.ts'
import { createRouter, METHODS, type RouteTable, type Router } from './router/router.ts'
import { createRequest } from './request.ts'
import { createResponse } from './response.ts'
import { runChain } from './compose.ts'
import { send } from './send.ts'
import { describeError, sendError } from './error.ts'
import { HttpError } from './http-error.ts'
import { normalisePath, underPrefix } from './guard-path.ts'
import { writeHeaders } from './headers.ts'
import { logSafe } from './utils/log.ts'
import { GUARD_HEADER, INTERNAL_PREFIX, type AppManifest } from '../shared/manifest.ts'

export interface AppOptions {
  /** Largest request body the parsers accept, in bytes (413 beyond). Default 1 MiB. */
  bodyLimit?: number
}

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

type Verb = (path: string, ...handlers: Handler[]) => Group

export interface Group {
  get: Verb; post: Verb; put: Verb; patch: Verb; delete: Verb; head: Verb; options: Verb
  /** Any method. */
  all: Verb
  /** Adds handlers that run before the handlers of every route declared after it in this group. */
  use(...handlers: Handler[]): Group
  /** A group whose paths are prefixed by `prefix` (may be called many times). */
  route(prefix: string): Group
}

export interface App extends Group {
  /** App-wide middleware: runs for every request, routed or not, in the order added. */
  use(...handlers: Handler[]): App
  /** Registers a guard for paths under `prefix` (all paths when omitted). */
  guard(prefix: string | Guard, guard?: Guard): App
  /** Registers a log-phase hook. */
  onLog(hook: LogHook): App
  router: Router<Handler[]>
  /** `js_content app.content` */
  content(raw: NginxHTTPRequest): void | Promise<void>
  /** `js_content app.access` in an internal location used by `auth_request`. */
  access(raw: NginxHTTPRequest): Promise<void>
  /** `js_set $tresty_log app.log` — runs the log hooks; always "" (see nginx/http.conf). */
  log(raw: NginxHTTPRequest): string
}

/** Set by the build: the global name of this bundle's route table (`js_preload_object`). */
declare const __TRESTY_ROUTE_TABLE__: string | undefined

/**
 * The route table the build wrote for an app (bundle.ts evaluates the app once in Node).
 * On the njs engine the module's top level runs again for every request, so rebuilding the
 * route tree there would cost every request O(routes); with the table preloaded by nginx
 * (shared, immutable) a declaration only records its handlers and the tree is used as is.
 */
export interface AppRouteTable extends RouteTable {
  /** Which `app()` call of the module (0 for the first) the table belongs to. */
  app: number
  /** Sum of the paths' lengths as declared (without group prefixes): with the route count, a cheap check that the app declared what the build saw. */
  chars: number
  /** How many onLog hooks the app registered: without any, nginx need not run the log phase's JavaScript. */
  logHooks: number
}

/** What the access phase hands the content phase for `path`: its %-encoded form (header-safe). */
function guardToken(path: string): string {
  try { return encodeURIComponent(path) } catch (e) { return '' }
}

/** A guarded path reached the content phase without passing the access phase: nginx.conf lacks the wiring. */
function refuseUnguarded(raw: NginxHTTPRequest, path: string): void {
  raw.error(logSafe(`tresty: refused ${raw.method} ${path}: it is under an app.guard() prefix but did not pass the ` +
    'access phase. The nginx location serving it must `include tresty/nginx/guard.conf;` (auth_request /_tresty/access ' +
    'and auth_request_set $tresty_guard_passed $sent_http_x_tresty_guard) — see docs/guards.md'))
  try { raw.headersOut['Content-Type'] = 'application/json'; raw.return(500, '{"error":{"status":500,"message":"Internal Server Error"}}') } catch (e) { /* client gone */ }
}

/** `app()` calls so far in this VM, in order: the index tells a table's app apart. */
let appCount = 0

function preloadedTable(ordinal: number): AppRouteTable | null {
  if (typeof __TRESTY_ROUTE_TABLE__ !== 'string') return null
  const t = (globalThis as any)[__TRESTY_ROUTE_TABLE__]
  return t && t.app === ordinal ? t : null
}

/**
 * Handlers one declaration may take. Named parameters cost far less than a rest array on
 * the njs engine (no `arguments` object); njs mishandles functions of 16 or more parameters.
 */
const MAX_HANDLERS = 12

function known(method: string): boolean {
  return METHODS.indexOf(method) >= 0
}

function isThenable(v: any): v is Promise<any> {
  return v !== null && typeof v === 'object' && typeof v.then === 'function'
}

/** The terminal handler when no route matched: 404, 405 with Allow, or 501. */
function unrouted(error: any): Handler[] {
  return [() => { throw error }]
}

/** A declaration's handlers: one function, or an array when there are several. */
type Declared = Handler | Handler[]

/** The app object's prototype: `a.router` is resolved on first use (no per-app defineProperty). */
const APP_PROTO: any = {
  get router() { return this._router() },
}

/** A group's state: its prefix and the handlers its `use()` added so far (replaced, never changed, by `use`). */
interface GroupState { prefix: string; own: Handler[] }

function fullPath(st: GroupState, path: string): string {
  return (st.prefix ? st.prefix + (path === '/' ? '' : path) : path) || '/'
}

export function app(options?: AppOptions): App {
  const bodyLimit = (options && options.bodyLimit) || 1024 * 1024
  const ordinal = appCount++
  const middleware: Handler[] = []
  const guards: { prefix: string; guard: Guard }[] = []
  const logHooks: LogHook[] = []
  let table = preloadedTable(ordinal)
  // Declarations are recorded, four slots each: method, path as declared, the route's
  // handler(s), the group state at that point; a route's handler list is put together
  // when it first matches. Without a table each declaration also goes into the router at
  // once (errors show at declaration); with one, recording is all a declaration does.
  const declared: any[] = []
  /** Sum of the declared paths' lengths (as passed, without group prefixes). */
  let chars = 0
  let router: Router<Handler[]> | null = table ? null : createRouter<Handler[]>(void 0, handlersOf)

  function handlersOf(i: number): Handler[] {
    return (declared[i * 4 + 3] as GroupState).own.concat(declared[i * 4 + 2])
  }

  /** The router, on the table when the app declared the routes the build saw. */
  function getRouter(): Router<Handler[]> {
    if (router) return router
    if (table && declared.length === table.rpath.length * 4 && chars === table.chars) {
      router = createRouter<Handler[]>(table, handlersOf)
    } else {
      table = null
      router = createRouter<Handler[]>(void 0, handlersOf)
      for (let b = 0; b < declared.length; b += 4) router.add(declared[b], fullPath(declared[b + 3], declared[b + 1]))
    }
    return router
  }

  function route(method: string, path: string) {
    const found = getRouter().match(method, path)
    if (found && table) {
      const b = found.index * 4
      // The route matched on the table must be the one the app declared at that index.
      if (declared[b] !== table.rmethod[found.index] || fullPath(declared[b + 3], declared[b + 1]) !== found.route.path) {
        table = null
        router = null
        return getRouter().match(method, path)
      }
    }
    return found
  }

  /** Any declaration but the common recorded one: checks, several handlers, no table. */
  function declare(st: GroupState, method: string, path: string, hs: Declared | undefined, more: Handler | undefined): void {
    if (hs === void 0) throw new Error(`tresty: route ${method} ${path} has no handler`)
    if (more !== void 0) throw new Error(`tresty: route ${method} ${path} has more than ${MAX_HANDLERS} handlers`)
    if (typeof hs !== 'function') {
      while (hs.length && hs[hs.length - 1] === void 0) hs.length--
    }
    if (router && table) {
      // A route declared after the first request: the table no longer tells the whole story.
      table = null
      router = null
    }
    if (router) router.add(method, fullPath(st, path))
    declared.push(method, path, hs, st)
    chars += path.length
  }

  function group(base: any, prefix: string, inherited: Handler[]): Group {
    let st: GroupState = { prefix, own: inherited }
    const g = base
    // `void 0`, not `undefined`: on the njs engine `undefined` is a global lookup, and a
    // declaration runs for every route on every request there.
    const verb = (method: string) => function (path: string, h1?: Handler, h2?: Handler, h3?: Handler, h4?: Handler,
      h5?: Handler, h6?: Handler, h7?: Handler, h8?: Handler, h9?: Handler, h10?: Handler, h11?: Handler,
      h12?: Handler, more?: Handler) {
      if (h2 !== void 0) declare(st, method, path, [h1!, h2, h3!, h4!, h5!, h6!, h7!, h8!, h9!, h10!, h11!, h12!], more)
      else if (router !== null || h1 === void 0 || more !== void 0) declare(st, method, path, h1, more)
      else {
        declared.push(method, path, h1, st)
        chars += path.length
      }
      return g
    }
    g.get = verb('GET'); g.post = verb('POST'); g.put = verb('PUT'); g.patch = verb('PATCH')
    g.delete = verb('DELETE'); g.head = verb('HEAD'); g.options = verb('OPTIONS'); g.all = verb('*')
    g.use = (...handlers: Handler[]) => { st = { prefix, own: st.own.concat(handlers) }; return g }
    g.route = (sub: string) => group({}, prefix + sub.replace(/\/$/, ''), st.own)
    return g as Group
  }

  const a: any = group(Object.create(APP_PROTO), '', [])
  a._router = getRouter
  /** For the build: this app's route table (see bundle.ts). */
  a._table = (): AppRouteTable => {
    const t = getRouter().table()
    const guardPrefixes: string[] = []
    for (let i = 0; i < guards.length; i++) guardPrefixes.push(guards[i].prefix)
    const out: any = { app: ordinal, chars, logHooks: logHooks.length, guards: guardPrefixes }
    for (const k in t) out[k] = (t as any)[k]
    return out
  }
  a.use = (...handlers: Handler[]) => { for (let i = 0; i < handlers.length; i++) middleware.push(handlers[i]); return a }
  a.guard = (prefix: string | Guard, guard?: Guard) => {
    if (typeof prefix === 'function') guards.push({ prefix: '', guard: prefix })
    else guards.push({ prefix: prefix.replace(/\/+$/, ''), guard: guard! })
    return a
  }
  a.onLog = (hook: LogHook) => { logHooks.push(hook); return a }

  a.content = function content(raw: NginxHTTPRequest): void | Promise<void> {
    const method = raw.method
    const path = raw.uri
    let q: Request
    let handlers: Handler[]
    if (guards.length && !passedGuards(raw, path)) return refuseUnguarded(raw, path)
    try {
      // tresty's own endpoints answer only through the nginx location that protects them.
      const found = path.indexOf(INTERNAL_PREFIX) === 0 && (raw.variables as any).tresty_internal !== '1' ? null : route(method, path)
      if (found) {
        handlers = found.route.value
        q = createRequest(raw, method, path, bodyLimit, found.match, found.params, found.route.path)
        if (logHooks.length) (raw.variables as any).tresty_route = q.route
      } else {
        q = createRequest(raw, method, path, bodyLimit)
        handlers = unrouted(known(method) ? HttpError(404, `Not found: ${path}`) : HttpError(501, `Method ${method} is not supported`))
      }
    } catch (e) {
      q = createRequest(raw, method, path, bodyLimit)
      // A 405 for a method nginx knows nothing about is really a 501 (unknown method).
      handlers = unrouted(known(method) ? e : HttpError(501, `Method ${method} is not supported`))
    }
    const r = createResponse(raw)
    let out: any
    try {
      out = runChain(q, r, middleware, handlers)
    } catch (e) {
      return sendError(r, e)
    }
    if (isThenable(out)) return out.then((body: any) => send(r, body)).then(undefined, (e: any) => sendError(r, e))
    let sent: any
    try {
      sent = send(r, out)
    } catch (e) {
      return sendError(r, e)
    }
    if (isThenable(sent)) return sent.then(undefined, (e: any) => sendError(r, e))
  }

  /**
   * Whether a request may reach the handlers as far as guards go: a path under a guard
   * prefix must have passed the access phase (guard.conf copies the access handler's
   * header into `$tresty_guard_passed`) for exactly this path.
   */
  function passedGuards(raw: NginxHTTPRequest, path: string): boolean {
    if (path.indexOf(INTERNAL_PREFIX) === 0) return true
    for (let i = 0; i < guards.length; i++) {
      if (!underPrefix(guards[i].prefix, path)) continue
      const passed = (raw.variables as any).tresty_guard_passed
      return !!passed && passed === guardToken(path)
    }
    return true
  }

  a.access = async function access(raw: NginxHTTPRequest): Promise<void> {
    // In an auth_request subrequest r.return() misbehaves: set the status, send the header, finish.
    const r = createResponse(raw)
    let status = 204
    let path = ''
    try {
      // The subrequest's own uri is /_tresty/access: decide on the client's target, normalised as nginx did.
      const uri = raw.variables.request_uri || raw.uri
      const qs = uri.indexOf('?')
      path = normalisePath(uri)
      const q = createRequest(raw, raw.variables.request_method || raw.method, path, bodyLimit)
      q._args = qs < 0 ? '' : uri.slice(qs + 1)
      for (let i = 0; i < guards.length; i++) {
        const g = guards[i]
        if (!underPrefix(g.prefix, path)) continue
        const verdict = await g.guard(q, r)
        if (verdict === false) { status = 403; break }
        if (typeof verdict === 'number' && verdict >= 300) { status = verdict; break }
      }
    } catch (e) {
      status = describeError(raw, e).status
    }
    if (status !== 401 && status !== 403 && status >= 300) status = status >= 500 ? 500 : 403
    if (status < 300) r.headers[GUARD_HEADER] = guardToken(path)
    try {
      writeHeaders(raw, r.headers)
    } catch (e) {
      describeError(raw, e)
      status = 500
    }
    raw.status = status
    raw.sendHeader()
    raw.finish()
  }

  a.log = function log(raw: NginxHTTPRequest): string {
    if (logHooks.length) {
      const entry: LogRequest = {
        raw,
        route: (raw.variables as any).tresty_route || '',
        method: raw.method,
        status: Number(raw.variables.status) || 0,
        time: Number(raw.variables.request_time) || 0,
      }
      for (let i = 0; i < logHooks.length; i++) {
        try { logHooks[i](entry) } catch (e) { raw.error(`tresty: log hook failed: ${(e as any) && (e as any).stack || e}`) }
      }
    }
    return ''
  }

  return a as App
}
