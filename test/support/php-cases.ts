/**
 * The php-functions corpus (shared/corpora/php-functions.json) as calls of our PHP-like
 * helpers: its value notation decoded, and the cases JavaScript cannot express set aside.
 */
import * as php from '../../src/njs/helper/php/index.ts'

/** Decodes {"$map"}, {"$float"}, {"$int"}, {"$bytes_hex"} into JS values ($map → a plain object). */
export function decode(v: any): any {
  if (Array.isArray(v)) return v.map(decode)
  if (v && typeof v === 'object') {
    if ('$map' in v) { const o: any = {}; for (const [k, x] of v.$map) o[k] = decode(x); return o }
    if ('$float' in v) return v.$float
    if ('$int' in v) return Number(v.$int)
    if ('$bytes_hex' in v) return { $bytes: v.$bytes_hex }
  }
  return v
}

/** True when a JS object would list the PHP map's keys in another order (integer keys first). */
function reordered(v: any): boolean {
  if (Array.isArray(v)) return v.some(reordered)
  if (v && typeof v === 'object' && '$map' in v) {
    const keys = v.$map.map((p: any[]) => String(p[0]))
    const o: any = {}
    for (const k of keys) o[k] = 1
    return Object.keys(o).join('\u0000') !== keys.join('\u0000') || v.$map.some((p: any[]) => reordered(p[1]))
  }
  return false
}

/**
 * Why a case cannot be run in JavaScript, or null: byte strings that are not UTF-8, 1.0-vs-1
 * floats in a query string, integers beyond 2^53, PHP key order that an object would change.
 */
export function inexpressible(c: any): string | null {
  const raw = JSON.stringify(c.args) + JSON.stringify(c.expected)
  if (raw.includes('$bytes_hex')) return 'not UTF-8'
  if (raw.includes('$int')) return 'integer beyond 2^53'
  if (raw.includes('$float') && c.fn === 'http_build_query') return 'float formatting (1.0E+14)'
  if (reordered(c.args)) return 'integer keys after string keys'
  return null
}

/** A PHP list and a JS object keyed 0..n-1 are the same PHP array. */
export function normal(v: any): any {
  if (Array.isArray(v)) return v.map(normal)
  if (v && typeof v === 'object') {
    const keys = Object.keys(v)
    if (keys.every((k, i) => k === String(i))) return keys.map((k) => normal(v[k]))
    const o: any = {}
    for (const k of keys) o[k] = normal(v[k])
    return o
  }
  return v
}

/** Calls a helper the way the probe app's /helpers route does: `{ value }` or `{ throws, message }`. */
export function callHelper(fn: string, args: any[]): any {
  try {
    return { value: (php as any)[fn](...args) }
  } catch (e: any) {
    return { throws: e.name, message: e.message }
  }
}

/** The expressible cases as /helpers calls, and what Node answers for each. */
export function phpCases(cases: any[]): { calls: { fn: string; args: any[] }[]; node: any[] } {
  const calls = cases.filter((c) => !inexpressible(c)).map((c) => ({ fn: c.fn, args: decode(c.args) }))
  return { calls, node: calls.map((c) => callHelper(c.fn, c.args)) }
}
