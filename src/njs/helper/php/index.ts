/**
 * Oresty's PHP-like `lup` helpers, where they add something over plain JavaScript. Behaviour
 * follows PHP 8.3+ (checked against php-src's own test cases, see test/njs-unit/php.test.ts);
 * differences that come from JavaScript itself are listed in docs/helpers.md (strings are
 * UTF-16 code units, not bytes; a number has no int/float distinction; object key order).
 */

/** PHP's ValueError/TypeError: an Error whose name says which. */
function phpError(name: 'ValueError' | 'TypeError', message: string): Error {
  const e = new Error(message)
  e.name = name
  return e
}

/** PHP's string conversion of a scalar: true → "1", false/null → "", arrays → "Array". */
export function phpString(v: unknown): string {
  if (v === true) return '1'
  if (v === false || v === null || v === void 0) return ''
  if (typeof v === 'object') return 'Array'
  return String(v)
}

/** Rounds half away from zero at `decimals` places (negative: tens, hundreds…), without binary noise (1.005 → 1.01). */
function roundHalfUp(value: number, decimals: number): number {
  const m = Math.pow(10, Math.abs(decimals))
  const scaled = decimals >= 0 ? Math.abs(value) * m : Math.abs(value) / m
  // PHP "pre-rounds" to 15 significant digits so 1.005*100 = 100.49999… counts as 100.5
  const r = Math.round(Number(scaled.toPrecision(15)))
  const back = decimals >= 0 ? r / m : r * m
  return value < 0 ? -back : back
}

/**
 * `number_format(1234.5678, 2)` → "1,234.57": rounded half away from zero, grouped by
 * thousands; separators may be any strings. Negative `decimals` round to tens, hundreds…
 */
export function number_format(num: number | string, decimals = 0, decPoint = '.', thousandsSep = ','): string {
  let n = typeof num === 'string' ? parseFloat(num) : num
  if (!isFinite(n)) n = 0
  decimals = Math.trunc(decimals)
  const rounded = roundHalfUp(n, decimals)
  const places = decimals > 0 ? decimals : 0
  const fixed = Math.abs(rounded).toFixed(places)
  const dot = fixed.indexOf('.')
  let int = dot < 0 ? fixed : fixed.slice(0, dot)
  const frac = dot < 0 ? '' : fixed.slice(dot + 1)
  let grouped = ''
  while (int.length > 3) {
    grouped = thousandsSep + int.slice(-3) + grouped
    int = int.slice(0, -3)
  }
  grouped = int + grouped
  // no "-0": a value that rounds to zero loses its sign (PHP 8)
  const negative = rounded < 0 && /[1-9]/.test(fixed)
  return (negative ? '-' : '') + grouped + (places ? decPoint + frac : '')
}

export const STR_PAD_LEFT = 0
export const STR_PAD_RIGHT = 1
export const STR_PAD_BOTH = 2

/** `str_pad('5', 3, '0', STR_PAD_LEFT)` → "005". Lengths count UTF-16 code units (PHP counts bytes). */
export function str_pad(input: string | number, length: number, pad: string | number = ' ', type: number = STR_PAD_RIGHT): string {
  const s = phpString(input)
  const p = phpString(pad)
  if (p === '') throw phpError('ValueError', 'str_pad(): Argument #3 ($pad_string) must not be empty')
  if (type !== STR_PAD_LEFT && type !== STR_PAD_RIGHT && type !== STR_PAD_BOTH) {
    throw phpError('ValueError', 'str_pad(): Argument #4 ($pad_type) must be STR_PAD_LEFT, STR_PAD_RIGHT, or STR_PAD_BOTH')
  }
  const total = length - s.length
  if (!(total > 0)) return s
  const left = type === STR_PAD_LEFT ? total : type === STR_PAD_BOTH ? Math.floor(total / 2) : 0
  const right = total - left
  return fill(p, left) + s + fill(p, right)
}

function fill(p: string, n: number): string {
  let out = ''
  while (out.length < n) out += p
  return out.slice(0, n)
}

/**
 * A PHP character list: the characters themselves, `a..z` for a range. Returned as a test
 * function over char codes.
 */
function charList(chars: string): (code: number) => boolean {
  const singles: number[] = []
  const ranges: number[] = []
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i)
    if (i + 3 < chars.length && chars.charAt(i + 1) === '.' && chars.charAt(i + 2) === '.' && chars.charCodeAt(i + 3) >= c) {
      ranges.push(c, chars.charCodeAt(i + 3))
      i += 3
    } else {
      singles.push(c)
    }
  }
  return (code: number) => {
    if (singles.indexOf(code) >= 0) return true
    for (let k = 0; k < ranges.length; k += 2) if (code >= ranges[k] && code <= ranges[k + 1]) return true
    return false
  }
}

const TRIM_DEFAULT = ' \t\n\r\0\x0B'

function trimWith(s: string, chars: string, left: boolean, right: boolean): string {
  const strip = charList(chars)
  let a = 0
  let b = s.length
  if (left) while (a < b && strip(s.charCodeAt(a))) a++
  if (right) while (b > a && strip(s.charCodeAt(b - 1))) b--
  return s.slice(a, b)
}

/** PHP's trim: strips " \t\n\r\0\x0B" or the characters given (`'a..z'` ranges allowed). */
export function trim(s: string, chars: string = TRIM_DEFAULT): string { return trimWith(phpString(s), chars, true, true) }
export function ltrim(s: string, chars: string = TRIM_DEFAULT): string { return trimWith(phpString(s), chars, true, false) }
export function rtrim(s: string, chars: string = TRIM_DEFAULT): string { return trimWith(phpString(s), chars, false, true) }

function upperAscii(c: string): string {
  return c >= 'a' && c <= 'z' ? c.toUpperCase() : c
}

/** First character upper-cased (ASCII letters only, as PHP 8). */
export function ucfirst(s: string): string {
  const t = phpString(s)
  return t ? upperAscii(t.charAt(0)) + t.slice(1) : t
}

/** Each word's first character upper-cased; words are separated by `delimiters` (default white space). */
export function ucwords(s: string, delimiters = ' \t\r\n\f\v'): string {
  const t = phpString(s)
  const isDelim = charList(delimiters)
  let out = ''
  for (let i = 0; i < t.length; i++) {
    const c = t.charAt(i)
    out += i === 0 || isDelim(t.charCodeAt(i - 1)) ? upperAscii(c) : c
  }
  return out
}

/**
 * Splits by a separator string. `limit` > 0: at most that many parts, the last holding the
 * rest; < 0: all parts but the last -limit; 0 counts as 1.
 */
export function explode(separator: string, s: string, limit = Infinity): string[] {
  if (separator === '') throw phpError('ValueError', 'explode(): Argument #1 ($separator) cannot be empty')
  const parts = phpString(s).split(separator)
  if (limit > 0 || limit === 0) {
    const max = limit === 0 ? 1 : limit
    if (parts.length > max) return parts.slice(0, max - 1).concat(parts.slice(max - 1).join(separator))
    return parts
  }
  return parts.slice(0, Math.max(0, parts.length + limit))
}

/** Joins values with PHP's string conversion (true → "1", false/null → "", arrays → "Array"); `implode(list)` joins with "". */
export function implode(separator: string | unknown[], list?: unknown[] | Record<string, unknown>): string {
  if (list === void 0) {
    if (!Array.isArray(separator)) throw phpError('TypeError', 'implode(): Argument #1 ($array) must be of type array')
    return implode('', separator)
  }
  if (typeof separator !== 'string') {
    throw phpError('TypeError', `implode(): Argument #1 ($separator) must be of type string, ${Array.isArray(separator) ? 'array' : typeof separator} given`)
  }
  const values = Array.isArray(list) ? list : Object.keys(list).map((k) => (list as any)[k])
  const out: string[] = []
  for (let i = 0; i < values.length; i++) out.push(phpString(values[i]))
  return out.join(separator)
}

/**
 * Splits a list (or an object's values) into chunks of `size`. With `preserveKeys` each chunk
 * is an object keyed by the original keys (list indexes for an array).
 */
export function array_chunk<T>(list: T[] | Record<string, T>, size: number, preserveKeys = false): (T[] | Record<string, T>)[] {
  if (!(size >= 1)) throw phpError('ValueError', 'array_chunk(): Argument #2 ($length) must be greater than 0')
  const keys = Object.keys(list)
  const out: (T[] | Record<string, T>)[] = []
  for (let i = 0; i < keys.length; i += size) {
    if (preserveKeys) {
      const chunk: Record<string, T> = {}
      for (let j = i; j < i + size && j < keys.length; j++) chunk[keys[j]] = (list as any)[keys[j]]
      out.push(chunk)
    } else {
      const chunk: T[] = []
      for (let j = i; j < i + size && j < keys.length; j++) chunk.push((list as any)[keys[j]])
      out.push(chunk)
    }
  }
  return out
}

export const PHP_QUERY_RFC1738 = 1
export const PHP_QUERY_RFC3986 = 2

/** PHP's urlencode (RFC 1738: space → +, only A-Z a-z 0-9 - _ . kept) or rawurlencode (RFC 3986: space → %20, ~ kept). */
function encode(s: string, type: number): string {
  const e = encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
  return type === PHP_QUERY_RFC3986 ? e : e.replace(/%20/g, '+').replace(/~/g, '%7E')
}

function queryValue(v: unknown): string | null {
  if (v === null || v === void 0) return null
  if (v === true) return '1'
  if (v === false) return '0'
  return String(v)
}

/**
 * `http_build_query({ a: 1, b: [1, 2] })` → "a=1&b%5B0%5D=1&b%5B1%5D=2": nested arrays and
 * objects as `key[sub]`, null skipped, booleans as 1/0, numeric top-level keys prefixed
 * with `numericPrefix`.
 */
export function http_build_query(data: Record<string, unknown> | unknown[], numericPrefix = '', separator: string | null = '&', encType = PHP_QUERY_RFC1738): string {
  const parts: string[] = []
  const sep = separator === null ? '&' : separator
  function add(prefix: string, value: unknown): void {
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value as object)
      for (let i = 0; i < keys.length; i++) add(prefix + '[' + keys[i] + ']', (value as any)[keys[i]])
      return
    }
    const v = queryValue(value)
    if (v !== null) parts.push(encode(prefix, encType) + '=' + encode(v, encType))
  }
  const keys = Object.keys(data)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]
    add(/^\d+$/.test(k) ? numericPrefix + k : k, (data as any)[k])
  }
  return parts.join(sep)
}

const DAYS = 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday'
const MONTHS = 'January February March April May June July August September October November December'

function word(list: string, i: number): string {
  return list.split(' ')[i]
}

function pad(n: number, width: number): string {
  let s = String(Math.abs(n))
  while (s.length < width) s = '0' + s
  return n < 0 ? '-' + s : s
}

/** ISO-8601 week number and week-based year of a UTC date. */
function isoWeek(d: Date): [number, number] {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
  const day = t.getUTCDay() || 7
  t.setUTCDate(t.getUTCDate() + 4 - day)
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1)
  return [Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7), t.getUTCFullYear()]
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

/**
 * PHP's `gmdate(format, timestamp)`: the date in UTC, with PHP's format letters
 * (d D j l N S w z W F m M n t L o Y y a A B g G h H i s u v e I O P p T Z c r U; `\` escapes).
 * `timestamp` is in seconds (default: now).
 */
export function date(format: string, timestamp?: number): string {
  const ts = timestamp === void 0 ? Math.floor(Date.now() / 1000) : Math.floor(timestamp)
  const d = new Date(ts * 1000)
  const Y = d.getUTCFullYear(); const m = d.getUTCMonth(); const j = d.getUTCDate(); const w = d.getUTCDay()
  const H = d.getUTCHours(); const i = d.getUTCMinutes(); const s = d.getUTCSeconds()
  let out = ''
  for (let k = 0; k < format.length; k++) {
    const c = format.charAt(k)
    switch (c) {
      case 'd': out += pad(j, 2); break
      case 'D': out += word(DAYS, w).slice(0, 3); break
      case 'j': out += j; break
      case 'l': out += word(DAYS, w); break
      case 'N': out += w || 7; break
      case 'S': out += j % 10 === 1 && j !== 11 ? 'st' : j % 10 === 2 && j !== 12 ? 'nd' : j % 10 === 3 && j !== 13 ? 'rd' : 'th'; break
      case 'w': out += w; break
      case 'z': out += Math.floor((Date.UTC(Y, m, j) - Date.UTC(Y, 0, 1)) / 86400000); break
      case 'W': out += pad(isoWeek(d)[0], 2); break
      case 'F': out += word(MONTHS, m); break
      case 'm': out += pad(m + 1, 2); break
      case 'M': out += word(MONTHS, m).slice(0, 3); break
      case 'n': out += m + 1; break
      case 't': out += new Date(Date.UTC(Y, m + 1, 0)).getUTCDate(); break
      case 'L': out += isLeap(Y) ? '1' : '0'; break
      case 'o': out += isoWeek(d)[1]; break
      case 'X': case 'x': out += (Y > 9999 ? '+' : Y < 0 ? '' : c === 'X' ? '+' : '') + pad(Y, 4); break
      case 'Y': out += Y < 0 ? '-' + pad(-Y, 4) : pad(Y, 4); break
      case 'y': out += pad(Y % 100, 2); break
      case 'a': out += H < 12 ? 'am' : 'pm'; break
      case 'A': out += H < 12 ? 'AM' : 'PM'; break
      case 'B': out += pad(Math.floor((((ts + 3600) % 86400) + 86400) % 86400 / 86.4), 3); break
      case 'g': out += H % 12 || 12; break
      case 'G': out += H; break
      case 'h': out += pad(H % 12 || 12, 2); break
      case 'H': out += pad(H, 2); break
      case 'i': out += pad(i, 2); break
      case 's': out += pad(s, 2); break
      case 'u': out += '000000'; break
      case 'v': out += '000'; break
      case 'e': out += 'UTC'; break
      case 'I': out += '0'; break
      case 'O': out += '+0000'; break
      case 'P': out += '+00:00'; break
      case 'p': out += 'Z'; break
      case 'T': out += 'GMT'; break
      case 'Z': out += '0'; break
      case 'c': out += date('Y-m-d\\TH:i:sP', ts); break
      case 'r': out += date('D, d M Y H:i:s O', ts); break
      case 'U': out += ts; break
      case '\\': k++; if (k < format.length) out += format.charAt(k); break
      default: out += c
    }
  }
  return out
}
