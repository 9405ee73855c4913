/**
 * Percent-decoding and query strings. Strict: bad %-encoding is the client's fault (400),
 * never a 500 and never a silently mangled value.
 */
import { HttpError } from '../http-error.ts'

/**
 * Decodes `%XX` escapes (UTF-8). With `plus`, `+` means a space first (query strings and
 * urlencoded forms). A `%` not followed by two hex digits, or bytes that are not valid
 * UTF-8, throw `HttpError(400, 'malformed percent-encoding in <where>')`.
 */
export function decodeComponent(s: string, plus?: boolean, where?: string): string {
  if (plus && s.indexOf('+') !== -1) s = s.replace(/\+/g, ' ')
  if (s.indexOf('%') === -1) return s
  try {
    return decodeURIComponent(s)
  } catch (e) {
    throw HttpError(400, `malformed percent-encoding in ${where || 'URL'}`)
  }
}

/**
 * Parses `a=1&b=2&a=3` into `{ a: ['1', '3'], b: '2' }`: a repeated key gives an array in
 * order, `a` without `=` gives `''`, empty pairs (`&&`) are skipped. Keys and values are
 * decoded with `+` as space. The result has no prototype, so `__proto__` is just a key.
 * `where` names the source in the 400 message ('query' unless told).
 */
export function parseQuery(raw: string | undefined, where?: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null)
  if (!raw) return out
  const what = where || 'query'
  const pairs = raw.split('&')
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const key = decodeComponent(eq === -1 ? pair : pair.slice(0, eq), true, what)
    const value = eq === -1 ? '' : decodeComponent(pair.slice(eq + 1), true, what)
    addValue(out, key, value)
  }
  return out
}

/** Sets `out[key]`, turning it into an array (in order) when the key repeats. */
export function addValue(out: Record<string, string | string[]>, key: string, value: string): void {
  const prev = out[key]
  if (prev === undefined) out[key] = value
  else if (typeof prev === 'string') out[key] = [prev, value]
  else prev.push(value)
}
