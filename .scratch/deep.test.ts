import { describe, expect, it } from 'vitest'
import { parseDeepJson } from '../src/njs/body/deep-json.ts'
describe('deep', () => {
  it('matches JSON.parse', () => {
    const cases = ['1', ' "a\\u00e9\\n" ', '[]', '{}', '[1,[2,{"a":[true,false,null,-1.5e3]}]]', '{"__proto__":1,"b":{}}', '"x"']
    for (const c of cases) expect(parseDeepJson(c)).toEqual(JSON.parse(c))
    for (const bad of ['', '[1,]', '{"a":1,}', '{"a"}', '[1 2]', '01', '"\\x"', '[', ']', '{', '1 2', '"a', '{1:2}', '[}', '{]', 'nul', '"\u0001"']) expect(() => parseDeepJson(bad), bad).toThrow()
    const d = '['.repeat(1000) + ']'.repeat(1000)
    expect(JSON.stringify(parseDeepJson(d))).toBe(d)
    expect(() => parseDeepJson('['.repeat(1001) + ']'.repeat(1001))).toThrow(/nested deeper than 1000/)
    expect(parseDeepJson('{"a":'.repeat(500) + '1' + '}'.repeat(500))).toEqual(JSON.parse('{"a":'.repeat(500) + '1' + '}'.repeat(500)))
  })
})
