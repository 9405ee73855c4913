/**
 * Escaping for the HTML DSL: one escaper for text and (always double-quoted) attribute values,
 * and the URL check for attributes a browser follows (href, src, action, …).
 */

/** The characters escapeHtml replaces; built on first use (a regex at module top level costs every request on the njs engine). */
let special: RegExp | null = null

/**
 * Escapes `& < > " '`: safe as element text and inside a double-quoted attribute value.
 * Most values need nothing: one native regex test says so (measured cheaper than a
 * charCodeAt loop on both engines); only then a single pass builds the escaped string.
 */
export function escapeHtml(s: string): string {
  if (!(special || (special = /[&<>"']/)).test(s)) return s
  let out = ''
  let from = 0
  for (let i = 0; i < s.length; i++) {
    let rep: string
    switch (s.charCodeAt(i)) {
      case 38: rep = '&amp;'; break
      case 60: rep = '&lt;'; break
      case 62: rep = '&gt;'; break
      case 34: rep = '&quot;'; break
      case 39: rep = '&#39;'; break
      default: continue
    }
    out += s.slice(from, i) + rep
    from = i + 1
  }
  return out + s.slice(from)
}

/** What a refused URL becomes: a link that goes nowhere (as Go's html/template does). */
export const UNSAFE_URL = 'about:invalid#tresty-unsafe-url'

/**
 * Attributes whose value a browser loads or navigates to. A switch: on the njs engine a
 * table at module top level would be built again for every request.
 */
export function isUrlAttribute(lowerName: string): boolean {
  switch (lowerName) {
    case 'href': case 'src': case 'action': case 'formaction': case 'xlink:href': case 'poster':
    case 'cite': case 'background': case 'codebase': case 'data': case 'longdesc': case 'usemap':
    case 'manifest': case 'ping': case 'icon': case 'profile': case 'dynsrc': case 'lowsrc':
    case 'archive': case 'classid': case 'itemtype':
      return true
    default:
      return false
  }
}

/**
 * The URL unless its scheme runs code: javascript:, vbscript:, data:, livescript:, mocha:.
 * The scheme is read as a browser's URL parser reads it (WHATWG): leading and trailing C0
 * controls and spaces are stripped, and tabs and newlines anywhere are removed first, so
 * `" java\tscript:…"` is caught. Character references never reach the parser as such: the
 * value is escaped, so `&#106;avascript:` stays literal text (a relative URL).
 */
export function safeUrl(url: string): string {
  // No colon, no scheme: a relative URL (the common case, checked without a regex).
  if (url.indexOf(':') < 0) return url
  const s = url.replace(/^[\x00-\x20]+/, '').replace(/[\t\n\r]/g, '')
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(s)
  if (m === null) return url
  switch (m[1].toLowerCase()) {
    case 'javascript': case 'vbscript': case 'data': case 'livescript': case 'mocha':
      return UNSAFE_URL
    default:
      return url
  }
}
