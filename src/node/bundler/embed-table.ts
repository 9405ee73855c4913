/**
 * The route table inside the bundle, for engines that cannot preload it.
 *
 * On the njs engine nginx preloads `app.routes.json` (`js_preload_object`). QuickJS has no
 * preload, and a fresh context (every reload, a dropped context, each request beyond the
 * pool) would build the router again from every declaration. So the build also puts the
 * same table at the top of the bundle as ONE string literal:
 *
 *     var __TRESTY_ROUTE_JSON__ = '{"app":0,"nodes":…}';
 *
 * and src/njs/app.ts reads it when no preloaded table exists (once per context on QuickJS).
 * A string constant costs nothing to load on either engine (njs clones it by reference,
 * QuickJS reads it with the bytecode); only the parse is paid, where it is used.
 * `TRESTY_EMBED_ROUTES=0` builds without it (tests compare both).
 *
 * Its big arrays are packed (src/shared/packed-table.ts; src/njs/embedded-table.ts reads them):
 * QuickJS pays for every value JSON.parse makes: numbers as one base64 string make none, and
 * strings as one line-separated string are split natively at about half JSON.parse's cost;
 * those strings sit in a second variable, an array of string literals, outside the JSON:
 *
 *     var __TRESTY_ROUTE_TEXTS__ = ['MAABAA…', '0/api\\n0/json\\n…', …];
 * `TRESTY_PACK_ROUTES=0` embeds the plain JSON instead.
 */
import type { AppManifest } from '../../shared/manifest.ts'
import type { PackedField } from '../../shared/packed-table.ts'

/** The module-level variables src/njs/app.ts reads: the table's JSON, and the packed arrays' strings. */
export const EMBEDDED_TABLE_VAR = '__TRESTY_ROUTE_JSON__'
export const EMBEDDED_TEXTS_VAR = '__TRESTY_ROUTE_TEXTS__'

/**
 * A JavaScript string literal holding `text`: single quotes, since JSON is full of double
 * ones. Line breaks (the packed arrays' separators), U+2028/2029 (for old parsers), `\\` and
 * `'` are escaped.
 */
export function singleQuoted(text: string): string {
  return "'" + text.replace(/[\\'\n\r\u2028\u2029]/g, (c) => c === '\\' ? '\\\\' : c === "'" ? "\\'" : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\u' + c.charCodeAt(0).toString(16)) + "'"
}

/** Arrays shorter than this stay plain JSON: packing them saves nothing measurable. */
const PACK_MIN = 16

/**
 * One array of the table, packed when that makes fewer values to parse (else as it is). Its
 * big string goes into `texts` (the bundle's second variable), not into the JSON: JSON.parse
 * would scan it again, char by char, after the module's own parse (~3 ms for 10,000 routes).
 */
export function packField(list: unknown[], texts: string[]): unknown[] | PackedField {
  if (list.length < PACK_MIN) return list
  if (list.every((v) => typeof v === 'number' && Number.isInteger(v))) {
    const nums = list as number[]
    const small = nums.every((n) => n >= -0x8000 && n <= 0x7fff)
    const bytes = Buffer.alloc(nums.length * (small ? 2 : 4))
    nums.forEach((n, i) => small ? bytes.writeInt16LE(n, i * 2) : bytes.writeInt32LE(n, i * 4))
    return { $: small ? 'i16' : 'i32', at: texts.push(bytes.toString('base64')) - 1 }
  }
  if (!list.every((v) => v === null || (typeof v === 'string' && v.indexOf('\n') < 0))) return list
  const strings = list as (string | null)[]
  const nulls: number[] = []
  strings.forEach((v, i) => { if (v === null) nulls.push(i) })
  const packed: PackedField = { $: 'lines', at: texts.push(strings.map((v) => v === null ? '' : v).join('\n')) - 1 }
  if (nulls.length) packed.nulls = nulls
  return packed
}

/** The manifest with its big arrays packed (src/shared/packed-table.ts), and the strings they point at. */
export function packTable(table: AppManifest): { data: Record<string, unknown>; texts: string[] } {
  const data: Record<string, unknown> = {}
  const texts: string[] = []
  for (const [k, v] of Object.entries(table)) {
    // Keyed lookup objects (`lit`, `end`) are for the njs engine's preloaded copy only: in
    // QuickJS's JSON.parse each key costs ~1 µs, and the router builds them itself from the arrays.
    if (k === 'lit' || k === 'end') continue
    data[k] = Array.isArray(v) && k !== 'guards' && k !== 'schedules' ? packField(v, texts) : v
  }
  return { data, texts }
}

/** `code` with the table declared at its top (ES module code: a `var` before the imports is fine). */
export function embedRouteTable(code: string, table: AppManifest): string {
  if (process.env.TRESTY_EMBED_ROUTES === '0') return code
  const { data, texts } = process.env.TRESTY_PACK_ROUTES === '0' ? { data: table, texts: [] } : packTable(table)
  return `var ${EMBEDDED_TABLE_VAR} = ${singleQuoted(JSON.stringify(data))};\n` +
    `var ${EMBEDDED_TEXTS_VAR} = [${texts.map(singleQuoted).join(', ')}];\n` + code
}
