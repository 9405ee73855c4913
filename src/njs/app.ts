/**
 * The application: routes and middleware declared at module load, and the three nginx entry
 * points that use them (each in its own file under phases/):
 *
 *   js_content app.content;   phases/content.ts: guards check, router, handler chain, response
 *   js_content app.access;    phases/access.ts: in the `auth_request` location, the guards decide
 *   js_set $x app.log;        phases/log.ts: the log phase's synchronous hooks
 *
 * An app is one object (its state, app-state.ts) whose prototype holds the declaration API;
 * groups are small objects over the same prototype. On the njs engine the module's top level
 * — every declaration — runs again for each request, so declaring only records.
 */
import type { Handler } from './types.ts'
import type { PathParams } from './route-types.ts'
import type { Router } from './router/router.ts'
import { routerOf, fullPath, addItem, type AppState, type ErrorHandler, type GroupState, type Guard, type LogHook, type NotFoundHandler } from './app-state.ts'
import type { AppManifest } from '../shared/manifest.ts'
import { unpackTable } from './embedded-table.ts'
import { content } from './phases/content.ts'
import { access } from './phases/access.ts'
import { log } from './phases/log.ts'

export type { Guard, LogHook, LogRequest, NotFoundHandler, ErrorHandler } from './app-state.ts'

export interface AppOptions {
  /** Largest request body the parsers accept, in bytes (413 beyond). Default 1 MiB. */
  bodyLimit?: number
}

/**
 * The arguments after two handlers passed `A` then `B`: both known → one after the other;
 * else untyped (an untyped step may pass anything, so later positions are unknown).
 */
type Join<A extends any[], B extends any[]> = number extends A['length'] ? any[] : number extends B['length'] ? any[] : [...A, ...B]

/**
 * A route declaration. `q.params` is typed from the group's prefix and the path (route-types.ts);
 * with 2–4 handlers, what one passes to `q.next(...)` (its `Middleware<Out>` type) types the
 * extra arguments of those after it. Five or more handlers are declared untyped.
 */
export interface Verb<G, Base extends string = ''> {
  <Path extends string>(path: Path, h1: Handler<PathParams<`${Base}${Path}`>>): G
  <Path extends string, A1 extends any[] = any[]>(path: Path,
    h1: Handler<PathParams<`${Base}${Path}`>, any[], A1>,
    h2: Handler<PathParams<`${Base}${Path}`>, A1>): G
  <Path extends string, A1 extends any[] = any[], A2 extends any[] = any[]>(path: Path,
    h1: Handler<PathParams<`${Base}${Path}`>, any[], A1>,
    h2: Handler<PathParams<`${Base}${Path}`>, A1, A2>,
    h3: Handler<PathParams<`${Base}${Path}`>, Join<A1, A2>>): G
  <Path extends string, A1 extends any[] = any[], A2 extends any[] = any[], A3 extends any[] = any[]>(path: Path,
    h1: Handler<PathParams<`${Base}${Path}`>, any[], A1>,
    h2: Handler<PathParams<`${Base}${Path}`>, A1, A2>,
    h3: Handler<PathParams<`${Base}${Path}`>, Join<A1, A2>, A3>,
    h4: Handler<PathParams<`${Base}${Path}`>, Join<Join<A1, A2>, A3>>): G
  <Path extends string>(path: Path, h1: Handler<PathParams<`${Base}${Path}`>>, h2: Handler<PathParams<`${Base}${Path}`>>,
    h3: Handler<PathParams<`${Base}${Path}`>>, h4: Handler<PathParams<`${Base}${Path}`>>,
    h5: Handler<PathParams<`${Base}${Path}`>>, ...more: Handler<PathParams<`${Base}${Path}`>>[]): G
}

/** Routes and middleware under a prefix; `Base` is the prefix as TypeScript knows it (for `q.params`). */
export interface Group<Base extends string = ''> {
  get: Verb<Group<Base>, Base>; post: Verb<Group<Base>, Base>; put: Verb<Group<Base>, Base>
  patch: Verb<Group<Base>, Base>; delete: Verb<Group<Base>, Base>; head: Verb<Group<Base>, Base>
  options: Verb<Group<Base>, Base>
  /** Any method. */
  all: Verb<Group<Base>, Base>
  /** Adds handlers that run before the handlers of every route declared after it in this group. */
  use(...handlers: Handler<PathParams<Base>>[]): Group<Base>
  /** A group whose paths are prefixed by `prefix` (may be called many times). */
  route<Prefix extends string>(prefix: Prefix): Group<`${Base}${Prefix}`>
}

export interface App extends Group {
  /** App-wide middleware: runs for every request, routed or not, in the order added. */
  use(...handlers: Handler[]): App
  /** Registers a guard for paths under `prefix` (all paths when omitted). See docs/guards.md. */
  guard(prefix: string | Guard, guard?: Guard): App
  /** Registers a log-phase hook. */
  onLog(hook: LogHook): App
  /** What answers requests no route serves (default: throw the 404/405/501 it is given). */
  notFound(handler: NotFoundHandler): App
  /** What turns an error out of the chain into a response (default: tresty's JSON/HTML error). */
  onError(handler: ErrorHandler): App
  router: Router<Handler[]>
  /** `js_content app.content` */
  content(raw: NginxHTTPRequest): void | Promise<void>
  /** `js_content app.access` in an internal location used by `auth_request`. */
  access(raw: NginxHTTPRequest): Promise<void>
  /** `js_set $tresty_log app.log` — runs the log hooks; always "" (see nginx/http.conf). */
  log(raw: NginxHTTPRequest): string
}

/** The route table the build wrote for an app: the app manifest (src/shared/manifest.ts). */
export type AppRouteTable = AppManifest

/** Set by the build: the global name of this bundle's route table (`js_preload_object`). */
declare const __TRESTY_ROUTE_TABLE__: string | undefined

/** `app()` calls so far in this VM, in order: the index tells a table's app apart. */
let appCount = 0

/** Set by the build (bundle.ts): the same table as JSON, a module-level string at the bundle's top. */
declare const __TRESTY_ROUTE_JSON__: string | undefined

/** Set by the build with it: the strings of the table's packed arrays (src/shared/packed-table.ts). */
declare const __TRESTY_ROUTE_TEXTS__: string[] | undefined

/** The embedded table once parsed: a module with several `app()` calls parses it once. */
let embeddedTable: AppManifest | null = null

function preloadedTable(ordinal: number): AppManifest | null {
  if (typeof __TRESTY_ROUTE_TABLE__ !== 'string') return null
  let t = (globalThis as any)[__TRESTY_ROUTE_TABLE__]
  // No js_preload_object (QuickJS, a hand-written config): the bundle's own copy, read once
  // per context (packed: embedded-table.ts), so a fresh context neither builds a router nor adds a route.
  if (!t && typeof __TRESTY_ROUTE_JSON__ === 'string') t = embeddedTable || (embeddedTable = unpackTable(__TRESTY_ROUTE_JSON__,
    typeof __TRESTY_ROUTE_TEXTS__ !== 'undefined' ? __TRESTY_ROUTE_TEXTS__ : void 0))
  return t && t.app === ordinal ? t : null
}

/**
 * Handlers one declaration may take. Named parameters cost far less than a rest array on
 * the njs engine (no `arguments` object); njs mishandles functions of 16 or more parameters.
 */
const MAX_HANDLERS = 12

/** A declaration's handlers: one function, or an array when there are several. */
type Declared = Handler | Handler[]

/** Any declaration but the common recorded one: checks, several handlers, no table. */
function declare(app: AppState, st: GroupState, method: string, path: string, hs: Declared | undefined, more: Handler | undefined): void {
  if (hs === void 0) throw new Error(`tresty: route ${method} ${path} has no handler`)
  if (more !== void 0) throw new Error(`tresty: route ${method} ${path} has more than ${MAX_HANDLERS} handlers`)
  if (typeof hs !== 'function') {
    while (hs.length && hs[hs.length - 1] === void 0) hs.length--
  }
  if (app._router && app._routeTable) {
    // A route declared after the first request: the table no longer tells the whole story.
    app._routeTable = null
    app._router = null
  }
  if (app._router) app._router.add(method, fullPath(st, path))
  app._declared.push(app._count++, 1, method, path, hs, st)
  app._chars += path.length
}

/**
 * Records one declaration (`this` is the app or group). `void 0`, not `undefined`: on the njs
 * engine `undefined` is a global lookup, and a declaration runs for every route on every
 * request there. A method with `this` rather than a function taking the group: njs
 * mishandles functions of 16 or more parameters.
 */
function add(this: any, method: string, path: string, h1?: Handler, h2?: Handler, h3?: Handler, h4?: Handler,
  h5?: Handler, h6?: Handler, h7?: Handler, h8?: Handler, h9?: Handler, h10?: Handler, h11?: Handler,
  h12?: Handler, more?: Handler): any {
  const app: AppState = this._app
  if (h2 !== void 0) declare(app, this._st, method, path, [h1!, h2, h3!, h4!, h5!, h6!, h7!, h8!, h9!, h10!, h11!, h12!], more)
  else if (app._router !== null || h1 === void 0 || more !== void 0) declare(app, this._st, method, path, h1, more)
  else {
    app._declared.push(app._count++, 1, method, path, h1, this._st)
    app._chars += path.length
  }
  return this
}

/**
 * A run of `count` literal declarations the build compiled (bundler/compile-routes.ts) into one
 * call on the first of `groups` (the app or groups the run declares on): their methods and
 * paths are in the build's table (njs engine) or in the module's list (`routes()`, parsed once
 * per module instance), their handlers come from `pick(k)` when route k first matches. So a
 * module's top level costs the same whatever its number of routes.
 */
function compiled(this: any, routes: () => any[], start: number, count: number, chars: number, groups: any[], pick: (k: number) => any[]): any {
  const app: AppState = this._app
  if (app._router && app._routeTable) {
    app._routeTable = null
    app._router = null
  }
  const d = app._declared
  const sts: GroupState[] = []
  for (let j = 0; j < groups.length; j++) sts.push(groups[j]._st)
  d.push(app._count, count, routes, start, pick, sts)
  app._count += count
  app._chars += chars
  if (app._router) addItem(app._router, d, d.length - 6)
  return this
}

/**
 * The handlers passed to `use()`, without the undefined ones. Named parameters, not a rest
 * array: a rest array is an `arguments` object on the njs engine (~3,000 instructions a call,
 * and `use()` runs for every request there).
 */
function usedHandlers(h1?: Handler, h2?: Handler, h3?: Handler, h4?: Handler, h5?: Handler, h6?: Handler, h7?: Handler, h8?: Handler,
  h9?: Handler, h10?: Handler, h11?: Handler, h12?: Handler, more?: Handler): Handler[] {
  if (more !== void 0) throw new Error(`tresty: use() takes at most ${MAX_HANDLERS} handlers a call (call it again for more)`)
  // one handler, the common call, without the array and the loop (~12,000 instructions a call on the njs engine)
  if (h2 === void 0 && h3 === void 0 && h4 === void 0 && h5 === void 0 && h6 === void 0 && h7 === void 0 &&
    h8 === void 0 && h9 === void 0 && h10 === void 0 && h11 === void 0 && h12 === void 0) return h1 === void 0 ? [] : [h1]
  const all = [h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12]
  const out: Handler[] = []
  for (let i = 0; i < all.length; i++) if (all[i] !== void 0) out.push(all[i]!)
  return out
}

// `name: function`, not method shorthand: the njs engine's parser reads `get(` in an object
// literal as the start of a getter.
const GROUP_PROTO: any = {
  _add: add,
  _compiled: compiled,
  get: function (p: string, a?: Handler, b?: Handler, c?: Handler, d?: Handler, e?: Handler, f?: Handler, g?: Handler, h?: Handler, i?: Handler, j?: Handler, k?: Handler, l?: Handler, m?: Handler) { return this._add('GET', p, a, b, c, d, e, f, g, h, i, j, k, l, m) },
  post: function (p: string, a?: Handler, b?: Handler, c?: Handler, d?: Handler, e?: Handler, f?: Handler, g?: Handler, h?: Handler, i?: Handler, j?: Handler, k?: Handler, l?: Handler, m?: Handler) { return this._add('POST', p, a, b, c, d, e, f, g, h, i, j, k, l, m) },
  put: function (p: string, a?: Handler, b?: Handler, c?: Handler, d?: Handler, e?: Handler, f?: Handler, g?: Handler, h?: Handler, i?: Handler, j?: Handler, k?: Handler, l?: Handler, m?: Handler) { return this._add('PUT', p, a, b, c, d, e, f, g, h, i, j, k, l, m) },
  patch: function (p: string, a?: Handler, b?: Handler, c?: Handler, d?: Handler, e?: Handler, f?: Handler, g?: Handler, h?: Handler, i?: Handler, j?: Handler, k?: Handler, l?: Handler, m?: Handler) { return this._add('PATCH', p, a, b, c, d, e, f, g, h, i, j, k, l, m) },
  delete: function (p: string, a?: Handler, b?: Handler, c?: Handler, d?: Handler, e?: Handler, f?: Handler, g?: Handler, h?: Handler, i?: Handler, j?: Handler, k?: Handler, l?: Handler, m?: Handler) { return this._add('DELETE', p, a, b, c, d, e, f, g, h, i, j, k, l, m) },
  head: function (p: string, a?: Handler, b?: Handler, c?: Handler, d?: Handler, e?: Handler, f?: Handler, g?: Handler, h?: Handler, i?: Handler, j?: Handler, k?: Handler, l?: Handler, m?: Handler) { return this._add('HEAD', p, a, b, c, d, e, f, g, h, i, j, k, l, m) },
  options: function (p: string, a?: Handler, b?: Handler, c?: Handler, d?: Handler, e?: Handler, f?: Handler, g?: Handler, h?: Handler, i?: Handler, j?: Handler, k?: Handler, l?: Handler, m?: Handler) { return this._add('OPTIONS', p, a, b, c, d, e, f, g, h, i, j, k, l, m) },
  all: function (p: string, a?: Handler, b?: Handler, c?: Handler, d?: Handler, e?: Handler, f?: Handler, g?: Handler, h?: Handler, i?: Handler, j?: Handler, k?: Handler, l?: Handler, m?: Handler) { return this._add('*', p, a, b, c, d, e, f, g, h, i, j, k, l, m) },
  use(h1?: Handler, h2?: Handler, h3?: Handler, h4?: Handler, h5?: Handler, h6?: Handler, h7?: Handler, h8?: Handler,
    h9?: Handler, h10?: Handler, h11?: Handler, h12?: Handler, more?: Handler) {
    this._st = { prefix: this._st.prefix, own: this._st.own.concat(usedHandlers(h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, more)) }
    return this
  },
  route(sub: string) {
    // (no regex: on the njs engine a regex literal is a new RegExp each time, ~6,000 instructions a call)
    const prefix = sub.charCodeAt(sub.length - 1) === 47 ? sub.slice(0, -1) : sub
    return { __proto__: GROUP_PROTO, _app: this._app, _st: { prefix: this._st.prefix + prefix, own: this._st.own } }
  },
}

/** What only the app has: app-wide middleware, guards, hooks, and what the build asks. */
const APP_PROTO: any = {
  __proto__: GROUP_PROTO,
  use(h1?: Handler, h2?: Handler, h3?: Handler, h4?: Handler, h5?: Handler, h6?: Handler, h7?: Handler, h8?: Handler,
    h9?: Handler, h10?: Handler, h11?: Handler, h12?: Handler, more?: Handler) {
    const hs = usedHandlers(h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, more)
    for (let i = 0; i < hs.length; i++) this._middleware.push(hs[i])
    return this
  },
  guard(prefix: string | Guard, guard?: Guard) {
    if (typeof prefix === 'function') this._guards.push({ prefix: '', guard: prefix })
    else this._guards.push({ prefix: prefix.replace(/\/+$/, ''), guard: guard! })
    return this
  },
  onLog(hook: LogHook) { this._logHooks.push(hook); return this },
  notFound(handler: NotFoundHandler) { this._notFound = handler; return this },
  onError(handler: ErrorHandler) { this._onError = handler; return this },
  get router() { return routerOf(this) },
  /** For the build: this app's manifest (see bundle.ts and src/shared/manifest.ts). */
  _manifest(): AppManifest {
    const t: any = routerOf(this).table()
    const guards: string[] = []
    for (let i = 0; i < this._guards.length; i++) guards.push(this._guards[i].prefix)
    const out: any = { app: this._ordinal, chars: this._chars, logHooks: this._logHooks.length, guards, statsTick: typeof this.statsTick === 'function' }
    for (const k in t) out[k] = t[k]
    return out
  },
  /** The manifest under its older name (tests and tools written against it). */
  _table(): AppManifest { return this._manifest() },
}

export function app(options?: AppOptions): App {
  const ordinal = appCount++
  const table = preloadedTable(ordinal)
  const a: any = {
    __proto__: APP_PROTO,
    _ordinal: ordinal,
    _bodyLimit: (options && options.bodyLimit) || 1024 * 1024,
    _middleware: [],
    _guards: [],
    _logHooks: [],
    _declared: [],
    _count: 0,
    _picked: null,
    _verified: null,
    _chars: 0,
    _routeTable: table,
    _router: null,
    _notFound: null,
    _onError: null,
    _st: { prefix: '', own: [] },
  }
  a._app = a
  // Without a table each declaration goes into the router at once (errors show at declaration).
  if (!table) a._router = routerOf(a)
  // nginx calls these without `this`: the only closures an app makes.
  a.content = (raw: NginxHTTPRequest) => content(a, raw)
  a.access = (raw: NginxHTTPRequest) => access(a, raw)
  a.log = (raw: NginxHTTPRequest) => log(a, raw)
  return a as App
}
