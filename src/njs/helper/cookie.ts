/**
 * Cookies: parsing the `Cookie` header, and Losty's two-step `Set-Cookie` builder.
 *
 * @example
 *   const ck = r.cookie('biscuit', true, null, '/')   // step 1: the identity
 *   ck(3600, 'Lax', true, 'chocolate')                // step 2: age, samesite, secure, value
 *   const data = r.cookie('prefs')(null, true, false, JSON.stringify)
 *   data.theme = 'dark'                               // encoded when the response is sent
 *   r.cookie('biscuit', true, null, '/')(-1)          // deletes it (same identity)
 */
import type { CookieSetter } from '../types.ts'

/**
 * `name=value; name2=value2` into an object. The first occurrence of a name wins (browsers
 * send the most specific path first); values are %-decoded when that works and kept raw when
 * it does not — a bad cookie never fails the request. Surrounding double quotes are removed.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  if (!header) return out
  const parts = header.split(';')
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]
    const eq = part.indexOf('=')
    if (eq === -1) continue
    const name = part.slice(0, eq).trim()
    if (name === '' || out[name] !== undefined) continue
    let value = part.slice(eq + 1).trim()
    if (value.length > 1 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) {
      value = value.slice(1, -1)
    }
    if (value.indexOf('%') !== -1) {
      try { value = decodeURIComponent(value) } catch (e) { /* keep it raw */ }
    }
    out[name] = value
  }
  return out
}

// Setting cookies is made on first use (makeCookieWriter): on the njs engine a module's top level
// runs again for every request, and each function declared there costs every request
// (docs/lazy-parts.md). Its regexes are literals where they are used, for the same reason.
interface CookieWriter {
  encodeCookieValue(value: string): string
  cookieSetter: typeof cookieSetter
}

let writer: CookieWriter | null = null

/**
 * A value as it goes on the wire: characters that are not cookie-octets are %-encoded, and so
 * is `%` itself, so that `parseCookies` gives back exactly the string that was set.
 */
export function encodeCookieValue(value: string): string {
  return (writer || (writer = makeCookieWriter())).encodeCookieValue(value)
}

/**
 * Step 1 of a cookie, `r.cookie(name, httponly, domain, path)`: returns step 2,
 * `(age, samesite, secure, value)`.
 *
 * - `age` null/undefined: a session cookie; a number ≥ 0: `Max-Age` (and `Expires`) in
 *   seconds; negative: the cookie is deleted (the other arguments are not needed).
 * - `samesite`: true means `Strict`, or one of 'Strict' | 'Lax' | 'None' (`None` implies
 *   `Secure`, which browsers require for it).
 * - `value`: a string is sent as is (characters a cookie cannot hold are %-encoded);
 *   `null` deletes the cookie; a function (an encoder such as `JSON.stringify`) makes step 2
 *   return a fresh object to fill in, encoded when the response is sent.
 *
 * `append` receives each Set-Cookie line, or a function giving it at send time.
 * A bad name, domain or path is a programming error and throws `Error`.
 */
export function cookieSetter(append: (line: string | (() => string)) => void, name: string,
  httponly?: boolean, domain?: string | null, path?: string | null): CookieSetter {
  return (writer || (writer = makeCookieWriter())).cookieSetter(append, name, httponly, domain, path)
}

function makeCookieWriter(): CookieWriter {
  const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT'

  function encodeChar(c: string): string {
    try { return encodeURIComponent(c) } catch (e) { return '%EF%BF%BD' } // a lone surrogate
  }

  function encodeCookieValue(value: string): string {
    // Characters that may not appear in a cookie value as is (RFC 6265 cookie-octet), plus `%`.
    const notOctet = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[^!#$&'()*+\-./0-9:<=>?@A-Z[\]^_`a-z{|}~]/g
    if (!notOctet.test(value)) return value
    notOctet.lastIndex = 0
    return value.replace(notOctet, encodeChar)
  }

  function sameSite(v: string | boolean | null | undefined): string {
    if (v === true) return 'Strict'
    if (!v) return ''
    const s = String(v).toLowerCase()
    if (s === 'strict') return 'Strict'
    if (s === 'lax') return 'Lax'
    if (s === 'none') return 'None'
    throw new Error(`tresty: cookie SameSite must be 'Strict', 'Lax', 'None' or true, not ${JSON.stringify(v)}`)
  }

  function cookieSetter(append: (line: string | (() => string)) => void, name: string,
    httponly?: boolean, domain?: string | null, path?: string | null): CookieSetter {
    // RFC 7230 token: what a cookie name may be made of.
    if (typeof name !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
      throw new Error(`tresty: invalid cookie name ${JSON.stringify(name)}`)
    }
    // Domain and Path attribute values must not break the header.
    const badAttr = /[;\x00-\x1f\x7f]/
    if (domain && badAttr.test(domain)) throw new Error(`tresty: invalid cookie domain ${JSON.stringify(domain)}`)
    if (path && badAttr.test(path)) throw new Error(`tresty: invalid cookie path ${JSON.stringify(path)}`)
    const identity = (domain ? '; Domain=' + domain : '') + (path ? '; Path=' + path : '')

    return (age, samesite, secure, value) => {
      const site = sameSite(samesite)
      const flags = identity + (secure || site === 'None' ? '; Secure' : '') +
        (httponly ? '; HttpOnly' : '') + (site ? '; SameSite=' + site : '')
      if (value === null || (typeof age === 'number' && age < 0)) {
        append(name + '=; Max-Age=0; Expires=' + EPOCH + flags)
        return undefined
      }
      let expiry = ''
      if (typeof age === 'number') {
        const secs = Math.floor(age)
        expiry = '; Max-Age=' + secs + '; Expires=' + new Date(Date.now() + secs * 1000).toUTCString()
      } else if (age !== null && age !== undefined) {
        throw new Error(`tresty: cookie age must be a number of seconds or null, not ${JSON.stringify(age)}`)
      }
      if (typeof value === 'function') {
        const encoder = value
        const data: Record<string, any> = {}
        append(() => name + '=' + encodeCookieValue(String(encoder(data))) + expiry + flags)
        return data
      }
      append(name + '=' + encodeCookieValue(value === undefined ? '' : String(value)) + expiry + flags)
      return undefined
    }
  }

  return { encodeCookieValue, cookieSetter }
}
