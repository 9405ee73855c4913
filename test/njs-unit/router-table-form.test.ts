/**
 * The route table's two forms (src/shared/manifest.ts): a router built by `add()` keeps keyed
 * objects; `table()` writes arrays only (sorted keys searched by bisection), and a router on
 * that table must route exactly like the router it came from — same route, index, captures,
 * params, Allow and misses — on a corpus that includes Losty's documented routing table.
 */
import { describe, expect, it } from 'vitest'
import { createRouter, treeToTable, METHODS, type RouteTable, type RouteTree } from '../../src/njs/router/router.ts'
import { withKeyedLookups } from '../../src/shared/manifest.ts'
import { lineAt, lineCount, linesArray, type Lines } from '../../src/shared/lines.ts'
import { dictAt, dictArray, dictSize, type Dict } from '../../src/shared/dict.ts'

/** Losty's documented example (README "Routing"), then groups, patterns and awkward literals. */
const CORPUS: [string, string][] = [
  ['GET', '/page/:[a-z]+'], ['GET', '/page/:.*'], ['GET', '/page/:\\d+'], ['GET', '/page/near'],
  ['GET', '/:p([a-z]+)/:\\d(\\d)'], ['POST', '/page/near'], ['*', '/any/:x'],
  ['GET', '/'], ['POST', '/'], ['GET', '/num/:id{\\d+}'], ['DELETE', '/num/:id{\\d+}'], ['GET', '/num/:slug'],
  ['GET', '/api/v1/users'], ['POST', '/api/v1/users'], ['GET', '/api/v1/users/:id'], ['PUT', '/api/v1/users/:id'],
  ['GET', '/api/v2/users/:id/posts/:post'], ['HEAD', '/only-head'], ['OPTIONS', '/api/v1/users'],
  // literals whose order differs between numbers, case, UTF-16 code units and prototype names
  ['GET', '/9'], ['GET', '/10'], ['GET', '/a'], ['GET', '/B'], ['GET', '/é'], ['GET', '/\u{1F600}'], ['GET', '/\uFFFD'],
  ['GET', '/__proto__'], ['GET', '/constructor/toString'], ['GET', '/hasOwnProperty'], ['GET', '/a b/c~d'],
  ['GET', '/x//y'], ['GET', '/1/2'], ['GET', '/1 GET'],
]

/** Generated resources, so the sorted arrays are long (bisection over hundreds of keys). */
for (let i = 0; i < 300; i++) {
  CORPUS.push(['GET', `/res${i}`], ['POST', `/res${i}`], ['GET', `/res${i}/:id`], ['DELETE', `/res${i}/:id{\\d+}`])
}

const PATHS = [
  '/', '/page/near', '/page/last', '/page/123', '/past/56', '/page/', '/any/1', '/num/42', '/num/abc', '/nothing',
  '/api/v1/users', '/api/v1/users/7', '/api/v1/users/7/', '/api/v2/users/1/posts/2', '/api/v2/users/1/posts',
  '/only-head', '/9', '/10', '/a', '/B', '/b', '/é', '/\u{1F600}', '/\uFFFD', '/__proto__', '/constructor',
  '/constructor/toString', '/hasOwnProperty', '/toString', '/a b/c~d', '/x//y', '/x/y', '/1/2', '/1', '/1 GET',
  '/res0', '/res17', '/res299', '/res300', '/res12/5', '/res12/abc', '/res299/', '/res1/2/3', '//', '/page//x',
]

function keyedRouter(): ReturnType<typeof createRouter<string>> {
  const r = createRouter<string>()
  for (const [m, p] of CORPUS) r.add(m, p, `${m} ${p}`)
  return r
}

/** What nginx preloads or the bundle embeds: the table as JSON. */
const roundTrip = (t: RouteTable): RouteTable => JSON.parse(JSON.stringify(t))

/** A match as plain data (the value comes from valueAt on the table router). */
function shape(m: ReturnType<ReturnType<typeof createRouter<string>>['match']>) {
  if (m === null) return null
  if (m.route === null) return { allow: m.allow }
  return { path: m.route.path, value: m.route.value, index: (m as any).index, match: m.match, params: { ...m.params } }
}

describe('the route table form', () => {
  const keyed = keyedRouter()
  const table = roundTrip(keyed.table())
  const onTable = createRouter<string>(table, (i) => `${dictAt(table.rmethod, i)} ${lineAt(table.rpath, i)}`)

  it('holds no keyed objects: every field is a number, Lines, a Dict, or an array of numbers', () => {
    for (const [k, v] of Object.entries(table)) {
      if (k === 'nodes') expect(typeof v).toBe('number')
      else if (k === 'litKeys' || k === 'endKeys' || k === 'rpath') {
        const lines = v as Lines
        expect(typeof lines.text, k).toBe('string')
        expect(lines.at[0], k).toBe(0)
        expect(lines.at[lineCount(lines)], k).toBe(lines.text.length)
      } else if (k === 'methods' || k === 'pseg' || k === 'pname' || k === 'pre' || k === 'rmethod') {
        const d = v as Dict
        for (const x of d.values) expect(x === null || typeof x === 'string', k).toBe(true)
        for (let i = 0; i < dictSize(d); i++) expect(d.at[i] >= 0 && d.at[i] < d.values.length, k).toBe(true)
      } else {
        expect(Array.isArray(v), k).toBe(true)
        for (const x of v as unknown[]) expect(typeof x === 'number', k).toBe(true)
      }
    }
    expect(dictSize(table.methods)).toBe(table.nodes)
    expect(dictArray(table.rmethod)).toEqual(keyed.routes().map((r) => r.method))
    expect(dictArray(table.pre)).toContain(null)
    expect(table.pfirst.length).toBe(table.nodes)
  })

  it('keeps its keys sorted as `<` orders strings, values parallel', () => {
    for (const [lines, values] of [[table.litKeys, table.litNodes], [table.endKeys, table.endRoutes]] as [Lines, number[]][]) {
      const keys = linesArray(lines)
      expect(values.length).toBe(keys.length)
      for (let i = 1; i < keys.length; i++) expect(keys[i - 1] < keys[i]).toBe(true)
    }
    expect(lineCount(table.endKeys)).toBe(CORPUS.length)
    expect(linesArray(table.rpath)).toEqual(keyed.routes().map((r) => r.route.path))
  })

  it('routes every method and path as the keyed router does', () => {
    let found = 0
    for (const p of PATHS) {
      for (const m of [...METHODS, 'PROPFIND']) {
        const a = shape(keyed.match(m, p)), b = shape(onTable.match(m, p))
        expect(b, `${m} ${p}`).toEqual(a)
        if (a && 'path' in a) found++
      }
    }
    expect(found).toBeGreaterThan(50)
  })

  it('routes the same with per-node keyed lookups (QuickJS, where the router outlives a request), before and after keying', () => {
    const perNode = createRouter<string>(table, (i) => `${dictAt(table.rmethod, i)} ${lineAt(table.rpath, i)}`, true)
    // the first rounds search, later ones read keyed children (a node is keyed on its 8th visit)
    for (let round = 0; round < 10; round++) {
      for (const p of PATHS) {
        for (const m of [...METHODS, 'PROPFIND']) expect(shape(perNode.match(m, p)), `${m} ${p}`).toEqual(shape(keyed.match(m, p)))
      }
    }
  })

  it('routes the same on the keyed lookups of the file the njs engine preloads (withKeyedLookups)', () => {
    const preloaded = roundTrip(withKeyedLookups(table))
    expect(preloaded.pathList).toEqual(linesArray(table.rpath))
    expect(preloaded.methodList).toEqual(dictArray(table.rmethod))
    expect(preloaded.preList).toEqual(dictArray(table.pre))
    expect(preloaded.nameList).toEqual(dictArray(table.pname))
    expect(Object.keys(preloaded.lit!).length).toBe(lineCount(table.litKeys))
    const onKeys = createRouter<string>(preloaded, (i) => `${dictAt(table.rmethod, i)} ${lineAt(table.rpath, i)}`)
    for (const p of PATHS) {
      for (const m of [...METHODS, 'PROPFIND']) expect(shape(onKeys.match(m, p)), `${m} ${p}`).toEqual(shape(keyed.match(m, p)))
    }
  })

  it('find() leaves the details on the router: params and captures only when a pattern matched', () => {
    const k = onTable.find('GET', '/api/v1/users/7')
    expect(onTable.routeAt(k).path).toBe('/api/v1/users/:id')
    expect(onTable.params).toEqual({ id: '7' })
    expect(onTable.captures).toEqual(['7'])
    expect(onTable.find('GET', '/api/v1/users')).toBeGreaterThanOrEqual(0)
    expect(onTable.params).toBeNull()
    expect(onTable.captures).toBeNull()
    expect(onTable.find('PATCH', '/api/v1/users')).toBe(-2)
    expect(onTable.allow).toBe('GET, HEAD, POST, OPTIONS')
    expect(onTable.find('GET', '/nothing/here')).toBe(-1)
  })

  it('finds every declared route by its own path', () => {
    for (let i = 0; i < CORPUS.length; i++) {
      const [m, p] = CORPUS[i]
      if (p.includes(':')) continue
      const hit = onTable.match(m === '*' ? 'GET' : m, p) as any
      expect(hit.index, `${m} ${p}`).toBe(i)
    }
  })

  it('is the table itself for a router on one, a fresh conversion for a built one', () => {
    expect(onTable.table()).toBe(table)
    expect(keyed.table()).not.toBe(keyed.table())
    expect(keyed.table()).toEqual(table)
    expect(() => onTable.add('GET', '/new', 'x')).toThrow(/no new routes/)
  })

  it('converts an empty router', () => {
    const t = treeToTable({ nodes: 1, lit: {}, end: {}, methods: {}, pfirst: {}, pnext: [], pseg: [], pname: [], pre: [], pnode: [], rmethod: [], rpath: [] } as RouteTree)
    expect(t).toMatchObject({ nodes: 1, litKeys: { text: '', at: [0] }, endKeys: { text: '', at: [0] }, rpath: { text: '', at: [0] }, methods: { values: [null], at: [0] }, rmethod: { values: [], at: [] }, pfirst: [-1] })
    expect(createRouter<string>(t, () => 'x').match('GET', '/')).toBeNull()
  })
})
