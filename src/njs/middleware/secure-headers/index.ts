/**
 * Security headers (the Helmet / Hono set), written straight to nginx's response headers so
 * error pages carry them too. Every header can be changed or turned off (`false`).
 * `Strict-Transport-Security` is sent only over https (`$scheme`, or `X-Forwarded-Proto`
 * from a proxy you trust with `trustProxy`): over plain http it would be ignored at best.
 *
 * @example
 *   import { secureHeaders } from 'tresty/middleware/secure-headers'
 *   a.use(secureHeaders({ csp: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'] } }))
 */
import type { Handler, Request, Response } from '../../types.ts'

type Value = string | false

export interface SecureHeadersOptions {
  /** Content-Security-Policy: a string, or directives by name (`defaultSrc` or `default-src`). */
  csp?: string | Record<string, string | string[]>
  /** Default `max-age=15552000; includeSubDomains` (https only). */
  hsts?: Value
  /** Default `SAMEORIGIN`. */
  frameOptions?: Value
  /** Default `no-referrer`. */
  referrerPolicy?: Value
  /** Default `same-origin`. */
  crossOriginOpenerPolicy?: Value
  /** Default `same-origin`. */
  crossOriginResourcePolicy?: Value
  /** Not sent unless given, e.g. `camera=(), microphone=()`. */
  permissionsPolicy?: Value
  /** Trust `X-Forwarded-Proto: https` for HSTS (only behind a proxy that sets it). */
  trustProxy?: boolean
}

function directive(name: string): string {
  return name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())
}

/** A CSP header value from its directives; a value that could break the header is a programming error. */
export function cspValue(csp: string | Record<string, string | string[]>): string {
  const bad = (v: string) => { throw new Error(`tresty: invalid Content-Security-Policy ${JSON.stringify(v)}`) }
  if (typeof csp === 'string') {
    if (!csp || /[\r\n\x00]/.test(csp)) bad(csp)
    return csp
  }
  const parts: string[] = []
  for (const k in csp) {
    const v = Array.isArray(csp[k]) ? (csp[k] as string[]).join(' ') : csp[k] as string
    // A `;` or `,` inside a value would start another directive or policy.
    if (!/^[a-zA-Z-]+$/.test(k) || /[;,\r\n\x00]/.test(v)) bad(k + ' ' + v)
    parts.push(v ? directive(k) + ' ' + v : directive(k))
  }
  if (!parts.length) bad('')
  return parts.join('; ')
}

export function secureHeaders(options?: SecureHeadersOptions): Handler {
  const o = options || {}
  const pick = (v: Value | undefined, dflt: Value): Value => (v === undefined ? dflt : v)
  // Name, value pairs, worked out once per factory call.
  const list: string[] = []
  const add = (name: string, v: Value) => { if (v !== false) list.push(name, v) }
  add('X-Content-Type-Options', 'nosniff')
  add('X-Frame-Options', pick(o.frameOptions, 'SAMEORIGIN'))
  add('Referrer-Policy', pick(o.referrerPolicy, 'no-referrer'))
  add('Cross-Origin-Opener-Policy', pick(o.crossOriginOpenerPolicy, 'same-origin'))
  add('Cross-Origin-Resource-Policy', pick(o.crossOriginResourcePolicy, 'same-origin'))
  add('Origin-Agent-Cluster', '?1')
  add('X-DNS-Prefetch-Control', 'off')
  add('X-Download-Options', 'noopen')
  add('X-Permitted-Cross-Domain-Policies', 'none')
  add('X-XSS-Protection', '0')
  add('Permissions-Policy', pick(o.permissionsPolicy, false))
  if (o.csp) add('Content-Security-Policy', cspValue(o.csp))
  const hsts = pick(o.hsts, 'max-age=15552000; includeSubDomains')

  return (q: Request, r: Response) => {
    const out: any = q.raw.headersOut
    for (let i = 0; i < list.length; i += 2) out[list[i]] = list[i + 1]
    if (hsts !== false && (q.raw.variables.scheme === 'https' ||
      (o.trustProxy && (q.headers['x-forwarded-proto'] || '').toLowerCase() === 'https'))) {
      out['Strict-Transport-Security'] = hsts
    }
    return q.next()
  }
}
