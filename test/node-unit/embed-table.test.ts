/** The string literal the build embeds the route table in (src/node/bundler/embed-table.ts) reads back as the same text. */
import { describe, expect, it } from 'vitest'
import { runInNewContext } from 'node:vm'
import { embedRouteTable, packField, packTable, singleQuoted, EMBEDDED_TABLE_VAR, EMBEDDED_TEXTS_VAR } from '../../src/node/bundler/embed-table.ts'
import { unpackTable } from '../../src/njs/embedded-table.ts'
import { linesArray, toLines } from '../../src/shared/lines.ts'
import { dictArray, dictAt, toDict } from '../../src/shared/dict.ts'

describe('singleQuoted', () => {
  it('reads back as the same string', () => {
    for (const text of ['', "it's", 'a\nb\r\nc', 'back\\slash', '"json"', '\u2028\u2029', 'é ü 漢 😀', "\\'", JSON.stringify({ re: '^(?:\\d+)$', q: "'", nl: '\n' })]) {
      expect(runInNewContext(singleQuoted(text))).toBe(text)
    }
  })

  it('puts the table first in the module, as one declaration', () => {
    const table: any = { app: 0, rpath: ["/it's/:id{\\d+}"], rmethod: ['GET'] }
    const code = embedRouteTable('export default 1;\n', table)
    expect(code.startsWith(`var ${EMBEDDED_TABLE_VAR} = '`)).toBe(true)
    const line = code.split('\n')[0]
    expect(JSON.parse(runInNewContext(line + ` ${EMBEDDED_TABLE_VAR}`))).toEqual(table)
  })
})

/** A decoded table with its typed arrays as plain ones, for comparing with the original. */
function plain(t: any): any {
  const out: any = {}
  for (const k in t) {
    const v = t[k]
    out[k] = ArrayBuffer.isView(v) ? Array.from(v as Int32Array)
      : v && typeof v === 'object' && ArrayBuffer.isView(v.at) ? { ...v, at: Array.from(v.at as Int32Array) } : v
  }
  return out
}

describe('the packed table (src/shared/packed-table.ts)', () => {
  const n = 40
  const paths = Array.from({ length: n }, (_, i) => i === 3 ? '' : `/it's/${i}/:id{\\d+}/é😀`)
  const big: any = {
    app: 1, chars: 99, logHooks: 0, guards: ['', '/admin'], statsTick: false, nodes: n,
    small: [1, 2, 3],
    litNodes: Array.from({ length: n }, (_, i) => i * 7 - 1),
    endRoutes: Array.from({ length: n }, (_, i) => i === 5 ? 70000 : i),
    rpath: toLines(paths),
    fewLines: toLines(['a', 'b']),
    pre: toDict(Array.from({ length: n }, (_, i) => i % 3 ? null : '\\d+')),
    methods: toDict(Array.from({ length: n }, (_, i) => i === 0 ? null : 'GET,POST')),
    fewDict: toDict(['a', null]),
    strings: Array.from({ length: n }, (_, i) => i === 7 ? 'a\nb' : 'x'),
    mixed: Array.from({ length: n }, (_, i) => i % 2 ? 'x' : i),
    floats: Array.from({ length: n }, (_, i) => i + 0.5),
  }

  it('packs numbers as 16- or 32-bit, Lines as text and offsets, Dicts\' indices as numbers, leaves the rest', () => {
    const { data: p, texts }: any = packTable(big)
    expect(p.litNodes.$).toBe('i16')
    expect(p.endRoutes.$).toBe('i32')
    expect(p.rpath).toMatchObject({ $: 'lines' })
    expect(texts[p.rpath.text]).toBe(paths.join(''))
    expect(p.pre).toEqual({ $: 'dict', at: p.pre.at, values: ['\\d+', null] })
    expect(p.methods).toEqual({ $: 'dict', at: p.methods.at, values: [null, 'GET,POST'] })
    for (const k of ['small', 'fewLines', 'fewDict', 'strings', 'mixed', 'floats', 'guards']) expect(p[k]).toEqual(big[k])
    expect(packField([], [])).toEqual([])
    // keyed lookups (the njs engine's preloaded copy) never go into the embedded one
    expect(packTable({ ...big, lit: { '0/a': 1 }, end: { '1 GET': 0 }, pathList: ['/a'], methodList: ['GET'], preList: [null], nameList: ['id'] }).data).toEqual(p)
    // the big strings are outside the JSON
    expect(JSON.stringify(p)).not.toContain("/it's/4")
  })

  it('packs a Dict of more distinct values than 16 bits index with 32-bit indices', () => {
    const many = Array.from({ length: 40000 }, (_, i) => 'k' + i)
    const texts: string[] = []
    const p: any = packField(toDict(many), texts)
    expect(p).toMatchObject({ $: 'dict', wide: true })
    expect(dictArray((unpackTable(JSON.stringify({ many: p }), texts) as any).many)).toEqual(many)
  })

  it('reads back (njs code, run here under Node) as the same table, numbers as typed arrays', () => {
    const code = embedRouteTable('', big)
    const lines = code.split('\n')
    expect(lines[1].startsWith(`var ${EMBEDDED_TEXTS_VAR} = ['`)).toBe(true)
    const [text, texts] = runInNewContext(lines[0] + lines[1] + ` [${EMBEDDED_TABLE_VAR}, ${EMBEDDED_TEXTS_VAR}]`)
    const t: any = unpackTable(text, texts)
    expect(t.litNodes).toBeInstanceOf(Int16Array)
    expect(t.endRoutes).toBeInstanceOf(Int32Array)
    expect(t.rpath.at).toBeInstanceOf(Int32Array)
    expect(plain(t)).toEqual(big)
    expect(linesArray(t.rpath)).toEqual(paths)
    expect(t.methods.at).toBeInstanceOf(Int16Array)
    expect(dictAt(t.methods, 0)).toBe(null)
    expect(dictAt(t.methods, 1)).toBe('GET,POST')
    // the unpacked form of a plain JSON table is the table
    expect(unpackTable(JSON.stringify(big))).toEqual(big)
    // a packed field without its text is an error, not a silently broken router
    expect(() => unpackTable(text, [])).toThrow(/no text/)
  })

  it('TRESTY_PACK_ROUTES=0 embeds the plain JSON', () => {
    process.env.TRESTY_PACK_ROUTES = '0'
    try {
      const line = embedRouteTable('', big).split('\n')[0]
      expect(JSON.parse(runInNewContext(line + ` ${EMBEDDED_TABLE_VAR}`))).toEqual(big)
    } finally { delete process.env.TRESTY_PACK_ROUTES }
  })
})
