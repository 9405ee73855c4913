/**
 * The one place response headers reach nginx. A name must be an HTTP token and a value may
 * not hold CR, LF or NUL: njs 0.8.9 writes such values as they are (a split response, an
 * attacker's header on the wire) while njs 1.0 fails the request, so tresty refuses them
 * itself, the same way on every engine: `writeHeaders` throws and the request becomes a
 * logged 500 (error.ts) before anything is sent.
 */
import type { HeaderValue } from './types.ts'
import { logSafe } from './utils/log.ts'

export function unsafeHeader(name: string, value: string): Error {
  return new Error(`tresty: refused to send response header ${JSON.stringify(logSafe(name))}: ` +
    'names must be tokens and values may not contain CR, LF or NUL (response splitting)')
}

/**
 * The token pattern, made on first use: a regex literal in the function would be rebuilt at
 * every call on the njs engine (a few µs per header), and at module top level every request
 * would pay for it there, header or not.
 */
let token: RegExp | null = null

/** CR, LF or NUL: three native scans are far cheaper than a regex on both engines. */
function breaksLine(value: string): boolean {
  return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0
}

/** Throws unless `name: value` can go on the wire as one header line. */
export function checkHeader(name: string, value: HeaderValue): void {
  if (!(token || (token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/)).test(name)) throw unsafeHeader(name, '')
  if (typeof value === 'string') {
    if (breaksLine(value)) throw unsafeHeader(name, value)
    return
  }
  if (value && typeof value === 'object') {
    for (let i = 0; i < value.length; i++) {
      if (breaksLine(String(value[i]))) throw unsafeHeader(name, String(value[i]))
    }
  } else if (value !== void 0 && value !== null && breaksLine(String(value))) throw unsafeHeader(name, String(value))
}

/**
 * Checks every header, then writes them all (nothing is written when one is refused); true
 * when a Content-Type is among them. The check also notes the Content-Type, and the write walks
 * the headers only when there are some: a `for…in` costs ~0.3 µs even over an empty object on
 * the njs engine, and `send` used to walk them once more just for the Content-Type.
 */
export function writeHeaders(raw: NginxHTTPRequest, headers: Record<string, HeaderValue>, setCookie?: string[]): boolean {
  let any = false
  let typed = false
  for (const name in headers) {
    const value = headers[name]
    checkHeader(name, value)
    any = true
    if (value && (name === 'Content-Type' || name === 'content-type')) typed = true
  }
  if (setCookie) checkHeader('Set-Cookie', setCookie)
  if (!any && !setCookie) return false
  const out: any = raw.headersOut
  if (any) for (const name in headers) out[name] = headers[name]
  if (setCookie) out['Set-Cookie'] = setCookie
  return typed
}
