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
 * Its big lists are packed (src/shared/packed-table.ts; src/njs/embedded-table.ts reads them):
 * QuickJS pays for every value JSON.parse makes and every string a context makes: numbers as
 * one base64 string make none, the long string lists are Lines already (one string and its
 * offsets), and the short-valued ones (methods, pattern segments) are Dicts: indices into their
 * few distinct strings, packed as numbers. The big strings sit in a second variable, an array of string literals,
 * outside the JSON:
 *
 *     var __TRESTY_ROUTE_TEXTS__ = ['MAABAA…', '0/api0/json1/v1…', …];
 * `TRESTY_PACK_ROUTES=0` embeds the plain JSON instead.
 */
import type { AppManifest } from '../../shared/manifest.ts'
import type { PackedField } from '../../shared/packed-table.ts'
import type { Lines } from '../../shared/lines.ts'
import type { Dict } from '../../shared/dict.ts'

/** The module-level variables src/njs/app.ts reads: the table's JSON, and the packed arrays' strings. */
export const EMBEDDED_TABLE_VAR = '__TRESTY_ROUTE_JSON__'
export const EMBEDDED_TEXTS_VAR = '__TRESTY_ROUTE_TEXTS__'

/**
 * A JavaScript string literal holding `text`: single quotes, since JSON is full of double
 * ones. Line breaks (route keys and paths may hold any character), U+2028/2029 (for old
 * parsers), `\\` and `'` are escaped.
 */
export function singleQuoted(text: string): string {
  return "'" + text.replace(/[\\'\n\r\u2028\u2029]/g, (c) => c === '\\' ? '\\\\' : c === "'" ? "\\'" : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\u' + c.charCodeAt(0).toString(16)) + "'"
}

/** Lists shorter than this stay plain JSON: packing them saves nothing measurable. */
const PACK_MIN = 16

/** Integers as base64 (little-endian Int16 when they all fit and not `wide`, else Int32), pushed onto `texts`: the kind and the index. */
function packIntegers(nums: ArrayLike<number>, texts: string[], wide = false): { $: 'i16' | 'i32'; at: number } {
  let small = !wide
  for (let i = 0; i < nums.length; i++) if (nums[i] < -0x8000 || nums[i] > 0x7fff) small = false
  const bytes = Buffer.alloc(nums.length * (small ? 2 : 4))
  for (let i = 0; i < nums.length; i++) small ? bytes.writeInt16LE(nums[i], i * 2) : bytes.writeInt32LE(nums[i], i * 4)
  return { $: small ? 'i16' : 'i32', at: texts.push(bytes.toString('base64')) - 1 }
}

function isLines(v: unknown): v is Lines {
  return !!v && typeof v === 'object' && typeof (v as Lines).text === 'string' && Array.isArray((v as Lines).at)
}

function isDict(v: unknown): v is Dict {
  return !!v && typeof v === 'object' && Array.isArray((v as Dict).values) && Array.isArray((v as Dict).at)
}

/**
 * One field of the table, packed when that makes fewer values for a fresh context (else as it
 * is): Lines as their text and packed offsets, Dicts with their indices packed, integer lists
 * packed. Big strings go into `texts` (the bundle's second variable), not into the JSON:
 * JSON.parse would scan them again, char by char, after the module's own parse (~3 ms for
 * 10,000 routes).
 */
export function packField(v: unknown, texts: string[]): unknown {
  if (isLines(v)) {
    if (v.at.length < PACK_MIN) return v
    const text = texts.push(v.text) - 1
    const out: PackedField = { $: 'lines', text, at: packIntegers(v.at, texts, true).at }
    return out
  }
  if (isDict(v)) {
    if (v.at.length < PACK_MIN) return v
    const packed = packIntegers(v.at, texts)
    const out: PackedField = { $: 'dict', at: packed.at, values: v.values }
    if (packed.$ === 'i32') out.wide = true
    return out
  }
  if (!Array.isArray(v) || v.length < PACK_MIN) return v
  if (v.every((n) => typeof n === 'number' && Number.isInteger(n))) return packIntegers(v as number[], texts)
  return v
}

/** The manifest with its big lists packed (src/shared/packed-table.ts), and the strings they point at. */
export function packTable(table: AppManifest): { data: Record<string, unknown>; texts: string[] } {
  const data: Record<string, unknown> = {}
  const texts: string[] = []
  for (const [k, v] of Object.entries(table)) {
    // Keyed lookup objects (`lit`, `end`) and the plain lists (`pathList`, …) are for the njs
    // engine's preloaded copy only: in QuickJS's JSON.parse each key costs ~1 µs and each string
    // ~150 ns, and the router builds the lookups itself from the lists.
    if (k === 'lit' || k === 'end' || k.endsWith('List')) continue
    data[k] = k === 'guards' || k === 'schedules' ? v : packField(v, texts)
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
