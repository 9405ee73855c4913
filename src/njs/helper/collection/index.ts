/**
 * Object, array and functional helpers from Losty's `tbl` and `func`, typed, without Map/Set
 * (the njs engine has neither). `map`, `filter`, `reduce`, `find`, `includes` are the arrays'
 * own methods and are not repeated here.
 */

function isPlainObject(x: unknown): x is Record<string, any> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false
  const p = Object.getPrototypeOf(x)
  return p === Object.prototype || p === null
}

/** Keys that would reach an object's prototype: never copied or followed. */
function unsafeKey(k: string): boolean {
  return k === '__proto__' || k === 'constructor' || k === 'prototype'
}

/**
 * Losty's `tbl.merge`: copies `source` into `target` (changed and returned), merging nested
 * plain objects; arrays and other values replace. `__proto__`/`constructor`/`prototype` keys
 * are skipped, so merging request data cannot pollute prototypes.
 */
export function merge<T extends Record<string, any>>(target: T, source: Record<string, any>): T {
  for (const k in source) {
    if (!Object.prototype.hasOwnProperty.call(source, k) || unsafeKey(k)) continue
    const v = source[k]
    const t = (target as any)[k]
    if (isPlainObject(v) && isPlainObject(t)) merge(t, v)
    else (target as any)[k] = v
  }
  return target
}

/** The value at a dotted path (`'user.tags.0'`), own properties only, or `fallback`. */
export function get<T = any>(obj: unknown, path: string, fallback?: T): T {
  const parts = path === '' ? [] : path.split('.')
  let cur: any = obj
  for (let i = 0; i < parts.length; i++) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, parts[i])) return fallback as T
    cur = cur[parts[i]]
  }
  return cur === void 0 ? fallback as T : cur
}

/** A copy with only `keys`. */
export function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Pick<T, K> {
  const out: any = {}
  for (let i = 0; i < keys.length; i++) if (Object.prototype.hasOwnProperty.call(obj, keys[i])) out[keys[i]] = obj[keys[i]]
  return out
}

/** A copy without `keys`. */
export function omit<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Omit<T, K> {
  const out: any = {}
  for (const k in obj) if (Object.prototype.hasOwnProperty.call(obj, k) && keys.indexOf(k as any) < 0) out[k] = obj[k]
  return out
}

/** Losty's `tbl.val2key`: values become keys (the last key wins). */
export function invert(obj: Record<string, string | number>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k in obj) if (Object.prototype.hasOwnProperty.call(obj, k)) out[String(obj[k])] = k
  return out
}

/** Losty's `func.map_pairs`: `fn(key, value)` returns `[newKey, newValue]`. */
export function mapObject<V, W>(obj: Record<string, V>, fn: (key: string, value: V) => [string, W]): Record<string, W> {
  const out: Record<string, W> = {}
  for (const k in obj) {
    if (!Object.prototype.hasOwnProperty.call(obj, k)) continue
    const pair = fn(k, obj[k])
    if (!unsafeKey(pair[0])) out[pair[0]] = pair[1]
  }
  return out
}

/** Losty's `func.filter_pairs`: the entries for which `fn(value, key)` is true. */
export function filterObject<V>(obj: Record<string, V>, fn: (value: V, key: string) => boolean): Record<string, V> {
  const out: Record<string, V> = {}
  for (const k in obj) if (Object.prototype.hasOwnProperty.call(obj, k) && fn(obj[k], k)) out[k] = obj[k]
  return out
}

/** Losty's `func.partition`: `[passing, failing]`. */
export function partition<T>(list: readonly T[], fn: (value: T) => boolean): [T[], T[]] {
  const pass: T[] = []
  const fail: T[] = []
  for (let i = 0; i < list.length; i++) (fn(list[i]) ? pass : fail).push(list[i])
  return [pass, fail]
}

/** Losty's `func.zip`: an object from keys and values; mismatched lengths or a repeated key throw. */
export function zip<V>(keys: readonly string[], values: readonly V[]): Record<string, V> {
  if (keys.length !== values.length) throw new Error('zip: keys and values must have the same length')
  const out: Record<string, V> = {}
  for (let i = 0; i < keys.length; i++) {
    if (Object.prototype.hasOwnProperty.call(out, keys[i])) throw new Error(`zip: repeated key ${keys[i]}`)
    if (!unsafeKey(keys[i])) out[keys[i]] = values[i]
  }
  return out
}

/** Losty's `func.unzip`: `[keys, values]` of an object. */
export function unzip<V>(obj: Record<string, V>): [string[], V[]] {
  const keys = Object.keys(obj)
  return [keys, keys.map((k) => obj[k])]
}

/** Nested lists flattened all the way (Array.prototype.flat does not exist on the njs engine). */
export function flatten<T = any>(list: readonly any[]): T[] {
  const out: T[] = []
  const walk = (l: readonly any[]) => {
    for (let i = 0; i < l.length; i++) Array.isArray(l[i]) ? walk(l[i]) : out.push(l[i])
  }
  walk(list)
  return out
}

/** The distinct values in first-seen order (=== equality, NaN equal to itself). */
export function unique<T>(list: readonly T[]): T[] {
  const out: T[] = []
  const seen: Record<string, true> = {}
  for (let i = 0; i < list.length; i++) {
    const v: any = list[i]
    const t = typeof v
    // strings and numbers through an object's keys (linear time); anything else by scanning
    if (t === 'string' || t === 'number') {
      const key = (t === 'string' ? 's' : 'n') + v
      if (seen[key]) continue
      seen[key] = true
      out.push(v)
    } else if (out.indexOf(v) < 0) {
      out.push(v)
    }
  }
  return out
}

/** Items grouped by `fn(item)`. */
export function groupBy<T>(list: readonly T[], fn: (value: T) => string | number): Record<string, T[]> {
  const out: Record<string, T[]> = {}
  for (let i = 0; i < list.length; i++) {
    const k = String(fn(list[i]))
    if (unsafeKey(k)) continue
    ;(Object.prototype.hasOwnProperty.call(out, k) ? out[k] : (out[k] = [])).push(list[i])
  }
  return out
}

/** Numbers from `start` up to (not including) `end`, by `step`. */
export function range(start: number, end: number, step = 1): number[] {
  if (step === 0) throw new Error('range: step must not be 0')
  const out: number[] = []
  for (let x = start; step > 0 ? x < end : x > end; x += step) out.push(x)
  return out
}

export function head<T>(list: readonly T[]): T | undefined { return list[0] }
export function tail<T>(list: readonly T[]): T[] { return list.slice(1) }

/** Losty's `func.foldl`: `fn(fn(fn(init, a), b), c)`. */
export function foldl<T, A>(fn: (acc: A, value: T) => A, init: A, list: readonly T[]): A {
  let acc = init
  for (let i = 0; i < list.length; i++) acc = fn(acc, list[i])
  return acc
}

/** Losty's `func.foldr`: `fn(a, fn(b, fn(c, init)))`. */
export function foldr<T, A>(fn: (value: T, acc: A) => A, init: A, list: readonly T[]): A {
  let acc = init
  for (let i = list.length - 1; i >= 0; i--) acc = fn(list[i], acc)
  return acc
}

export function identity<T>(x: T): T { return x }

/** Losty's `func.curry`: `curry(f)(a)(b, c)` is `f(a, b, c)`. */
export function curry<A, R>(fn: (a: A, ...rest: any[]) => R): (a: A) => (...rest: any[]) => R {
  return (a: A) => (...rest: any[]) => fn.apply(void 0, [a].concat(rest) as any)
}

/** Losty's `func.bindl`: the first arguments fixed. */
export function partial<R>(fn: (...args: any[]) => R, ...fixed: any[]): (...rest: any[]) => R {
  return (...rest: any[]) => fn.apply(void 0, fixed.concat(rest))
}

/** Losty's `func.bindr`: the last arguments fixed. */
export function partialRight<R>(fn: (...args: any[]) => R, ...fixed: any[]): (...rest: any[]) => R {
  return (...rest: any[]) => fn.apply(void 0, rest.concat(fixed))
}

/** Losty's `func.flip`: the first two arguments swapped. */
export function flip<A, B, R>(fn: (a: A, b: B, ...rest: any[]) => R): (b: B, a: A, ...rest: any[]) => R {
  return (b: B, a: A, ...rest: any[]) => fn.apply(void 0, [a, b].concat(rest) as any)
}
