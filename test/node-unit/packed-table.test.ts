/** The route table as the bundle carries it for QuickJS (src/shared/packed-table.ts): string arrays packed into strings, read back unchanged. */
import { describe, expect, it } from 'vitest'
import { packTable, unpackTable } from '../../src/shared/packed-table.ts'
import { createRouter } from '../../src/njs/router/router.ts'

const roundTrip = (t: object) => unpackTable(JSON.parse(JSON.stringify(packTable(t))))

describe('packTable / unpackTable', () => {
  it('packs arrays of strings and nulls, leaves numbers, empty arrays and the rest as they are', () => {
    const t = { app: 0, nodes: 3, rpath: ['/a', '/b/:id', '/é/😀'], pname: [null, 'id', ''], pfirst: [-1, 0, -1], none: [], guards: ['', '/admin'], statsTick: false }
    const packed: any = packTable(t)
    expect(Object.keys(packed.packed).sort()).toEqual(['guards', 'pname', 'rpath'])
    expect(packed.pfirst).toEqual([-1, 0, -1])
    expect(roundTrip(t)).toEqual(t)
  })

  it('leaves an array alone when an element holds the separator or the null mark', () => {
    const t = { a: ['x\ny', 'z'], b: ['\u0000', null], c: ['ok'] }
    const packed: any = packTable(t)
    expect(packed.a).toEqual(t.a)
    expect(packed.b).toEqual(t.b)
    expect(Object.keys(packed.packed)).toEqual(['c'])
    expect(roundTrip(t)).toEqual(t)
  })

  it('reads back a router\'s table that routes as before', () => {
    const r = createRouter<string>()
    for (const [m, p] of [['GET', '/page/:[a-z]+'], ['GET', '/page/near'], ['POST', '/page/near'], ['*', '/any/:x'], ['GET', '/n/:id{\\d+}']]) r.add(m, p, p)
    const t = r.table()
    const back = roundTrip(t)
    expect(back).toEqual(t)
    const onTable = createRouter<string>(back, (i) => back.rpath[i])
    expect(onTable.match('PUT', '/page/near')).toEqual({ route: null, allow: 'GET, HEAD, POST' })
    expect((onTable.match('GET', '/n/42') as any).params).toEqual({ id: '42' })
  })

  it('returns a table without packed arrays as it is (app.routes.json, older bundles)', () => {
    const t = { rpath: [1, 2] }
    expect(unpackTable(t)).toBe(t)
  })
})
