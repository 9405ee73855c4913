/**
 * The compile-routes pass's handler tables (src/node/bundler/compile-routes.ts, tablePick): routes
 * whose handlers are plain names (`list`, `h.one`) become data — indices into the run's distinct
 * names, evaluated at first match — and only routes with calls or inline functions keep a case.
 * Routing results must be those of the uncompiled module.
 */
import { describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'
import { compileRoutesPlugin, type Uncompiled } from '../../src/node/bundler/compile-routes.ts'
import { app as realApp } from '../../src/njs/app.ts'

const babel = createRequire(import.meta.url)('@babel/core')

function compile(src: string): string {
  const uncompiled: Uncompiled[] = []
  return babel.transformSync(src, { filename: 'app.js', babelrc: false, configFile: false, plugins: [compileRoutesPlugin(uncompiled)] }).code
}

/** Runs a module (its `import { app } from 'tresty'` swapped for the real one) and returns its app. */
function run(code: string): any {
  const body = code.replace(/import \{ app \} from 'tresty';?/, '').replace(/export default (\w+);?/, 'return $1;')
  return new Function('app', body)(realApp)
}

/** What each handler of a match answers, or the miss as it is. */
function answers(m: any): any {
  return m && m.route ? { path: m.route.path, params: m.params, out: m.route.value.map((f: any) => f()) } : m
}

const MIXED = `import { app } from 'tresty'
const a = app()
const h = { one: () => 'one', deep: { two: () => 'two' } }
function list() { return 'list' }
const make = (name) => () => name
const g = a.route('/g')
a.get('/', list)
a.post('/', list, h.one)
g.get('/one/:id', h.one)
a.get('/made', make('made'))
g.put('/deep', h.deep.two, list)
a.get('/inline', () => 'inline')
a.delete('/one/:id{\\\\d+}', h.one)
a.all('/"quoted"\\\\/\u2028', list)
export default a
`

const PROBES: [string, string][] = [
  ['GET', '/'], ['POST', '/'], ['HEAD', '/'], ['GET', '/g/one/7'], ['GET', '/made'], ['PUT', '/g/deep'], ['GET', '/inline'],
  ['DELETE', '/one/12'], ['DELETE', '/one/x'], ['PATCH', '/"quoted"\\\u2028'], ['GET', '/nope'], ['PUT', '/'],
]

describe('compile-routes pass: handler tables', () => {
  it('keeps cases only for routes with calls or inline functions, and names each plain handler once', () => {
    const code = compile(MIXED)
    expect(code.match(/\._compiled\(/g)).toHaveLength(1)
    expect(code).toContain('function _trestyPickEntry(s, j, h)')
    expect(code.match(/return list;/g)).toHaveLength(1)
    expect(code.match(/return h\.one;/g)).toHaveLength(1)
    expect(code.match(/return h\.deep\.two;/g)).toHaveLength(1)
    // the two routes with a call or a function expression keep a case each
    expect(code).toContain("make('made')")
    expect(code).toContain("() => 'inline'")
    expect(code.match(/case \d+:\s+return \[/g)).toHaveLength(2)
  })

  it('routes and picks as the uncompiled module does', () => {
    const compiled = run(compile(MIXED))
    const plain = run(MIXED)
    expect({ ...compiled._manifest(), app: 0 }).toEqual({ ...plain._manifest(), app: 0 })
    for (const [method, path] of PROBES) {
      expect(answers(compiled.router.match(method, path)), `${method} ${path}`).toEqual(answers(plain.router.match(method, path)))
    }
  })

  it('reads a plain handler at the route\'s first match (docs/request-path.md)', () => {
    const a = run(compile(`import { app } from 'tresty'
const a = app()
let lazy = () => 'at load'
a.get('/a', lazy)
a.get('/b', lazy)
lazy = () => 'at first match'
a.later = (f) => { lazy = f }
export default a
`))
    expect(a.router.match('GET', '/a').route.value[0]()).toBe('at first match')
    a.later(() => 'changed again')
    // /b had not matched yet: it reads the variable now; /a keeps what it read.
    expect(a.router.match('GET', '/b').route.value[0]()).toBe('changed again')
    expect(a.router.match('GET', '/a').route.value[0]()).toBe('at first match')
  })

  it('picks every route of a long run right (entries across strings, cases across groups)', () => {
    const lines = ["import { app } from 'tresty'", 'const a = app()', "const g = a.route('/g')", 'const h = { list: () => "list" }', 'const one = () => "one"']
    for (let k = 0; k < 300; k++) {
      const path = `${k % 3 ? 'g' : 'a'}.get('/r${k}', `
      lines.push(k % 7 === 0 ? `${path}() => ${k})` : k % 2 ? `${path}h.list, one)` : `${path}one)`)
    }
    lines.push('export default a')
    const source = lines.join('\n')
    const compiled = run(compile(source))
    const plain = run(source)
    for (let k = 0; k < 300; k++) {
      const path = `${k % 3 ? '/g' : ''}/r${k}`
      expect(answers(compiled.router.match('GET', path)), path).toEqual(answers(plain.router.match('GET', path)))
    }
  })

  it('nests long switches (at most 32 cases a level: both engines test cases one by one) and picks every route of 10,000 right', () => {
    const lines = ["import { app } from 'tresty'", 'const a = app()', 'const one = () => "one"']
    for (let k = 0; k < 10000; k++) lines.push(k % 1000 === 7 ? `a.get('/r${k}', () => ${k})` : `a.get('/r${k}', one)`)
    lines.push('export default a')
    const source = lines.join('\n')
    const code = compile(source)
    let widest = 0
    babel.traverse(babel.parseSync(code, { filename: 'app.js', babelrc: false, configFile: false }), {
      SwitchStatement(p: any) { widest = Math.max(widest, p.node.cases.length) },
    })
    expect(widest).toBeLessThanOrEqual(32)
    const compiled = run(code)
    const plain = run(source)
    for (const k of [0, 15, 16, 511, 512, 513, 4999, 5007, 7007, 9999]) {
      expect(answers(compiled.router.match('GET', `/r${k}`)), `/r${k}`).toEqual(answers(plain.router.match('GET', `/r${k}`)))
    }
  })

  it('names its own variables apart from the module\'s: handler expressions still see the user\'s i, s, r, c, g', () => {
    const lines = ["import { app } from 'tresty'", 'const a = app()', "const i = 'I', s = 'S', r = 'R', c = 'C', g = 'G', k = 'K'", 'const one = () => "one"']
    for (let n = 0; n < 200; n++) lines.push(n % 50 === 3 ? `a.get('/r${n}', () => i + s + r + c + g + k)` : `a.get('/r${n}', one)`)
    lines.push('export default a')
    const tables = run(compile(lines.join('\n')))
    expect(tables.router.match('GET', '/r103').route.value[0]()).toBe('ISRCGK')
    // the switch form too (no plain handlers)
    const inline = lines.map((l) => l.replace(', one)', ', () => i + s + r + c + g + k)'))
    const cases = run(compile(inline.join('\n')))
    for (const n of [0, 64, 150, 199]) expect(cases.router.match('GET', `/r${n}`).route.value[0]()).toBe('ISRCGK')
  })

  it('leaves a run without plain handlers in its switch form', () => {
    const code = compile(`import { app } from 'tresty'\nconst a = app()\na.get('/x', () => 1)\nexport default a\n`)
    expect(code).not.toContain('_trestyPickEntry')
    expect(code).toContain('return ["GET", "/x", 0, () => 1]')
  })
})
