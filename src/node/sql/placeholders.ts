/**
 * Losty's placeholders, compiled to driver parameters. Parsed here, on the Node side only: the
 * njs client sends the SQL text and the arguments as they are.
 *
 *   :?        a value, sent as a parameter ($n / ?); objects and arrays are sent as JSON text
 *   :?name    the same, read from the last argument (a plain object)
 *   :b        binary (bytea / BLOB): a Buffer/Uint8Array, or a string sent as its UTF-8 bytes
 *   :a        a list for `IN (:a)`: one parameter per element (an empty list becomes NULL)
 *   :i        an identifier, quoted for the dialect ("x" / `x`); an array is a dotted path
 *   :) :]     VERBATIM text pasted into the SQL (comments and `;` stripped). Dangerous: never
 *             pass user input there.
 *   ::        stays `::` (PostgreSQL casts)
 *
 * Only verbatim text ever becomes part of the SQL; every value travels as a driver parameter.
 * Placeholders inside string literals, quoted identifiers, comments and dollar quotes are left
 * alone.
 */
export type Dialect = 'pg' | 'mysql'

export interface Compiled {
  text: string
  values: unknown[]
}

export class PlaceholderError extends Error {}

const NAME_START = /[A-Za-z_]/
const NAME_CHAR = /[A-Za-z0-9_]/

export function compile(dialect: Dialect, sql: string, args: readonly unknown[]): Compiled {
  if (typeof sql !== 'string') throw new PlaceholderError('the SQL must be a string')
  const values: unknown[] = []
  const param = (v: unknown) => {
    values.push(v)
    return dialect === 'pg' ? `$${values.length}` : '?'
  }
  let named: Record<string, unknown> | null = null
  let positional = 0
  let usedNamed = false
  const last = args.length ? args[args.length - 1] : undefined
  if (isPlainObject(last)) named = last as Record<string, unknown>
  const nextArg = (mod: string) => {
    if (positional >= args.length - (usedNamedOrLater() ? 1 : 0)) throw new PlaceholderError(`placeholder #${positional + 1} (:${mod}) has no argument`)
    return args[positional++]
  }
  // A trailing plain object counts as the named source only if the SQL uses a named placeholder.
  const usesNamed = /:\?[A-Za-z_]/.test(sql)
  const usedNamedOrLater = () => usesNamed && named !== null

  let out = ''
  let i = 0
  const n = sql.length
  while (i < n) {
    const c = sql[i]
    const skipped = skipQuoted(dialect, sql, i)
    if (skipped > i) {
      out += sql.slice(i, skipped)
      i = skipped
      continue
    }
    if (c !== ':') {
      out += c
      i++
      continue
    }
    const m = sql[i + 1]
    if (m === ':') { out += '::'; i += 2; continue }
    if (m === '?') {
      if (i + 2 < n && NAME_START.test(sql[i + 2])) {
        let j = i + 2
        while (j < n && NAME_CHAR.test(sql[j])) j++
        const name = sql.slice(i + 2, j)
        if (!named) throw new PlaceholderError(`:?${name} needs a plain object as the last argument`)
        if (!(name in named)) throw new PlaceholderError(`:?${name}: the object has no "${name}"`)
        usedNamed = true
        out += param(value(named[name]))
        i = j
        continue
      }
      out += param(value(nextArg('?')))
      i += 2
      continue
    }
    if ((m === 'b' || m === 'a' || m === 'i') && !(i + 2 < n && NAME_CHAR.test(sql[i + 2]))) {
      const v = nextArg(m)
      if (m === 'b') out += param(binary(v))
      else if (m === 'a') out += list(v, param)
      else out += identifier(dialect, v)
      i += 2
      continue
    }
    if (m === ')' || m === ']') {
      out += verbatim(dialect, nextArg(m), m)
      i += 2
      continue
    }
    out += c
    i++
  }
  const expected = args.length - (usedNamed ? 1 : 0)
  if (positional !== expected) throw new PlaceholderError(`${expected} argument(s) for ${positional} positional placeholder(s)`)
  return { text: out, values }
}

/** `:?`: scalars as they are, Buffers and Dates to the driver, anything else as JSON text. */
export function value(v: unknown): unknown {
  if (v === undefined || v === null) return null
  switch (typeof v) {
    case 'string': case 'number': case 'boolean': return v
    case 'bigint': return v.toString()
    case 'object':
      if (v instanceof Date || Buffer.isBuffer(v)) return v
      if (v instanceof Uint8Array) return Buffer.from(v)
      return JSON.stringify(v)
    default: throw new PlaceholderError(`cannot send a ${typeof v} as a value`)
  }
}

function binary(v: unknown): Buffer | null {
  if (v === undefined || v === null) return null
  if (Buffer.isBuffer(v)) return v
  if (v instanceof Uint8Array) return Buffer.from(v)
  if (typeof v === 'string') return Buffer.from(v, 'utf8')
  throw new PlaceholderError(':b takes a Buffer, Uint8Array or string')
}

function list(v: unknown, param: (v: unknown) => string): string {
  if (!Array.isArray(v)) throw new PlaceholderError(':a takes an array')
  // `IN (NULL)` matches nothing, as an empty list should (and `IN ()` is a syntax error).
  if (v.length === 0) return 'NULL'
  return v.map((x) => param(value(x))).join(', ')
}

export function identifier(dialect: Dialect, v: unknown): string {
  const parts = Array.isArray(v) ? v : [v]
  if (!parts.length) throw new PlaceholderError(':i takes a non-empty name')
  return parts.map((p) => {
    if (typeof p !== 'string' || p === '' || p.includes('\0')) throw new PlaceholderError(':i takes a non-empty name without NUL')
    return dialect === 'pg' ? `"${p.replace(/"/g, '""')}"` : `\`${p.replace(/`/g, '``')}\``
  }).join('.')
}

/** Losty's escape for verbatim text: comments defused, `;` and the modifier's closer removed. */
function verbatim(dialect: Dialect, v: unknown, mod: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  if (typeof v !== 'string') throw new PlaceholderError(`:${mod} takes a string or a number`)
  return v.replace(/\/\*/g, '/ *').replace(/\*\//g, '* /').replace(/--/g, '- -').replace(dialect === 'mysql' ? /#/g : /(?!)/g, '').replace(/;/g, '').split(mod).join('')
}

/** Where the quoted thing (literal, identifier, comment, dollar quote) starting at `i` ends; `i` when none starts there. */
function skipQuoted(dialect: Dialect, s: string, i: number): number {
  const c = s[i]
  const n = s.length
  if (c === "'" || c === '"' || (c === '`' && dialect === 'mysql')) {
    // MySQL strings take backslash escapes; PostgreSQL only in E'…' strings.
    const backslash = dialect === 'mysql' ? c !== '`' : c === "'" && i > 0 && (s[i - 1] === 'E' || s[i - 1] === 'e')
    let j = i + 1
    while (j < n) {
      if (backslash && s[j] === '\\') { j += 2; continue }
      if (s[j] === c) {
        if (s[j + 1] === c) { j += 2; continue }
        return j + 1
      }
      j++
    }
    return n
  }
  if (c === '-' && s[i + 1] === '-') return lineEnd(s, i)
  if (c === '#' && dialect === 'mysql') return lineEnd(s, i)
  if (c === '/' && s[i + 1] === '*') {
    const end = s.indexOf('*/', i + 2)
    return end < 0 ? n : end + 2
  }
  if (c === '$' && dialect === 'pg' && !(i > 0 && NAME_CHAR.test(s[i - 1]))) {
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(s.slice(i, i + 64))
    if (m) {
      const end = s.indexOf(m[0], i + m[0].length)
      return end < 0 ? n : end + m[0].length
    }
  }
  return i
}

function lineEnd(s: string, i: number): number {
  const end = s.indexOf('\n', i)
  return end < 0 ? s.length : end
}

function isPlainObject(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}
