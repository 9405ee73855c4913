/**
 * A small typed schema builder (Zod/Valibot-like) for query strings, forms and JSON bodies.
 *
 *   const Login = v.object({ email: v.string().trim().email(), password: v.string().min(8) })
 *   type Login = Infer<typeof Login>          // { email: string; password: string }
 *   const res = Login.parse(input)            // { ok: true, value } | { ok: false, errors }
 *
 * Schemas are data, not closures: a builder call copies one small object and sets a field, so
 * declaring schemas at module top level (which the njs engine re-runs for every request) costs
 * a few object allocations; regexes are built only when a value is checked. Every modifier
 * returns a new schema (Zod's immutability): a base schema can be reused safely.
 */

/** The outcome of `parse`: the clean value, or a map of error messages by field path (`items.2.name`; '' for the root). */
export type Result<T> = { ok: true; value: T; errors?: undefined } | { ok: false; value?: undefined; errors: ErrorMap }
export type ErrorMap = Record<string, string>

export interface ParseOptions {
  /**
   * Query/form mode: strings are coerced to numbers and booleans, a single value is taken as an
   * array of one, and an empty string counts as a missing value. Off for JSON bodies.
   */
  coerce?: boolean
}

/** A custom check: true passes; false fails with `message`; a string fails with that string. */
export type CheckFn<T> = (value: T) => boolean | string

interface Common<T, Self> {
  /** The output type, for `Infer` (type-level only: no such property exists at run time). */
  readonly _type: T
  parse(input: unknown, options?: ParseOptions): Result<T>
  /** A custom check on the clean value, after the built-in ones passed. `path` (relative) says where its error goes. */
  check(fn: CheckFn<Exclude<T, undefined>>, message?: string, path?: string): Self
}

export type Schema<T = unknown> = Common<T, any>
export type Infer<S> = S extends { readonly _type: infer T } ? T : never

export interface StringSchema<T extends string | undefined = string> extends Common<T, StringSchema<T>> {
  optional(): StringSchema<T | undefined>
  default(value: string): StringSchema<string>
  /** Fewest characters (code points). */
  min(n: number, message?: string): StringSchema<T>
  max(n: number, message?: string): StringSchema<T>
  length(n: number, message?: string): StringSchema<T>
  pattern(re: RegExp, message?: string): StringSchema<T>
  /** Strips surrounding white space before any check. */
  trim(): StringSchema<T>
  lowercase(): StringSchema<T>
  email(message?: string): StringSchema<T>
  url(message?: string): StringSchema<T>
}

export interface NumberSchema<T extends number | undefined = number> extends Common<T, NumberSchema<T>> {
  optional(): NumberSchema<T | undefined>
  default(value: number): NumberSchema<number>
  min(n: number, message?: string): NumberSchema<T>
  max(n: number, message?: string): NumberSchema<T>
}

export interface BooleanSchema<T extends boolean | undefined = boolean> extends Common<T, BooleanSchema<T>> {
  optional(): BooleanSchema<T | undefined>
  default(value: boolean): BooleanSchema<boolean>
}

export interface OneOfSchema<T> extends Common<T, OneOfSchema<T>> {
  optional(): OneOfSchema<T | undefined>
  default(value: Exclude<T, undefined>): OneOfSchema<Exclude<T, undefined>>
}

export interface ArraySchema<T extends unknown[] | undefined> extends Common<T, ArraySchema<T>> {
  optional(): ArraySchema<T | undefined>
  default(value: Exclude<T, undefined>): ArraySchema<Exclude<T, undefined>>
  min(n: number, message?: string): ArraySchema<T>
  max(n: number, message?: string): ArraySchema<T>
  length(n: number, message?: string): ArraySchema<T>
}

export interface ObjectSchema<T extends object | undefined> extends Common<T, ObjectSchema<T>> {
  optional(): ObjectSchema<T | undefined>
}

export type Shape = Record<string, Schema<any>>
type Pretty<T> = { [K in keyof T]: T[K] } & {}
/** Keys whose schema accepts undefined become optional keys (`{ age?: number }`). */
export type ObjectOutput<S extends Shape> = Pretty<
  { [K in keyof S as undefined extends Infer<S[K]> ? never : K]: Infer<S[K]> } &
  { [K in keyof S as undefined extends Infer<S[K]> ? K : never]?: Infer<S[K]> }
>

type Kind = 'string' | 'number' | 'integer' | 'boolean' | 'oneOf' | 'array' | 'object'

/** The run-time shape of every schema: a kind and the few fields its modifiers set. */
interface Node {
  k: Kind
  opt: boolean
  hasDef: boolean
  def: any
  /** Bounds: length for strings and arrays, value for numbers (named apart from the min/max methods). */
  lo: number
  hi: number
  /** Messages given to min/max/length/pattern/email/url, by check name. */
  msg: Record<string, string> | null
  trm: boolean
  low: boolean
  pat: RegExp | null
  /** 'email' | 'url' | '' */
  fmt: string
  opts: any[] | null
  item: Node | null
  shape: Record<string, Node> | null
  /** Custom checks, three slots each: fn, message, path. */
  checks: any[] | null
}

/** Not a value: what a failed sub-check returns (a unique object, compared by identity). */
const FAIL: any = {}

let proto: any = null

/** The methods of every schema, built on first use (not at module load). */
function schemaProto(): any {
  if (proto) return proto
  proto = {
    // the defaults of every field (see node())
    opt: false, hasDef: false, def: void 0, lo: -Infinity, hi: Infinity, msg: null,
    trm: false, low: false, pat: null, fmt: '', opts: null, item: null, shape: null, checks: null,
    parse(this: Node, input: unknown, options?: ParseOptions) {
      const ctx: Ctx = { errors: {}, failed: false, coerce: !!(options && options.coerce) }
      const value = run(this, input, '', ctx)
      return ctx.failed ? { ok: false, errors: ctx.errors } : { ok: true, value }
    },
    optional(this: Node) { return copy(this, 'opt', true) },
    default(this: Node, value: any) { const n = copy(this, 'hasDef', true); n.def = value; return n },
    min(this: Node, n: number, message?: string) { return withMsg(copy(this, 'lo', n), 'min', message) },
    max(this: Node, n: number, message?: string) { return withMsg(copy(this, 'hi', n), 'max', message) },
    length(this: Node, n: number, message?: string) {
      const c = copy(this, 'lo', n)
      c.hi = n
      return withMsg(c, 'length', message)
    },
    pattern(this: Node, re: RegExp, message?: string) { return withMsg(copy(this, 'pat', re), 'pattern', message) },
    trim(this: Node) { return copy(this, 'trm', true) },
    lowercase(this: Node) { return copy(this, 'low', true) },
    email(this: Node, message?: string) { return withMsg(copy(this, 'fmt', 'email'), 'email', message) },
    url(this: Node, message?: string) { return withMsg(copy(this, 'fmt', 'url'), 'url', message) },
    check(this: Node, fn: CheckFn<any>, message?: string, path?: string) {
      return copy(this, 'checks', (this.checks || []).concat([fn, message || 'is invalid', path || '']))
    },
  }
  return proto
}

/**
 * A new schema holds only its kind: every other field has its default on the prototype. A
 * modifier's copy is a child of the schema it modifies with the one field it changes — O(1),
 * and the base stays as it was. On the njs engine (module top level runs for every request)
 * this made declaring a 30-call order schema cost a few µs instead of ~100.
 */
function node(k: Kind): Node {
  const n: Node = Object.create(schemaProto())
  n.k = k
  return n
}

function copy(f: Node, field: string, value: any): any {
  const n: any = Object.create(f)
  n[field] = value
  return n
}

function withMsg(n: Node, name: string, message: string | undefined): Node {
  if (message !== void 0) {
    const m: Record<string, string> = {}
    if (n.msg) for (const key in n.msg) m[key] = n.msg[key]
    m[name] = message
    n.msg = m
  }
  return n
}

interface Ctx {
  errors: ErrorMap
  failed: boolean
  coerce: boolean
}

function fail(ctx: Ctx, n: Node | null, path: string, name: string, fallback: string): any {
  ctx.failed = true
  // The first error of a field is the one shown.
  if (ctx.errors[path] === void 0) ctx.errors[path] = (n && n.msg && n.msg[name]) || fallback
  return FAIL
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : path + '.' + key
}

/** Characters as people count them: code points, not UTF-16 units. */
function charCount(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1)
      if (p >= 0xd800 && p <= 0xdbff) n--
    }
  }
  return n
}

/** The WHATWG definition of a valid e-mail address (what `<input type=email>` accepts). */
function isEmail(s: string): boolean {
  return s.length <= 254 &&
    /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/.test(s)
}

/** An absolute http(s) URL with a host, no white space or control characters. */
function isUrl(s: string): boolean {
  return s.length <= 2048 && /^https?:\/\/(?:[^\s/?#@\x00-\x1f\x7f]+@)?(?:[a-zA-Z0-9.-]+|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?(?:[/?#][^\s\x00-\x1f\x7f]*)?$/i.test(s)
}

/** A decimal number as people type it: `12`, `-3.5`, `.5`, `1e3` (no hex, no `Infinity`, no blanks). */
function toNumber(s: string): number {
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s) ? Number(s) : NaN
}

function plural(n: number, word: string): string {
  return n === 1 ? `${n} ${word}` : `${n} ${word}s`
}

function describe(values: any[]): string {
  const parts: string[] = []
  for (let i = 0; i < values.length; i++) parts.push(String(values[i]))
  return parts.join(', ')
}

function run(n: Node, input: any, path: string, ctx: Ctx): any {
  let value = input
  if (ctx.coerce) {
    // A form field sent empty was not filled in.
    if (typeof value === 'string' && n.k !== 'array' && (n.trm ? value.trim() : value) === '') value = void 0
  }
  if (value === void 0 || value === null) {
    if (n.hasDef) return n.def
    if (n.opt) return void 0
    return fail(ctx, null, path, 'required', 'is required')
  }
  let out: any
  switch (n.k) {
    case 'string': out = runString(n, value, path, ctx); break
    case 'number': case 'integer': out = runNumber(n, value, path, ctx); break
    case 'boolean': out = runBoolean(value, path, ctx); break
    case 'oneOf': out = runOneOf(n, value, path, ctx); break
    case 'array': out = runArray(n, value, path, ctx); break
    default: out = runObject(n, value, path, ctx)
  }
  if (out === FAIL || n.checks === null) return out
  const checks = n.checks
  for (let i = 0; i < checks.length; i += 3) {
    const verdict = checks[i](out)
    if (verdict !== true) {
      const where = checks[i + 2] ? join(path, checks[i + 2]) : path
      ctx.failed = true
      if (ctx.errors[where] === void 0) ctx.errors[where] = typeof verdict === 'string' ? verdict : checks[i + 1]
      return FAIL
    }
  }
  return out
}

function runString(n: Node, value: any, path: string, ctx: Ctx): any {
  if (typeof value !== 'string') {
    if (ctx.coerce && typeof value === 'object' && value.length !== void 0) return fail(ctx, null, path, 'type', 'must be a single value')
    return fail(ctx, null, path, 'type', 'must be a string')
  }
  let s: string = value
  if (n.trm) s = s.trim()
  if (n.low) s = s.toLowerCase()
  if (n.lo !== -Infinity || n.hi !== Infinity) {
    const len = charCount(s)
    if (n.lo === n.hi && len !== n.lo) return fail(ctx, n, path, 'length', `must be exactly ${plural(n.lo, 'character')}`)
    if (len < n.lo) return fail(ctx, n, path, 'min', `must be at least ${plural(n.lo, 'character')}`)
    if (len > n.hi) return fail(ctx, n, path, 'max', `must be at most ${plural(n.hi, 'character')}`)
  }
  if (n.fmt === 'email' && !isEmail(s)) return fail(ctx, n, path, 'email', 'must be a valid email address')
  if (n.fmt === 'url' && !isUrl(s)) return fail(ctx, n, path, 'url', 'must be a valid http(s) URL')
  if (n.pat !== null) {
    n.pat.lastIndex = 0
    if (!n.pat.test(s)) return fail(ctx, n, path, 'pattern', 'has an invalid format')
  }
  return s
}

function runNumber(n: Node, value: any, path: string, ctx: Ctx): any {
  let x = value
  if (ctx.coerce && typeof x === 'string') x = toNumber(x.trim())
  if (typeof x !== 'number' || x !== x || x === Infinity || x === -Infinity) {
    return fail(ctx, null, path, 'type', n.k === 'integer' ? 'must be an integer' : 'must be a number')
  }
  if (n.k === 'integer' && (Math.floor(x) !== x || x > 9007199254740991 || x < -9007199254740991)) {
    return fail(ctx, null, path, 'type', 'must be an integer')
  }
  if (x < n.lo) return fail(ctx, n, path, 'min', `must be at least ${n.lo}`)
  if (x > n.hi) return fail(ctx, n, path, 'max', `must be at most ${n.hi}`)
  return x
}

function runBoolean(value: any, path: string, ctx: Ctx): any {
  if (typeof value === 'boolean') return value
  if (ctx.coerce && typeof value === 'string') {
    switch (value.trim().toLowerCase()) {
      case 'true': case '1': case 'on': case 'yes': return true
      case 'false': case '0': case 'off': case 'no': return false
    }
  }
  return fail(ctx, null, path, 'type', 'must be true or false')
}

function runOneOf(n: Node, value: any, path: string, ctx: Ctx): any {
  const opts = n.opts!
  for (let i = 0; i < opts.length; i++) {
    if (opts[i] === value) return value
    // From a query or form everything is a string: "2" picks the option 2.
    if (ctx.coerce && typeof value === 'string' && typeof opts[i] !== 'string' && String(opts[i]) === value) return opts[i]
  }
  return fail(ctx, null, path, 'type', `must be one of: ${describe(opts)}`)
}

/** An object whose keys are all indexes 0…n-1 (in any order) as a list; anything else null. */
function indexed(obj: any): any[] | null {
  const keys = Object.keys(obj)
  const list: any[] = []
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]
    if (!/^(?:0|[1-9]\d{0,5})$/.test(k) || Number(k) >= keys.length) return null
    list[Number(k)] = obj[k]
  }
  return list
}

function runArray(n: Node, value: any, path: string, ctx: Ctx): any {
  let list = value
  if (!Array.isArray(list)) {
    // `?tag=a` gives a string where `?tag=a&tag=b` gives an array; `items[0][name]` form
    // fields give an object with index keys (see unflatten.ts).
    if (ctx.coerce && typeof list === 'string') list = [list]
    else if (ctx.coerce && typeof list === 'object') list = indexed(list)
    if (list === null || !Array.isArray(list)) return fail(ctx, null, path, 'type', 'must be a list')
  }
  if (n.lo === n.hi && list.length !== n.lo) return fail(ctx, n, path, 'length', `must have exactly ${plural(n.lo, 'item')}`)
  if (list.length < n.lo) return fail(ctx, n, path, 'min', `must have at least ${plural(n.lo, 'item')}`)
  if (list.length > n.hi) return fail(ctx, n, path, 'max', `must have at most ${plural(n.hi, 'item')}`)
  const out: any[] = []
  let bad = false
  for (let i = 0; i < list.length; i++) {
    const item = run(n.item!, list[i], join(path, i), ctx)
    if (item === FAIL) bad = true
    else out.push(item)
  }
  return bad ? FAIL : out
}

function runObject(n: Node, value: any, path: string, ctx: Ctx): any {
  if (typeof value !== 'object' || Array.isArray(value)) return fail(ctx, null, path, 'type', 'must be an object')
  const shape = n.shape!
  // Only the declared keys come out (unknown ones are dropped), and only own properties are read.
  const out: any = {}
  let bad = false
  for (const key in shape) {
    const given = Object.prototype.hasOwnProperty.call(value, key) ? value[key] : void 0
    const v = run(shape[key], given, join(path, key), ctx)
    if (v === FAIL) bad = true
    else if (v !== void 0) out[key] = v
  }
  return bad ? FAIL : out
}

/** The builders. Each call returns a fresh schema; modifiers return copies. */
export const v = {
  string(): StringSchema { return node('string') as any },
  /** A string that must be a valid e-mail address (trimmed). */
  email(message?: string): StringSchema { return (node('string') as any).trim().email(message) },
  /** A string that must be an absolute http(s) URL (trimmed). */
  url(message?: string): StringSchema { return (node('string') as any).trim().url(message) },
  number(): NumberSchema { return node('number') as any },
  integer(): NumberSchema { return node('integer') as any },
  boolean(): BooleanSchema { return node('boolean') as any },
  oneOf<const T extends readonly (string | number | boolean)[]>(values: T): OneOfSchema<T[number]> {
    const n = node('oneOf')
    n.opts = (values as any).slice()
    return n as any
  },
  array<S extends Schema<any>>(item: S): ArraySchema<Infer<S>[]> {
    const n = node('array')
    n.item = item as any
    return n as any
  },
  object<S extends Shape>(shape: S): ObjectSchema<ObjectOutput<S>> {
    const n = node('object')
    n.shape = shape as any
    return n as any
  },
}
