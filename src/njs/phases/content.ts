/**
 * `js_content app.content`: one request, top to bottom.
 *
 *   1. guards: a guarded path must have passed the access phase (else 500, logged)
 *   2. route: found → its handlers; wrong method / none → the app's notFound (404/405/501)
 *   3. the chain: app middleware, then those handlers (compose.ts)
 *   4. send what the chain returned (send.ts)
 *
 * One error boundary: whatever is thrown or rejected in 2–4 goes to `fail` (the app's
 * onError, else error.ts), and nothing escapes to nginx as a `js exception`.
 */
import type { Handler, Request, Response } from '../types.ts'
import type { AppState } from '../app-state.ts'
import { findRoute } from '../app-state.ts'
import { METHODS, NOT_FOUND } from '../router/router.ts'
import { createRequest } from '../request.ts'
import { createResponse } from '../response.ts'
import { send } from '../send.ts'
import { describeError, resetForError, sendError } from '../error.ts'
import { bareHttpError, type HttpError } from '../http-error.ts'
import { underPrefix } from '../guard-path.ts'
import { logSafe } from '../utils/log.ts'
import { INTERNAL_PREFIX } from '../../shared/manifest.ts'

function isThenable(v: any): v is Promise<any> {
  return v !== null && typeof v === 'object' && typeof v.then === 'function'
}

/** What the access phase hands the content phase for `path`: its %-encoded form (header-safe). */
export function guardToken(path: string): string {
  try { return encodeURIComponent(path) } catch (e) { return '' }
}

/**
 * A path under a guard prefix must have passed the access phase for exactly this path
 * (guard.conf copies the access handler's header into `$tresty_guard_passed`).
 */
function passedGuards(app: AppState, raw: NginxHTTPRequest, path: string): boolean {
  if (path.indexOf(INTERNAL_PREFIX) === 0) return true
  const guards = app._guards
  for (let i = 0; i < guards.length; i++) {
    if (!underPrefix(guards[i].prefix, path)) continue
    const passed = (raw.variables as any).tresty_guard_passed
    return !!passed && passed === guardToken(path)
  }
  return true
}

/** A guarded path reached the content phase without passing the access phase: nginx.conf lacks the wiring. */
function refuseUnguarded(raw: NginxHTTPRequest, path: string): void {
  raw.error(logSafe(`tresty: refused ${raw.method} ${path}: it is under an app.guard() prefix but did not pass the ` +
    'access phase. The nginx location serving it must `include tresty/nginx/guard.conf;` (auth_request /_tresty/access ' +
    'and auth_request_set $tresty_guard_passed $sent_http_x_tresty_guard) — see docs/guards.md'))
  try {
    raw.headersOut['Content-Type'] = 'application/json'
    raw.return(500, '{"error":{"status":500,"message":"Internal Server Error"}}')
  } catch (e) { /* the client is gone */ }
}

/**
 * The last handler of an unrouted request's chain: the app's notFound, or the error itself.
 * The error is made here, not when routing fails: middleware often answers first (a CORS
 * preflight, a static file), and making it costs QuickJS ~6,000 instructions even without
 * its stack (~20,000 with).
 */
function unrouted(q: Request, r: Response): any {
  // [method, path as routed (middleware may change q.method and q.path), Allow or null]
  const m = q._miss
  const miss = missError(m[0], m[1], m[2])
  const handler = q._notFound
  if (handler) return handler(q, r, miss)
  throw miss
}

const UNROUTED: Handler[] = [unrouted]

/** The error an unrouted request answers with (no stack: see bareHttpError). */
function missError(method: string, path: string, allow: string | null): HttpError {
  // A method tresty does not know is a 501 even where the path exists.
  if (METHODS.indexOf(method) < 0) return bareHttpError(501, `Method ${method} is not supported`)
  if (allow !== null) return bareHttpError(405, `Method ${method} not allowed on ${path}`, { Allow: allow })
  return bareHttpError(404, `Not found: ${path}`)
}

export function content(app: AppState, raw: NginxHTTPRequest): void | Promise<void> {
  const method = raw.method
  const path = raw.uri
  if (app._guards.length && !passedGuards(app, raw, path)) return refuseUnguarded(raw, path)
  const r = createResponse(raw)
  let q: Request
  try {
    // tresty's own endpoints answer only through the nginx location that protects them
    // (95 is '_': one character read spares other paths the search).
    const k = path.charCodeAt(1) === 95 && path.indexOf(INTERNAL_PREFIX) === 0 && (raw.variables as any).tresty_internal !== '1' ? NOT_FOUND : findRoute(app, method, path)
    if (k >= 0) {
      const router = app._router!
      const found = router.routeAt(k)
      q = createRequest(raw, method, path, app._bodyLimit, router.captures, router.params, found.path, app._middleware, found.value, r)
      // The router outlives the request on QuickJS: it keeps none of the request's values.
      router.params = null
      router.captures = null
      if (app._logHooks.length) (raw.variables as any).tresty_route = found.path
    } else {
      q = createRequest(raw, method, path, app._bodyLimit, null, null, '', app._middleware, UNROUTED, r)
      // (Allow: null where no route has the path, else the methods that do, for a 405)
      q._miss = [method, path, k === NOT_FOUND ? null : app._router!.allow]
      q._notFound = app._notFound
    }
  } catch (e) {
    // A route that cannot be built (a bad pattern declared late): the app's error, not the client's.
    return fail(app, createRequest(raw, method, path, app._bodyLimit), r, e)
  }
  try {
    const out = q.next()
    if (isThenable(out)) return out.then((body: any) => send(r, body)).then(void 0, (e: any) => fail(app, q, r, e))
    const sent = send(r, out)
    // send answers a promise only for a streamed body
    if (sent !== void 0) return sent.then(void 0, (e: any) => fail(app, q, r, e))
  } catch (e) {
    return fail(app, q, r, e)
  }
}

/** The content phase's error boundary: the app's onError, else tresty's error response. */
function fail(app: AppState, q: Request, r: Response, e: any): void | Promise<void> {
  const handler = app._onError
  if (handler === null || r.sent) return sendError(r, e)
  const err = describeError(r.raw, e)
  resetForError(r, err.status, err.headers)
  let body: any
  try {
    body = handler(e, q, r)
    if (isThenable(body)) return body.then((b: any) => send(r, b)).then(void 0, (e2: any) => sendError(r, e2))
    const sent = send(r, body)
    if (isThenable(sent)) return sent.then(void 0, (e2: any) => sendError(r, e2))
  } catch (e2) {
    return sendError(r, e2)
  }
}
