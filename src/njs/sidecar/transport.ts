/**
 * One call to the sidecar from njs: a subrequest to the internal `/_tresty/sidecar/` location
 * when there is a request, `ngx.fetch` to the sidecar's TCP address when there is none
 * (js_periodic). Either way the call is bounded by a timeout, and every failure becomes an
 * HttpError carrying the sidecar's status and error code (503 when the sidecar is unreachable).
 *
 * Settings come from nginx variables (`js_var` at http level):
 *   $tresty_sidecar_timeout  ms before a call fails (default 5000)
 *   $tresty_sidecar_url      the sidecar's TCP address for ngx.fetch, e.g. http://127.0.0.1:7070
 *   $tresty_sidecar_secret   set here for each subrequest; the internal location sends it as the
 *                            secret header (a subrequest cannot carry headers of its own)
 * The sidecar refuses every call without the shared secret (TRESTY_SIDECAR_SECRET, see secret.ts).
 *
 * Failures the client is not to blame for (5xx) reach the client with a generic message; the
 * detail — which may name internal addresses (a Redis URL, the sidecar's port) — goes to
 * nginx's error log only.
 */
import { HttpError } from '../http-error.ts'
import type { HttpError as HttpErrorType } from '../http-error.ts'
import { SIDECAR_LOCATION } from '../../shared/sidecar-protocol.ts'
import { SECRET_HEADER } from '../../shared/sidecar-protocol.ts'
import type { ErrorBody, ErrorCode, SidecarEndpoints, SidecarPath, SidecarRequest, SidecarResponse } from '../../shared/sidecar-protocol.ts'
import { SECRET_VARIABLE, sidecarSecret } from './secret.ts'

const DEFAULT_TIMEOUT_MS = 5000

export interface CallOptions {
  /** Milliseconds before the call fails with 503 (default `$tresty_sidecar_timeout`, else 5000). */
  timeout?: number
  /** Force a transport (benchmarks); default: subrequest with a request, ngx.fetch without. */
  via?: 'subrequest' | 'fetch'
}

/** Where a call is made from: a tresty request `q`, a raw njs request, or a js_periodic session. */
export type CallContext = { raw: NginxHTTPRequest } | NginxHTTPRequest | NginxPeriodicSession

/** What a failed sidecar call rejects with in njs (the Node side answers with src/node/sidecar/errors.ts' SidecarError). */
export interface SidecarCallError extends HttpErrorType {
  code: ErrorCode
  /** What actually went wrong, for logs: may name internal addresses, so never sent to clients. */
  detail?: string
}

/**
 * The error a call fails with. A 5xx keeps `message` for `detail` and the log line, and tells
 * the client only what failed (internal addresses stay out of response bodies).
 */
export function sidecarCallError(status: number, code: ErrorCode, message: string): SidecarCallError {
  if (status < 500) {
    const e = HttpError(status, message) as SidecarCallError
    e.code = code
    return e
  }
  const e = HttpError(status, publicMessage(code)) as SidecarCallError
  e.code = code
  e.detail = message
  // JSON.stringify: CR/LF in a message must not forge error-log lines.
  ngx.log(ngx.WARN, `tresty sidecar: ${code}: ${JSON.stringify(message)}`)
  return e
}

function publicMessage(code: ErrorCode): string {
  switch (code) {
    case 'redis_unavailable': return 'Redis is unavailable'
    case 'mongo_unavailable': return 'MongoDB is unavailable'
    case 'sidecar_unavailable': return 'the sidecar is unavailable'
    case 'sql_unavailable': return 'the database is unavailable'
    case 'sql_timeout': return 'the database did not answer in time'
    case 'sql_error': return 'database error (details in the sidecar log)'
    default: return 'the sidecar failed'
  }
}

interface Reply { status: number; text: string }

/** Sends `body` (already encoded) and resolves to the response text of a 200; rejects otherwise. */
export function sidecarCall(ctx: CallContext, method: 'GET' | 'POST', path: string, body?: string, o?: CallOptions): Promise<string> {
  const raw: any = (ctx as any).raw || ctx
  const vars = raw.variables as NginxVariables
  const timeout = (o && o.timeout) || Number(vars.tresty_sidecar_timeout) || DEFAULT_TIMEOUT_MS
  const request: NginxHTTPRequest | null = typeof raw.subrequest === 'function' ? raw : null
  const via = (o && o.via) || (request ? 'subrequest' : 'fetch')
  const secret = sidecarSecret()
  if (!secret) return Promise.reject(sidecarCallError(503, 'sidecar_unavailable', 'TRESTY_SIDECAR_SECRET is not in nginx\'s environment (`env TRESTY_SIDECAR_SECRET;` in nginx.conf\'s main context)'))
  let reply: Promise<Reply>
  if (via === 'subrequest') {
    if (!request) return Promise.reject(new Error('tresty sidecar: a subrequest needs a request (pass q)'))
    try {
      // Subrequests share the parent's variables: the internal location sends this one.
      request.variables[SECRET_VARIABLE] = secret
    } catch (e) {
      return Promise.reject(sidecarCallError(503, 'sidecar_unavailable', `cannot set $${SECRET_VARIABLE} (declare \`js_var $${SECRET_VARIABLE};\` at http level, see nginx/sidecar-upstream.conf): ${e}`))
    }
    reply = bySubrequest(request, method, path, body)
  } else reply = byFetch(vars, method, path, body, secret)
  return withTimeout(reply, timeout, path).then(decode)
}

/** `sidecarCall` for JSON endpoints: encodes the body, parses the answer. */
export function sidecarJson(ctx: CallContext, method: 'GET' | 'POST', path: string, body?: object, o?: CallOptions): Promise<any> {
  return sidecarCall(ctx, method, path, body === undefined ? undefined : JSON.stringify(body), o).then((text) => JSON.parse(text))
}

/** The contract's POST endpoints (src/shared/sidecar-protocol.ts). */
export type SidecarPostPath = { [P in SidecarPath]: SidecarEndpoints[P]['method'] extends 'POST' ? P : never }[SidecarPath]

/** `sidecarJson` for a POST endpoint of the contract: body and answer typed by its path. */
export function postJson<P extends SidecarPostPath>(ctx: CallContext, path: P, body: SidecarRequest<P>, o?: CallOptions): Promise<SidecarResponse<P>> {
  return sidecarJson(ctx, 'POST', path, body as object, o)
}

function bySubrequest(r: NginxHTTPRequest, method: string, path: string, body?: string): Promise<Reply> {
  const options: NginxSubrequestOptions = { method: method as NginxSubrequestOptions['method'] }
  if (body !== undefined) options.body = body
  return r.subrequest(SIDECAR_LOCATION + path, options).then((reply) => ({ status: reply.status, text: reply.responseText || '' }))
}

function byFetch(vars: NginxVariables, method: string, path: string, body: string | undefined, secret: string): Promise<Reply> {
  const base = vars.tresty_sidecar_url
  if (!base) return Promise.reject(sidecarCallError(503, 'sidecar_unavailable', 'ngx.fetch needs the sidecar\'s TCP address in $tresty_sidecar_url'))
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  headers[SECRET_HEADER] = secret
  const init: NgxFetchOptions = { method, headers }
  if (body !== undefined) init.body = body
  return ngx.fetch(base + path, init).then(
    (res) => res.text().then((text) => ({ status: res.status, text })),
    (e) => { throw sidecarCallError(503, 'sidecar_unavailable', `the tresty sidecar at ${base} is unreachable: ${e && e.message}`) },
  )
}

function withTimeout(reply: Promise<Reply>, ms: number, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(sidecarCallError(503, 'sidecar_unavailable', `the tresty sidecar did not answer ${path} within ${ms} ms`)), ms)
    reply.then((v) => { clearTimeout(timer); resolve(v) }, (e) => { clearTimeout(timer); reject(e) })
  })
}

function decode(reply: Reply): string {
  if (reply.status === 200) return reply.text
  let parsed: ErrorBody | null = null
  try { parsed = JSON.parse(reply.text) } catch (e) { /* not the sidecar talking: see below */ }
  if (parsed && parsed.error && parsed.error.code) {
    // nginx and the sidecar disagree on the secret: a deployment fault, not the client's.
    if (parsed.error.code === 'unauthorized') throw sidecarCallError(503, 'sidecar_unavailable', 'the sidecar refused nginx\'s secret (TRESTY_SIDECAR_SECRET differs between them)')
    throw sidecarCallError(reply.status, parsed.error.code, parsed.error.message)
  }
  // Something between nginx and the sidecar failed without the sidecar's error shape.
  throw sidecarCallError(503, 'sidecar_unavailable', `the tresty sidecar answered HTTP ${reply.status}`)
}
