/**
 * The path a guard decides on. In an `auth_request` subrequest nginx gives njs the
 * subrequest's own URI (`/_tresty/access`) and the client's raw `$request_uri`, not the
 * normalised `$uri` the main request is routed on. `normalisePath` turns the raw target
 * into that `$uri` the way nginx does (absolute form, %-decoding, `//`, `.` and `..`), and
 * the content phase then checks that the path the access phase passed is exactly its own
 * `raw.uri`: a spelling this code would normalise differently is refused, never let through.
 */
import { decodeComponent } from './utils/url.ts'
import { HttpError } from './http-error.ts'

/** True when `path` is `prefix` or below it (`''` guards every path). */
export function underPrefix(prefix: string, path: string): boolean {
  if (prefix === '') return true
  if (path.length === prefix.length) return path === prefix
  return path.charCodeAt(prefix.length) === 47 && path.indexOf(prefix) === 0
}

/** nginx's `$uri` for a request target (`$request_uri`), or throws an HttpError(400). */
export function normalisePath(target: string): string {
  let t = target
  // Absolute form (`GET http://host/path`): the path starts after the authority.
  if (t.charAt(0) !== '/') {
    const scheme = t.indexOf('://')
    const slash = scheme < 0 ? -1 : t.indexOf('/', scheme + 3)
    t = slash < 0 ? '/' : t.slice(slash)
  }
  const q = t.indexOf('?')
  if (q >= 0) t = t.slice(0, q)
  const hash = t.indexOf('#')
  if (hash >= 0) t = t.slice(0, hash)
  // nginx decodes every escape (%2F and %2E included) before it resolves segments.
  t = decodeComponent(t, false)
  const parts = t.split('/')
  const out: string[] = []
  for (let i = 1; i < parts.length; i++) {
    const seg = parts[i]
    const lastSeg = i === parts.length - 1
    if (seg === '' || seg === '.') { if (lastSeg) out.push(''); continue }
    if (seg === '..') {
      if (!out.length || (out.length === 1 && out[0] === '')) throw HttpError(400, 'path goes above the root')
      out.pop()
      if (lastSeg) out.push('')
      continue
    }
    out.push(seg)
  }
  return '/' + out.join('/')
}
