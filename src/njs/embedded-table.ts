/**
 * Reads back the route table the build embedded in the bundle (src/shared/packed-table.ts has
 * the format, src/node/bundler/embed-table.ts writes it). Used where nginx preloads no table:
 * QuickJS (once per context) and a hand-written njs-engine config without js_preload_object.
 *
 * One top-level function, its helpers nested: on the njs engine every top-level function of
 * the bundle costs every request, and this one runs only where there is no preloaded table.
 */
import type { AppManifest } from '../shared/manifest.ts'
import { lineAt, lineCount, type Lines } from '../shared/lines.ts'

/** `json` as the build wrote it, `texts` the strings its packed fields point at (none for a plain table). */
export function unpackTable(json: string, texts?: string[]): AppManifest {
  function text(at: number, field: string): string {
    const v = texts && texts[at]
    if (typeof v !== 'string') throw new Error(`tresty: embedded route table: no text ${at} for ${field}`)
    return v
  }

  function numbers(wide: boolean, b64: string): Int16Array | Int32Array {
    const bytes = Buffer.from(b64, 'base64')
    // A copy at offset 0: Buffer.from may hand out a slice of a shared pool, not aligned for the view.
    const copy = new Uint8Array(bytes.length)
    copy.set(bytes)
    return wide ? new Int32Array(copy.buffer) : new Int16Array(copy.buffer)
  }

  /**
   * Lines offsets as Node wrote them (UTF-16 units) in this engine's string units: the njs
   * engine counts code points, so a character outside the BMP (an emoji in a route) is one unit
   * there and two in Node and QuickJS. A walk over the text, only where the two differ.
   */
  function ownOffsets(text: string, at: ArrayLike<number>): ArrayLike<number> {
    if (text.length === at[at.length - 1]) return at
    recounted = true
    const out = new Int32Array(at.length)
    let units = 0
    let k = 0
    for (let pos = 0; pos < text.length; pos++) {
      while (k < at.length && at[k] <= units) out[k++] = pos
      units += text.codePointAt(pos)! > 0xffff ? 2 : 1
    }
    while (k < at.length) out[k++] = text.length
    return out
  }

  /** Sorted keys as a keyed lookup (what the preloaded file carries as `lit`/`end`). */
  function keyed(keys: Lines, values: ArrayLike<number>): Record<string, number> {
    const out: Record<string, number> = Object.create(null)
    for (let i = 0; i < lineCount(keys); i++) out[lineAt(keys, i)] = values[i]
    return out
  }

  let recounted = false
  const t: any = JSON.parse(json)
  for (const k in t) {
    const v = t[k]
    if (v === null || typeof v !== 'object') continue
    // Lines left as they are (short lists, or TRESTY_PACK_ROUTES=0)
    if (typeof v.text === 'string' && v.at) { v.at = ownOffsets(v.text, v.at); continue }
    if (typeof v.$ !== 'string') continue
    if (v.$ === 'i16' || v.$ === 'i32') t[k] = numbers(v.$ === 'i32', text(v.at, k))
    else if (v.$ === 'lines') {
      const s = text(v.text, k)
      t[k] = { text: s, at: ownOffsets(s, numbers(true, text(v.at, k))) }
    }
    else if (v.$ === 'dict') t[k] = { values: v.values, at: numbers(!!v.wide, text(v.at, k)) }
    else throw new Error(`tresty: embedded route table: unknown packing ${v.$} for ${k}`)
  }
  // Where the engine counts string units otherwise (the njs engine), it also orders such strings
  // otherwise than Node sorted them: route on keyed lookups, never by bisection.
  if (recounted && t.litKeys && t.endKeys) {
    t.lit = keyed(t.litKeys, t.litNodes)
    t.end = keyed(t.endKeys, t.endRoutes)
  }
  return t as AppManifest
}
