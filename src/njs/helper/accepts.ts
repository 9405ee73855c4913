/**
 * Content negotiation on the `Accept` header.
 *
 * @example
 *   accepts('text/html;q=0.9, application/json', ['html', 'json'])  // 'json'
 *
 * Made on first use (makeNegotiation): on the njs engine a module's top level runs again for
 * every request, and each function or table declared there costs every request whether or
 * not anything negotiates (docs/lazy-parts.md).
 */

interface Negotiation {
  shortType(name: string): string | undefined
  fullType(t: string): string
  accepts(header: string | undefined, types: string[]): string | false
}

let made: Negotiation | null = null

/** The full media type of a shorthand (`json` → `application/json`), undefined when there is none. */
export function shortType(name: string): string | undefined {
  return (made || (made = makeNegotiation())).shortType(name)
}

/** Full media type for a shorthand (lower-cased); anything with a `/` is taken as is. */
export function fullType(t: string): string {
  return (made || (made = makeNegotiation())).fullType(t)
}

/**
 * The entry of `types` (as the caller wrote it) that the `Accept` header prefers, or false
 * when it accepts none. Each type takes the q-value of the most specific range matching it
 * (`text/html;q=0`, `*\/*` → anything but HTML); q=0 excludes. Highest q wins, then the more
 * specific match, then the caller's order. No header (or an empty one) → the first type.
 * Shorthands: json, html, text, xml, form, multipart, js, css, csv, png, … (see shortType).
 */
export function accepts(header: string | undefined, types: string[]): string | false {
  return (made || (made = makeNegotiation())).accepts(header, types)
}

interface Range {
  type: string
  subtype: string
  /** Parameters other than q, `name=value` lower-cased. */
  params: string[]
  q: number
}

function makeNegotiation(): Negotiation {
  /** Shorthands a caller may write instead of a full media type. */
  const shortTypes: Record<string, string> = {
    json: 'application/json', html: 'text/html', text: 'text/plain', txt: 'text/plain',
    xml: 'application/xml', form: 'application/x-www-form-urlencoded',
    urlencoded: 'application/x-www-form-urlencoded', multipart: 'multipart/form-data',
    js: 'text/javascript', css: 'text/css', csv: 'text/csv', svg: 'image/svg+xml',
    png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
    pdf: 'application/pdf', bin: 'application/octet-stream', sse: 'text/event-stream',
    'event-stream': 'text/event-stream',
  }

  function shortType(name: string): string | undefined {
    return Object.prototype.hasOwnProperty.call(shortTypes, name) ? shortTypes[name] : undefined
  }

  function fullType(t: string): string {
    const lower = t.toLowerCase()
    if (lower.indexOf('/') !== -1) return lower
    return shortType(lower) || lower
  }

  /** `type/sub; a = "B"` into `['type/sub', 'a=b']`. */
  function splitParams(s: string): string[] {
    const parts = s.split(';')
    parts[0] = parts[0].trim().toLowerCase()
    for (let i = 1; i < parts.length; i++) parts[i] = parts[i].trim().toLowerCase().replace(/\s*=\s*"?([^"]*)"?$/, '=$1')
    return parts
  }

  function parseAccept(header: string): Range[] {
    const out: Range[] = []
    const items = header.split(',')
    for (let i = 0; i < items.length; i++) {
      const parts = splitParams(items[i])
      const slash = parts[0].indexOf('/')
      if (slash <= 0 || slash === parts[0].length - 1) continue
      let q = 1
      const params: string[] = []
      for (let j = 1; j < parts.length; j++) {
        const p = parts[j]
        if (p === '') continue
        if (p.slice(0, 2) === 'q=') {
          const n = parseFloat(p.slice(2))
          q = n >= 0 && n <= 1 ? n : n > 1 ? 1 : 0
        } else {
          params.push(p)
        }
      }
      out.push({ type: parts[0].slice(0, slash), subtype: parts[0].slice(slash + 1), params, q })
    }
    return out
  }

  /**
   * How specifically `range` matches `type/subtype` with `params`: -1 for no match, else
   * higher for more specific (exact type, then `type/*`, then the any wildcard; then more parameters).
   */
  function specificity(range: Range, type: string, subtype: string, params: string[]): number {
    let s = 0
    if (range.type === type) s = 200
    else if (range.type !== '*') return -1
    if (range.subtype === subtype) s += 100
    else if (range.subtype !== '*') return -1
    for (let i = 0; i < range.params.length; i++) {
      if (params.indexOf(range.params[i]) === -1) return -1
    }
    return s + range.params.length
  }

  function accepts(header: string | undefined, types: string[]): string | false {
    if (types.length === 0) return false
    if (!header || header.trim() === '') return types[0]
    const ranges = parseAccept(header)
    if (ranges.length === 0) return types[0]
    let best: string | false = false
    let bestQ = 0
    let bestS = -1
    for (let i = 0; i < types.length; i++) {
      const parts = splitParams(fullType(types[i]))
      const slash = parts[0].indexOf('/')
      const type = parts[0].slice(0, slash)
      const subtype = parts[0].slice(slash + 1)
      const params = parts.slice(1)
      let q = 0
      let s = -1
      for (let j = 0; j < ranges.length; j++) {
        const rs = specificity(ranges[j], type, subtype, params)
        if (rs > s) { s = rs; q = ranges[j].q }
      }
      if (s < 0 || q <= 0) continue
      if (q > bestQ || (q === bestQ && s > bestS)) {
        best = types[i]
        bestQ = q
        bestS = s
      }
    }
    return best
  }

  return { shortType, fullType, accepts }
}
