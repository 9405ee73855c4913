/**
 * The application: routes and middleware declared at module load (njs keeps that state for
 * every request), and the three nginx entry points that use them:
 *
 *   js_content app.content;   the router and handler chain
 *   js_content app.access;    in an `auth_request` location: the guards decide 2xx/401/403
 *   js_set $x app.log;        the log phase: synchronous hooks (counting, …)
 */
import type { Handler, Request, Response } from './types.ts'
import { createRouter, METHODS, type Router } from './router/router.ts'
import { createRequest } from './request.ts'
import { createResponse } from './response.ts'
import { runChain } from './compose.ts'
import { send } from './send.ts'
import { describeError, sendError } from './error.ts'
import { HttpError } from './http-error.ts'
import { decodeComponent } from './utils/url.ts'

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

const KNOWN: Record<string, boolean> = {}
for (let i = 0; i < METHODS.length; i++) KNOWN[METHODS[i]] = true

function isThenable(v: any): v is Promise<any> {
  return v !== null && typeof v === 'object' && typeof v.then === 'function'
}

/** The terminal handler when no route matched: 404, 405 with Allow, or 501. */
function unrouted(error: any): Handler[] {
  return [() => { throw error }]
}

export function app(options?: AppOptions): App {
  const bodyLimit = (options && options.bodyLimit) || 1024 * 1024
  const router = createRouter<Handler[]>()
  const middleware: Handler[] = []
  const guards: { prefix: string; guard: Guard }[] = []
  const logHooks: LogHook[] = []

  function group(prefix: string, inherited: Handler[]): Group {
    const own = inherited.slice()
    const g: any = {}
    const verb = (method: string) => (path: string, ...handlers: Handler[]) => {
      if (handlers.length === 0) throw new Error(`tresty: route ${method} ${path} has no handler`)
      const full = prefix + (path === '/' && prefix ? '' : path)
      router.add(method, full || '/', own.concat(handlers))
      return g
    }
    g.get = verb('GET'); g.post = verb('POST'); g.put = verb('PUT'); g.patch = verb('PATCH')
    g.delete = verb('DELETE'); g.head = verb('HEAD'); g.options = verb('OPTIONS'); g.all = verb('*')
    g.use = (...handlers: Handler[]) => { for (let i = 0; i < handlers.length; i++) own.push(handlers[i]); return g }
    g.route = (sub: string) => group(prefix + sub.replace(/\/$/, ''), own)
    return g as Group
  }

  const a: any = group('', [])
  a.router = router
  a.use = (...handlers: Handler[]) => { for (let i = 0; i < handlers.length; i++) middleware.push(handlers[i]); return a }
  a.guard = (prefix: string | Guard, guard?: Guard) => {
    if (typeof prefix === 'function') guards.push({ prefix: '', guard: prefix })
    else guards.push({ prefix: prefix.replace(/\/$/, ''), guard: guard! })
    return a
  }
  a.onLog = (hook: LogHook) => { logHooks.push(hook); return a }

  a.content = function content(raw: NginxHTTPRequest): void | Promise<void> {
    const method = raw.method
    const q = createRequest(raw, method, raw.uri, bodyLimit)
    const r = createResponse(raw)
    let handlers: Handler[]
    try {
      const found = router.match(method, q.path)
      if (found) {
        handlers = found.route.value
        q.match = found.match
        q.params = found.params
        q.route = found.route.path
        if (logHooks.length) (raw.variables as any).tresty_route = q.route
      } else {
        handlers = unrouted(KNOWN[method] ? HttpError(404, `Not found: ${q.path}`) : HttpError(501, `Method ${method} not implemented`))
      }
    } catch (e) {
      // A 405 for a method nginx knows nothing about is really "not implemented".
      handlers = unrouted(KNOWN[method] ? e : HttpError(501, `Method ${method} not implemented`))
    }
    let out: any
    try {
      out = runChain(q, r, middleware, handlers)
    } catch (e) {
      return sendError(r, e)
    }
    if (isThenable(out)) return out.then((body: any) => send(r, body)).then(undefined, (e: any) => sendError(r, e))
    const sent = send(r, out)
    if (isThenable(sent)) return sent.then(undefined, (e: any) => sendError(r, e))
  }

  a.access = async function access(raw: NginxHTTPRequest): Promise<void> {
    // In an auth_request subrequest r.return() misbehaves: set the status, send the header, finish.
    const r = createResponse(raw)
    let status = 204
    try {
      const uri = raw.variables.request_uri || raw.uri
      const qs = uri.indexOf('?')
      const path = decodeComponent(qs < 0 ? uri : uri.slice(0, qs), false)
      const q = createRequest(raw, raw.variables.request_method || raw.method, path, bodyLimit)
      q._args = qs < 0 ? '' : uri.slice(qs + 1)
      for (let i = 0; i < guards.length; i++) {
        const g = guards[i]
        if (g.prefix && path !== g.prefix && path.indexOf(g.prefix + '/') !== 0) continue
        const verdict = await g.guard(q, r)
        if (verdict === false) { status = 403; break }
        if (typeof verdict === 'number' && verdict >= 300) { status = verdict; break }
      }
    } catch (e) {
      status = describeError(raw, e).status
    }
    if (status !== 401 && status !== 403 && status >= 300) status = status >= 500 ? 500 : 403
    raw.status = status
    const out = raw.headersOut as any
    for (const name in r.headers) out[name] = r.headers[name]
    raw.sendHeader()
    raw.finish()
  }

  a.log = function log(raw: NginxHTTPRequest): string {
    const route = (raw.variables as any).tresty_route || ''
    if (logHooks.length) {
      const entry: LogRequest = {
        raw, route,
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
