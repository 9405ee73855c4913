/**
 * One call to the sidecar from njs: a subrequest to the internal `/_tresty/sidecar/` location
 * when there is a request, `ngx.fetch` to the sidecar's TCP address when there is none
 * (js_periodic). Either way the call is bounded by a timeout, and every failure becomes an
 * HttpError carrying the sidecar's status and error code (503 when the sidecar is unreachable).
 *
 * Settings come from nginx variables (`js_var` at http level):
 *   $tresty_sidecar_timeout  ms before a call fails (default 5000)
 *   $tresty_sidecar_url      the sidecar's TCP address for ngx.fetch, e.g. http://127.0.0.1:7070
 */
import { HttpError } from '../http-error.ts'
import type { HttpError as HttpErrorType } from '../http-error.ts'
import { SIDECAR_LOCATION } from '../../shared/sidecar-protocol.ts'
import type { ErrorBody, ErrorCode } from '../../shared/sidecar-protocol.ts'

const DEFAULT_TIMEOUT_MS = 5000

export interface CallOptions {
  /** Milliseconds before the call fails with 503 (default `$tresty_sidecar_timeout`, else 5000). */
  timeout?: number
  /** Force a transport (benchmarks); default: subrequest with a request, ngx.fetch without. */
  via?: 'subrequest' | 'fetch'
}

/** Where a call is made from: a tresty request `q`, a raw njs request, or a js_periodic session. */
export type CallContext = { raw: NginxHTTPRequest } | NginxHTTPRequest | NginxPeriodicSession

export interface SidecarError extends HttpErrorType {
  code: ErrorCode
}

export function sidecarError(status: number, code: ErrorCode, message: string): SidecarError {
  const e = HttpError(status, message) as SidecarError
  e.code = code
  return e
}

interface Reply { status: number; text: string }

/** Sends `body` (already encoded) and resolves to the response text of a 200; rejects otherwise. */
export function sidecarCall(ctx: CallContext, method: 'GET' | 'POST', path: string, body?: string, o?: CallOptions): Promise<string> {
  const raw: any = (ctx as any).raw || ctx
  const vars = raw.variables as NginxVariables
  const timeout = (o && o.timeout) || Number(vars.tresty_sidecar_timeout) || DEFAULT_TIMEOUT_MS
  const request: NginxHTTPRequest | null = typeof raw.subrequest === 'function' ? raw : null
  const via = (o && o.via) || (request ? 'subrequest' : 'fetch')
  let reply: Promise<Reply>
  if (via === 'subrequest') {
    if (!request) return Promise.reject(new Error('tresty sidecar: a subrequest needs a request (pass q)'))
    reply = bySubrequest(request, method, path, body)
  } else reply = byFetch(vars, method, path, body)
  return withTimeout(reply, timeout, path).then(decode)
}

/** `sidecarCall` for JSON endpoints: encodes the body, parses the answer. */
export function sidecarJson(ctx: CallContext, method: 'GET' | 'POST', path: string, body?: object, o?: CallOptions): Promise<any> {
  return sidecarCall(ctx, method, path, body === undefined ? undefined : JSON.stringify(body), o).then((text) => JSON.parse(text))
}

function bySubrequest(r: NginxHTTPRequest, method: string, path: string, body?: string): Promise<Reply> {
  const options: NginxSubrequestOptions = { method: method as NginxSubrequestOptions['method'] }
  if (body !== undefined) options.body = body
  return r.subrequest(SIDECAR_LOCATION + path, options).then((reply) => ({ status: reply.status, text: reply.responseText || '' }))
}

function byFetch(vars: NginxVariables, method: string, path: string, body?: string): Promise<Reply> {
  const base = vars.tresty_sidecar_url
  if (!base) return Promise.reject(sidecarError(503, 'sidecar_unavailable', 'ngx.fetch needs the sidecar\'s TCP address in $tresty_sidecar_url'))
  const init: NgxFetchOptions = { method, headers: { 'Content-Type': 'application/json' } }
  if (body !== undefined) init.body = body
  return ngx.fetch(base + path, init).then(
    (res) => res.text().then((text) => ({ status: res.status, text })),
    (e) => { throw sidecarError(503, 'sidecar_unavailable', `the tresty sidecar at ${base} is unreachable: ${e && e.message}`) },
  )
}

function withTimeout(reply: Promise<Reply>, ms: number, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(sidecarError(503, 'sidecar_unavailable', `the tresty sidecar did not answer ${path} within ${ms} ms`)), ms)
    reply.then((v) => { clearTimeout(timer); resolve(v) }, (e) => { clearTimeout(timer); reject(e) })
  })
}

function decode(reply: Reply): string {
  if (reply.status === 200) return reply.text
  let parsed: ErrorBody | null = null
  try { parsed = JSON.parse(reply.text) } catch (e) { /* not the sidecar talking: see below */ }
  if (parsed && parsed.error && parsed.error.code) throw sidecarError(reply.status, parsed.error.code, parsed.error.message)
  // Something between nginx and the sidecar failed without the sidecar's error shape.
  throw sidecarError(503, 'sidecar_unavailable', `the tresty sidecar answered HTTP ${reply.status}`)
}
