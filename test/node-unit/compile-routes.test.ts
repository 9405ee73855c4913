/** The build's compile-routes pass (src/node/bundler/compile-routes.ts) on its own, under Node. */
import { describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'
import { compileRoutesPlugin, type Uncompiled } from '../../src/node/bundler/compile-routes.ts'
import { app as realApp } from '../../src/njs/app.ts'

const babel = createRequire(import.meta.url)('@babel/core')

function compile(src: string): { code: string; uncompiled: Uncompiled[] } {
  const uncompiled: Uncompiled[] = []
  const out = babel.transformSync(src, { filename: 'app.js', babelrc: false, configFile: false, plugins: [compileRoutesPlugin(uncompiled)] })
  return { code: out.code, uncompiled }
}

/** Runs a module (its `import { app } from 'tresty'` swapped for the real one) and returns its app. */
function run(code: string): any {
  const body = code.replace(/import \{ app \} from 'tresty';?/, '').replace(/export default (\w+);?/, 'return $1;')
  return new Function('app', body)(realApp)
}

const APP = `import { app } from 'tresty'
const a = app()
const h = (name) => () => name
a.get('/', h('root'))
a.post('/users', h('create'), h('x'))
a.use(h('mw'))
a.get('/users/:id', h('user'))
const g = a.route('/api')
g.get('/items', h('items'))
a.all('/any', h('any'))
g.delete('/items/:id{\\\\d+}', h('del'))
for (let i = 0; i < 2; i++) a.get('/loop/' + i, h('loop'))
export default a
`

describe('compile-routes pass', () => {
  it('turns each run of literal declarations (app and groups) into one call', () => {
    const { code } = compile(APP)
    expect(code.match(/\._compiled\(/g)).toHaveLength(3)
    expect(code).toContain('a._compiled(_trestyRoutesOf, 0, 2, 7, [a], function (_i)')
    expect(code).toContain('a.use(h(\'mw\'))')
    expect(code).toContain('a._compiled(_trestyRoutesOf, 2, 1, 10, [a],')
    expect(code).toContain('g._compiled(_trestyRoutesOf, 3, 3, 25, [g, a],')
    expect(code).toContain('JSON.parse("[\\"GET\\",\\"/\\",0,\\"POST\\",\\"/users\\",0,')
    expect(code).toContain("a.get('/loop/' + i, h('loop'))")
  })

  it('says which declarations it left dynamic, and why', () => {
    const { uncompiled } = compile(`import { app as mk } from 'tresty'
const a = mk()
const p = '/x'
a.get(p, f)
a.get('/s', ...hs)
a.get('/none')
a.get('/many', f, f, f, f, f, f, f, f, f, f, f, f, f)
a.get('/wait', await load())
a.get('/fine', async () => await x)
if (on) a.get('/cond', f)
other.get('/not-an-app', f)
`)
    expect(uncompiled.map((u) => [u.line, u.code, u.reason])).toEqual([
      [4, 'a.get(…)', 'the path is not a string literal'],
      [5, 'a.get(…)', 'a spread or placeholder argument'],
      [6, 'a.get(…)', 'no handler'],
      [7, 'a.get(…)', 'more than 12 handlers'],
      [8, 'a.get(…)', 'a handler expression uses await/yield'],
      [10, 'a.get(…)', 'not a top-level statement'],
    ])
  })

  it('leaves modules without a tresty app alone', () => {
    const src = `import { app } from 'elsewhere'\nconst a = app()\na.get('/', f)\n`
    const { code, uncompiled } = compile(src)
    expect(code).not.toContain('_compiled')
    expect(uncompiled).toEqual([])
  })

  it('builds the same routes and manifest as the uncompiled module', () => {
    const compiled = run(compile(APP).code)
    const plain = run(APP)
    // The same table but for `app`, the app's ordinal in this VM (two apps here).
    expect({ ...compiled._manifest(), app: 0 }).toEqual({ ...plain._manifest(), app: 0 })
    for (const [method, path] of [['GET', '/'], ['POST', '/users'], ['GET', '/users/3'], ['GET', '/api/items'], ['PUT', '/any'], ['DELETE', '/api/items/4'], ['GET', '/loop/1'], ['DELETE', '/api/items'], ['GET', '/nope']]) {
      const c = compiled.router.match(method, path)
      const p = plain.router.match(method, path)
      expect(c && c.route ? c.route.value.map((f: any) => f()) : c).toEqual(p && p.route ? p.route.value.map((f: any) => f()) : p)
    }
  })

  it('evaluates handler expressions at first match, not at load', () => {
    const { code } = compile(`import { app } from 'tresty'
const a = app()
let seen = 0
a.get('/a', (seen++, () => 'a'))
a.get('/b', (seen++, () => 'b'))
a.seen = () => seen
export default a
`)
    const a = run(code)
    expect(a.seen()).toBe(0)
    expect(a.router.match('GET', '/b').route.value[0]()).toBe('b')
    expect(a.seen()).toBe(1)
  })
})

describe('compile-routes pass: long runs', () => {
  it('splits a long run\'s pick function into small ones (njs frame size) and picks every route right', () => {
    const lines = ["import { app } from 'tresty'", 'const a = app()', "const g = a.route('/g')"]
    for (let k = 0; k < 300; k++) lines.push(`${k % 3 ? 'g' : 'a'}.get('/r${k}', () => ${k})`)
    lines.push('export default a')
    const { code } = compile(lines.join('\n'))
    expect(code.match(/\._compiled\(/g)).toHaveLength(1)
    expect(code).toMatch(/var (_g\d*) = \((_i\d*) - \2 % 64\) \/ 64;\s*switch \(\1\)/)
    const a = run(code)
    for (const k of [0, 1, 63, 64, 65, 128, 200, 299]) {
      expect(a.router.match('GET', `${k % 3 ? '/g' : ''}/r${k}`).route.value[0]()).toBe(k)
    }
  })
})
