/**
 * CORS. Origins are an exact list, `'*'`, or a function; an origin not allowed gets no
 * `Access-Control-Allow-*` header at all (the request is still served: CORS tells browsers
 * what other sites' scripts may read, it is not access control). An allowed origin is echoed
 * only when it is exactly one the app allowed, never reflected otherwise; `Vary: Origin` tells
 * caches that the answer depends on it. Preflights (OPTIONS with
 * `Access-Control-Request-Method`) are answered 204 here without running the routes.
 *
 * @example
 *   import { cors } from 'tresty/middleware/cors'
 *   a.use(cors({ origin: ['https://app.example'], credentials: true, maxAge: 600 }))
 */
import type { Handler, Request, Response } from '../../types.ts'
import { isHttpError } from '../../http-error.ts'
import { addVary, isThenable } from '../../utils/response.ts'

export interface CorsOptions {
  /** Allowed origins: a list of exact origins, `'*'` (any, without credentials), or a function. */
  origin: string | string[] | ((origin: string, q: Request) => boolean)
  /** Send `Access-Control-Allow-Credentials: true` (cookies). Not with `'*'`. */
  credentials?: boolean
  /** Seconds a browser may cache a preflight answer. */
  maxAge?: number
  /** Methods allowed in preflights (default GET, HEAD, PUT, POST, PATCH, DELETE). */
  methods?: string[]
  /** Request headers allowed in preflights (default: those the preflight asks for). */
  headers?: string[]
  /** Response headers browser code may read (`Access-Control-Expose-Headers`). */
  exposeHeaders?: string[]
}

export function cors(options: CorsOptions): Handler {
  const o = options
  const any = o.origin === '*'
  if (any && o.credentials) throw new Error("tresty: cors with origin '*' cannot allow credentials; list the origins")
  const list = typeof o.origin === 'string' ? (any ? null : [o.origin]) : Array.isArray(o.origin) ? o.origin : null
  const test = typeof o.origin === 'function' ? o.origin : null
  const methods = (o.methods || ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE']).join(', ')

  function allowed(origin: string | undefined, q: Request): string | null {
    if (!origin) return null
    if (any) return '*'
    if (list) return list.indexOf(origin) >= 0 ? origin : null
    return test && test(origin, q) === true ? origin : null
  }

  return (q: Request, r: Response) => {
    const origin = q.headers.origin
    const allow = allowed(origin, q)
    const headers: Record<string, string> = {}
    if (allow) {
      headers['Access-Control-Allow-Origin'] = allow
      if (o.credentials) headers['Access-Control-Allow-Credentials'] = 'true'
    }
    if (!any) addVary(r, 'Origin')
    if (q.method === 'OPTIONS' && q.headers['access-control-request-method']) {
      r.status = 204
      if (allow) {
        headers['Access-Control-Allow-Methods'] = methods
        const asked = q.headers['access-control-request-headers']
        if (o.headers) headers['Access-Control-Allow-Headers'] = o.headers.join(', ')
        else if (asked) {
          headers['Access-Control-Allow-Headers'] = asked
          addVary(r, 'Access-Control-Request-Headers')
        }
        if (o.maxAge !== undefined) headers['Access-Control-Max-Age'] = String(o.maxAge)
      }
      for (const k in headers) r.headers[k] = headers[k]
      return undefined
    }
    if (allow && o.exposeHeaders && o.exposeHeaders.length) headers['Access-Control-Expose-Headers'] = o.exposeHeaders.join(', ')
    for (const k in headers) r.headers[k] = headers[k]
    // An HttpError's response is built from its own headers: give it ours, so browser code
    // can read the error too.
    const keep = (e: any) => {
      if (isHttpError(e)) {
        const h: Record<string, string> = e.headers = Object.assign({}, e.headers)
        for (const k in headers) h[k] = headers[k]
        if (!any) h.Vary = 'Origin'
      }
      throw e
    }
    let out: any
    try { out = q.next() } catch (e) { keep(e) }
    return isThenable(out) ? out.then(undefined, keep) : out
  }
}
