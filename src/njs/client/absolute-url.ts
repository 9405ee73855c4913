/**
 * Just enough of RFC 3986 for an HTTP client (njs has no URL class): split an absolute
 * http(s) URL, resolve a Location against the URL it answered, compare origins.
 */

export interface ParsedUrl {
  scheme: string
  /** `user:pass` before the `@`, or ''. */
  userinfo: string
  host: string
  /** The explicit port, or the scheme's default. */
  port: number
  /** Path (starts with `/`), without the query. */
  path: string
  /** Without the `?`; null when the URL has none. */
  query: string | null
}

export function parseUrl(url: string): ParsedUrl | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:([^@\/?#]*)@)?(\[[^\]]*\]|[^:\/?#]*)(?::(\d*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/.exec(url)
  if (!m || !m[3]) return null
  const scheme = m[1].toLowerCase()
  return {
    scheme,
    userinfo: m[2] || '',
    host: m[3].toLowerCase(),
    port: m[4] ? Number(m[4]) : scheme === 'https' ? 443 : 80,
    path: m[5] || '/',
    query: m[6] === undefined ? null : m[6],
  }
}

export function formatUrl(u: ParsedUrl, withUserinfo?: boolean): string {
  const dflt = u.scheme === 'https' ? 443 : 80
  return u.scheme + '://' + (withUserinfo && u.userinfo ? u.userinfo + '@' : '') + u.host +
    (u.port === dflt ? '' : ':' + u.port) + u.path + (u.query === null ? '' : '?' + u.query)
}

/** Origin-form request target: path and query. */
export function target(u: ParsedUrl): string {
  return u.path + (u.query === null ? '' : '?' + u.query)
}

export function sameOrigin(a: ParsedUrl, b: ParsedUrl): boolean {
  return a.scheme === b.scheme && a.host === b.host && a.port === b.port
}

/** RFC 3986 §5.2 reference resolution (the parts a Location header uses). */
export function resolveUrl(base: ParsedUrl, ref: string): ParsedUrl | null {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(ref)) return parseUrl(ref)
  if (ref.slice(0, 2) === '//') return parseUrl(base.scheme + ':' + ref)
  const hash = ref.indexOf('#')
  if (hash !== -1) ref = ref.slice(0, hash)
  const q = ref.indexOf('?')
  const refPath = q === -1 ? ref : ref.slice(0, q)
  const refQuery = q === -1 ? null : ref.slice(q + 1)
  const out: ParsedUrl = { scheme: base.scheme, userinfo: base.userinfo, host: base.host, port: base.port, path: base.path, query: base.query }
  if (refPath === '') {
    if (refQuery !== null) out.query = refQuery
    return out
  }
  out.query = refQuery
  out.path = removeDots(refPath.charAt(0) === '/' ? refPath : base.path.slice(0, base.path.lastIndexOf('/') + 1) + refPath)
  return out
}

function removeDots(path: string): string {
  const segs = path.split('/')
  const out: string[] = []
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]
    if (s === '.') { if (i === segs.length - 1) out.push(''); continue }
    if (s === '..') {
      if (out.length > 1) out.pop()
      if (i === segs.length - 1) out.push('')
      continue
    }
    out.push(s)
  }
  const joined = out.join('/')
  return joined.charAt(0) === '/' ? joined : '/' + joined
}
