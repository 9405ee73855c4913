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
 * strings as one line-separated string are split natively at about half JSON.parse's cost.
 * `TRESTY_PACK_ROUTES=0` embeds the plain JSON instead.
 */
import type { AppManifest } from '../../shared/manifest.ts'
import type { PackedField } from '../../shared/packed-table.ts'

/** The module-level variable src/njs/app.ts reads. */
export const EMBEDDED_TABLE_VAR = '__TRESTY_ROUTE_JSON__'

/**
 * A JavaScript string literal holding `text`: single quotes, since JSON is full of double
 * ones. JSON.stringify's output has no raw line breaks; U+2028/2029 are escaped for old parsers.
 */
export function singleQuoted(text: string): string {
  return "'" + text.replace(/[\\'\u2028\u2029]/g, (c) => c === '\\' ? '\\\\' : c === "'" ? "\\'" : '\\u' + c.charCodeAt(0).toString(16)) + "'"
}

/** Arrays shorter than this stay plain JSON: packing them saves nothing measurable. */
const PACK_MIN = 16

/** One array of the table, packed when that makes fewer values to parse (else as it is). */
export function packField(list: unknown[]): unknown[] | PackedField {
  if (list.length < PACK_MIN) return list
  if (list.every((v) => typeof v === 'number' && Number.isInteger(v))) {
    const nums = list as number[]
    const small = nums.every((n) => n >= -0x8000 && n <= 0x7fff)
    const bytes = Buffer.alloc(nums.length * (small ? 2 : 4))
    nums.forEach((n, i) => small ? bytes.writeInt16LE(n, i * 2) : bytes.writeInt32LE(n, i * 4))
    return { $: small ? 'i16' : 'i32', b64: bytes.toString('base64') }
  }
  if (!list.every((v) => v === null || (typeof v === 'string' && v.indexOf('\n') < 0))) return list
  const strings = list as (string | null)[]
  const nulls: number[] = []
  strings.forEach((v, i) => { if (v === null) nulls.push(i) })
  const packed: PackedField = { $: 'lines', text: strings.map((v) => v === null ? '' : v).join('\n') }
  if (nulls.length) packed.nulls = nulls
  return packed
}

/** The manifest with its big arrays packed (src/shared/packed-table.ts). */
export function packTable(table: AppManifest): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(table)) out[k] = Array.isArray(v) && k !== 'guards' && k !== 'schedules' ? packField(v) : v
  return out
}

/** `code` with the table declared at its top (ES module code: a `var` before the imports is fine). */
export function embedRouteTable(code: string, table: AppManifest): string {
  if (process.env.TRESTY_EMBED_ROUTES === '0') return code
  const data = process.env.TRESTY_PACK_ROUTES === '0' ? table : packTable(table)
  return `var ${EMBEDDED_TABLE_VAR} = ${singleQuoted(JSON.stringify(data))};\n` + code
}
