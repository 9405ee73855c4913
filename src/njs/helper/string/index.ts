/**
 * String helpers from Losty's `str` that plain JavaScript lacks (contains/starts/ends are
 * `includes`/`startsWith`/`endsWith`; PHP-style ones are in helper/php).
 */

/** Losty's `str.hash`: the 32-bit `h = h*31 + c` hash of the UTF-16 units (Java's String.hashCode). Not for security. */
export function hash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0
  return h
}

/** How many lines `s` has (a last line without a newline counts; '' has none). */
export function lines(s: string): number {
  if (s === '') return 0
  let n = 0
  let at = -1
  while ((at = s.indexOf('\n', at + 1)) >= 0) n++
  return s.charAt(s.length - 1) === '\n' ? n : n + 1
}

/** Losty's `str.findlast` with a plain string: the index of the last occurrence, or -1. */
export function findLast(s: string, part: string): number {
  return s.lastIndexOf(part)
}

/** At most `max` characters (code points, never half a surrogate pair), ending with `ellipsis` when cut. */
export function truncate(s: string, max: number, ellipsis = '…'): string {
  let count = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++
    count++
  }
  if (count <= max) return s
  const keep = Math.max(0, max - ellipsis.length)
  let i = 0
  for (let n = 0; n < keep && i < s.length; n++) {
    const c = s.charCodeAt(i)
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1
  }
  return s.slice(0, i) + ellipsis
}

/** `s` with RegExp metacharacters escaped, to build a pattern from text. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&')
}

/** True for '', null, undefined and strings of white space only. */
export function isBlank(s: string | null | undefined): boolean {
  return s === null || s === void 0 || s.trim() === ''
}
