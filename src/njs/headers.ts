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

/**
 * Header names already found to be tokens, remembered once this VM has checked 16 names: a
 * QuickJS context serves many requests and sends the same few names again and again (a RegExp
 * test costs ~3,800 instructions there, as it builds a match array; a lookup a few hundred),
 * while the njs engine's VM lives one request, where remembering only added work (~2,800
 * instructions a name; asking which engine runs, a global read, ~5,000 a request; the count
 * ~700 a name). At most 256 names of up to 64 characters, so names taken from requests cannot
 * grow it without bound.
 */
let tokens: Record<string, true> | null = null
let tokenChecks = 0
let tokenCount = 0

function isToken(name: string): boolean {
  if (tokens !== null) {
    if (tokens[name] === true) return true
  } else if (++tokenChecks > 16) tokens = Object.create(null) as Record<string, true>
  if (!(token || (token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/)).test(name)) return false
  if (tokens !== null && tokenCount < 256 && name.length <= 64) { tokens[name] = true; tokenCount++ }
  return true
}

/** Throws unless `name: value` can go on the wire as one header line. */
export function checkHeader(name: string, value: HeaderValue): void {
  if (!isToken(name)) throw unsafeHeader(name, '')
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
 * when a Content-Type is among them. The check also notes the Content-Type. The names are
 * taken once, own names only (`Object.keys`): a `for…in` would also write what a polluted
 * Object.prototype holds, and on QuickJS each one builds an iterator (two of them cost ~1,600
 * instructions more for three headers; the njs engine pays ~1,900 more for `Object.keys`).
 */
export function writeHeaders(raw: NginxHTTPRequest, headers: Record<string, HeaderValue>, setCookie?: string[]): boolean {
  const names = Object.keys(headers)
  let typed = false
  for (let i = 0; i < names.length; i++) {
    const name = names[i]
    const value = headers[name]
    checkHeader(name, value)
    if (value && (name === 'Content-Type' || name === 'content-type')) typed = true
  }
  if (setCookie) checkHeader('Set-Cookie', setCookie)
  if (names.length === 0 && !setCookie) return false
  const out: any = raw.headersOut
  for (let i = 0; i < names.length; i++) out[names[i]] = headers[names[i]]
  if (setCookie) out['Set-Cookie'] = setCookie
  return typed
}
