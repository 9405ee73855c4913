/**
 * Reads back the route table the build embedded in the bundle (src/shared/packed-table.ts has
 * the format, src/node/bundler/embed-table.ts writes it). Used where nginx preloads no table:
 * QuickJS (once per context) and a hand-written njs-engine config without js_preload_object.
 *
 * One top-level function, its helpers nested: on the njs engine every top-level function of
 * the bundle costs every request, and this one runs only where there is no preloaded table.
 */
import type { AppManifest } from '../shared/manifest.ts'

/** `json` as the build wrote it, `texts` the strings its packed fields point at (none for a plain table). */
export function unpackTable(json: string, texts?: string[]): AppManifest {
  function numbers(kind: string, b64: string): Int16Array | Int32Array {
    const bytes = Buffer.from(b64, 'base64')
    // A copy at offset 0: Buffer.from may hand out a slice of a shared pool, not aligned for the view.
    const copy = new Uint8Array(bytes.length)
    copy.set(bytes)
    return kind === 'i16' ? new Int16Array(copy.buffer) : new Int32Array(copy.buffer)
  }

  function lines(text: string, nulls: number[] | undefined): (string | null)[] {
    const out: (string | null)[] = text.split('\n')
    if (nulls) for (let i = 0; i < nulls.length; i++) out[nulls[i]] = null
    return out
  }

  const t: any = JSON.parse(json)
  for (const k in t) {
    const v = t[k]
    if (v === null || typeof v !== 'object' || typeof v.$ !== 'string') continue
    const text = texts && texts[v.at]
    if (typeof text !== 'string') throw new Error(`tresty: embedded route table: no text ${v.at} for ${k}`)
    if (v.$ === 'i16' || v.$ === 'i32') t[k] = numbers(v.$, text)
    else if (v.$ === 'lines') t[k] = lines(text, v.nulls)
    else throw new Error(`tresty: embedded route table: unknown packing ${v.$} for ${k}`)
  }
  return t as AppManifest
}
