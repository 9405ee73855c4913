/**
 * Strings from clients may hold what UTF-8 cannot encode. On QuickJS, nginx's decoded `$uri`
 * with `%ED%A0%80` becomes a lone surrogate (U+D800): `encodeURIComponent` throws on it, and
 * written to shared memory or a response it becomes invalid UTF-8. Cutting a string at a fixed
 * length can split a surrogate pair the same way. (On the njs engine strings are UTF-8 bytes
 * and none of this arises; these functions then change nothing.)
 */

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff
}

/** `s` with each lone surrogate replaced by U+FFFD (String.prototype.toWellFormed, which njs lacks). */
export function wellFormed(s: string): string {
  let i = 0
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdfff) break
  }
  if (i === s.length) return s
  let out = s.slice(0, i)
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (isHigh(c) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      out += s.charAt(i) + s.charAt(i + 1)
      i++
    } else if (isHigh(c) || isLow(c)) out += '\ufffd'
    else out += s.charAt(i)
  }
  return out
}

/** The first `max` UTF-16 units of `s`, one fewer when the cut would split a surrogate pair. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s
  return isHigh(s.charCodeAt(max - 1)) ? s.slice(0, max - 1) : s.slice(0, max)
}

/** `encodeURIComponent` that never throws: lone surrogates are sent as U+FFFD. */
export function encodeSegment(s: string): string {
  return encodeURIComponent(wellFormed(s))
}
