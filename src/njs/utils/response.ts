/** Small helpers for middleware that works on `r` after (or around) `q.next()`. */
import type { Response } from '../types.ts'

export function isThenable(v: any): v is Promise<any> {
  return v !== null && typeof v === 'object' && typeof v.then === 'function'
}

/**
 * `fn(out)` now when `out` is a plain value, after it settles when it is a promise: a
 * synchronous chain stays synchronous (no promise per request on the njs engine).
 */
export function after<T>(out: any, fn: (body: any) => T): T | Promise<T> {
  return isThenable(out) ? out.then(fn) : fn(out)
}

/** The value of header `name` set on `r` so far, whatever case it was set in. */
export function getHeader(r: Response, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const k in r.headers) {
    if (k.toLowerCase() === lower) {
      const v = r.headers[k]
      return Array.isArray(v) ? v.join(', ') : v
    }
  }
  return undefined
}

/** Adds `field` to the response's `Vary` header (once; keeps what is there). */
export function addVary(r: Response, field: string): void {
  let key = 'Vary'
  for (const k in r.headers) if (k.toLowerCase() === 'vary') key = k
  const now = r.headers[key]
  const list = Array.isArray(now) ? now.join(', ') : now
  if (!list) { r.headers[key] = field; return }
  const items = list.toLowerCase().split(',')
  for (let i = 0; i < items.length; i++) {
    const item = items[i].trim()
    if (item === '*' || item === field.toLowerCase()) return
  }
  r.headers[key] = list + ', ' + field
}
