/** The string literal the build embeds the route table in (src/node/bundler/embed-table.ts) reads back as the same text. */
import { describe, expect, it } from 'vitest'
import { runInNewContext } from 'node:vm'
import { embedRouteTable, singleQuoted, EMBEDDED_TABLE_VAR } from '../../src/node/bundler/embed-table.ts'

describe('singleQuoted', () => {
  it('reads back as the same string', () => {
    for (const text of ['', "it's", 'back\\slash', '"json"', '\u2028\u2029', 'é ü 漢 😀', "\\'", JSON.stringify({ re: '^(?:\\d+)$', q: "'", nl: '\n' })]) {
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
