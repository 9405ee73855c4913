/**
 * Signed URLs with an expiry (Losty's `sigurl`): `sign('/files/report.pdf', 600)` gives
 * `/files/report.pdf?exp=1767225600&sig=…`; `verify` says whether a URL is one we signed and
 * has not expired. HMAC-SHA-256 over everything before `&sig=`, compared in constant time; the
 * first secret signs, every secret verifies (rotation). Synchronous.
 *
 * Sign the URL as it will be requested (percent-encoded); `verify(q)` checks the request's
 * own `$request_uri`.
 *
 * @example
 *   import { signedUrls } from 'tresty/helper/signed-url'
 *   const urls = signedUrls(process.env.URL_SECRET)
 *   a.get('/share/:id', (q) => ({ link: urls.sign(`/files/${q.params.id}`, 3600) }))
 *   a.get('/files/:id', (q) => urls.verify(q) ? serve(q.params.id) : 403)
 */
import type { Request } from '../../types.ts'
import { hkdfSha256, hmacB64u, safeEqual } from '../../utils/crypto.ts'

export interface UrlSigner {
  /** `path` (may have a query) with `exp` (when `ttl` seconds > 0) and `sig` appended. */
  sign(path: string, ttl?: number): string
  /** True for a URL signed by us, unchanged and not expired; false for anything else. */
  verify(url: string | Request): boolean
}

export function signedUrls(secret: string | string[]): UrlSigner {
  const secrets = typeof secret === 'string' ? [secret] : secret
  if (!secrets || !secrets.length) throw new Error('tresty: signedUrls needs a secret')
  const keys: Buffer[] = []
  const key = (i: number) => keys[i] || (keys[i] = hkdfSha256(secrets[i], 'tresty-signed-url', 'sign', 32))
  return {
    sign(path: string, ttl?: number): string {
      if (typeof path !== 'string' || path.charAt(0) !== '/') throw new Error(`tresty: sign() takes a path starting with '/', not ${JSON.stringify(path)}`)
      let body = path + (path.indexOf('?') < 0 ? '?' : '&')
      if (ttl && ttl > 0) body += 'exp=' + (Math.floor(Date.now() / 1000) + Math.floor(ttl)) + '&'
      return body + 'sig=' + hmacB64u(key(0), body)
    },
    verify(url: string | Request): boolean {
      const u = typeof url === 'string' ? url : url && url.raw ? url.raw.variables.request_uri : null
      if (typeof u !== 'string' || u.length > 8192) return false
      const at = u.lastIndexOf('sig=')
      const before = u.charAt(at - 1)
      if (at < 2 || (before !== '?' && before !== '&')) return false
      const body = u.slice(0, at)
      const sig = u.slice(at + 4)
      let ok = false
      for (let i = 0; i < secrets.length && !ok; i++) ok = safeEqual(sig, hmacB64u(key(i), body))
      if (!ok) return false
      // Our `exp` is the last parameter before `sig` (signed, so nobody moved it).
      const m = /[?&]exp=(\d{1,12})&$/.exec(body)
      return !m || Number(m[1]) > Date.now() / 1000
    },
  }
}
