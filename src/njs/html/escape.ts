/**
 * Escaping for the HTML DSL: one escaper for text and (always double-quoted) attribute values,
 * and the URL check for attributes a browser follows (href, src, action, …).
 */

/** Escapes `& < > " '`: safe as element text and inside a double-quoted attribute value. */
export function escapeHtml(s: string): string {
  if (!/[&<>"']/.test(s)) return s
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
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
