/**
 * Compiles route declarations at build time (a Babel pass over each module).
 *
 * On the njs engine a module's top level runs again for every request, so each
 * `a.get('/x', h)` costs every request; on QuickJS every new context pays it. This pass turns
 * each maximal run of consecutive top-level statements
 *
 *     a.get('/users', list)
 *     a.post('/users', create)
 *
 on the app (`const a = app()`, `app` imported from 'tresty') or its groups
 * (`const g = a.route(...)`) into ONE call
 *
 *     a._compiled(routesOf, start, 2, 12, [a], function (i) {
 *       switch (i) { case 0: return ['GET', '/users', 0, list]; case 1: return ['POST', '/users', 0, create] }
 *     })
 *
 * (0: the route's group, an index into the array of the run's groups)
 *
 * whose handler expressions are evaluated when a route of the run first matches (see
 * docs/request-path.md). The methods and paths also go into one JSON string per module,
 * parsed once by `routesOf()` where the app needs them (QuickJS, or no preloaded table).
 * A declaration with a non-literal path, a spread, no or too many handlers, or not at the top
 * level stays as it is (and still works); `use(...)` or any other statement ends a run.
 */
import type * as BabelTypes from '@babel/types'

/** @babel/core ships no types; what this pass uses of its paths. */
type NodePath<T = BabelTypes.Node> = any & { node: T }
type PluginObj = { name: string; visitor: Record<string, unknown> }

const VERBS: Record<string, string> = {
  get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE', head: 'HEAD', options: 'OPTIONS', all: '*',
}

/** As in src/njs/app.ts: more handlers than this make a declaration throw. */
const MAX_HANDLERS = 12

/** Most cases in one pick function (see pickFunction). */
const CASES_PER_FUNCTION = 64

/**
 * Most cases in one `switch` level (see nestedSwitch): both engines test a switch's cases one
 * after the other, so a flat switch over 625 chunks cost the njs engine ~31,000 instructions on
 * every request to reach the middle one.
 */
const SWITCH_WIDTH = 32

/** Routes per string of a run's table of handler indices (see tablePick): one is parsed per first match. */
const ROUTES_PER_STRING = 16

/**
 * The helper a module with handler-index tables gets (once): entry `j` of the newline-separated
 * JSON entries `s` — `[method, path, group, ...handler indices]`, or 0 for a route with its own
 * case — with each index replaced by `h(index)`, the handler expression evaluated now.
 */
const PICK_ENTRY = `function NAME(s, j, h) {
  var from = 0
  for (; j > 0; j--) from = s.indexOf('\\n', from) + 1
  var to = s.indexOf('\\n', from)
  var r = JSON.parse(to < 0 ? s.slice(from) : s.slice(from, to))
  if (r === 0) return null
  for (var k = 3; k < r.length; k++) r[k] = h(r[k])
  return r
}`

/** A declaration the pass left as it was, and why. */
export interface Uncompiled { file: string; line: number; code: string; reason: string }

interface Decl { receiver: string; method: string; path: string; handlers: BabelTypes.Expression[] }

/** The Babel plugin; `uncompiled` collects what it left as it was. */
export function compileRoutesPlugin(uncompiled: Uncompiled[]) {
  return ({ types: t, template }: { types: typeof BabelTypes; template: any }): PluginObj => {
    /**
     * The names the generated pick functions use for their own variables: unique in the module
     * (set per file), since handler expressions moved inside those functions must still see the
     * user's own `i` or `s`.
     */
    let local = { i: 'i', s: 's', r: 'r', c: 'c', g: 'g' }

    /** The literal path of a declaration, or null. */
    function literal(node: BabelTypes.Node | undefined): string | null {
      if (!node) return null
      if (t.isStringLiteral(node)) return node.value
      if (t.isTemplateLiteral(node) && node.expressions.length === 0) return node.quasis[0].value.cooked ?? null
      return null
    }

    /** A top-level `await` (outside any function) cannot move into the pick function. */
    function hasAwait(node: any): boolean {
      if (!node || typeof node.type !== 'string') return false
      if (t.isAwaitExpression(node) || t.isYieldExpression(node)) return true
      if (t.isFunction(node)) return false
      for (const key of t.VISITOR_KEYS[node.type] ?? []) {
        const v = node[key]
        if (Array.isArray(v) ? v.some(hasAwait) : hasAwait(v)) return true
      }
      return false
    }

    /** `x.verb(...)` on a tracked variable: the receiver and verb, else null. */
    function verbCall(node: BabelTypes.Node | null | undefined, tracked: Set<string>): { receiver: string; verb: string } | null {
      if (!t.isCallExpression(node) || !t.isMemberExpression(node.callee) || node.callee.computed) return null
      const { object, property } = node.callee
      if (!t.isIdentifier(object) || !t.isIdentifier(property) || !tracked.has(object.name)) return null
      if (!Object.prototype.hasOwnProperty.call(VERBS, property.name)) return null
      return { receiver: object.name, verb: property.name }
    }

    /** Why a declaration cannot be compiled, or its parts. */
    function analyse(call: BabelTypes.CallExpression, receiver: string, verb: string): Decl | string {
      const [first, ...rest] = call.arguments
      const path = literal(first)
      if (path === null) return 'the path is not a string literal'
      if (rest.length === 0) return 'no handler'
      if (rest.length > MAX_HANDLERS) return `more than ${MAX_HANDLERS} handlers`
      for (const h of rest) {
        if (!t.isExpression(h)) return 'a spread or placeholder argument'
        if (hasAwait(h)) return 'a handler expression uses await/yield'
      }
      return { receiver, method: VERBS[verb], path, handlers: rest as BabelTypes.Expression[] }
    }

    /**
     * `switch (index) { case key: body … }` for cases with non-negative integer keys, nested in
     * levels of at most SWITCH_WIDTH cases past that many, so finding a case takes a few dozen
     * tests, not thousands:
     *
     *     switch ((i - i % 32) / 32) { case 0: switch (i) { case 0: … case 31: … } break; case 1: … }
     *
     * (`(i - i % n) / n` is the group of i without relying on bit operators' 32-bit range.)
     */
    function nestedSwitch(index: () => BabelTypes.Expression, cases: { key: number; body: BabelTypes.Statement[] }[], span?: number): BabelTypes.SwitchStatement {
      if (span === undefined) {
        span = 1
        const max = Math.max(0, ...cases.map((c) => c.key))
        while (max / span >= SWITCH_WIDTH) span *= SWITCH_WIDTH
      }
      if (span === 1) return t.switchStatement(index(), cases.map((c) => t.switchCase(t.numericLiteral(c.key), c.body)))
      const groups = new Map<number, typeof cases>()
      for (const c of cases) {
        const g = Math.floor(c.key / span)
        if (!groups.has(g)) groups.set(g, [])
        groups.get(g)!.push(c)
      }
      const inner = span / SWITCH_WIDTH
      const disc = t.binaryExpression('/', t.binaryExpression('-', index(), t.binaryExpression('%', index(), t.numericLiteral(span))), t.numericLiteral(span))
      return t.switchStatement(disc, [...groups].map(([g, cs]) => t.switchCase(t.numericLiteral(g), [nestedSwitch(index, cs, inner), t.breakStatement()])))
    }

    /**
     * `function (i) { switch (i) { … } }`, in two levels past CASES_PER_FUNCTION: the njs engine
     * gives a function one frame for all its temporaries, and a switch of thousands of array
     * literals overflows its stack. An inner function is made only when its branch runs.
     */
    function pickFunction(cases: BabelTypes.SwitchCase[]): BabelTypes.FunctionExpression {
      const i = () => t.identifier(local.i)
      const fn = (disc: BabelTypes.Expression, body: BabelTypes.SwitchCase[]) =>
        t.functionExpression(null, [i()], t.blockStatement([t.switchStatement(disc, body)]))
      if (cases.length <= CASES_PER_FUNCTION) return fn(i(), cases)
      const outer: { key: number; body: BabelTypes.Statement[] }[] = []
      for (let from = 0; from < cases.length; from += CASES_PER_FUNCTION) {
        const inner = fn(i(), cases.slice(from, from + CASES_PER_FUNCTION))
        outer.push({ key: from / CASES_PER_FUNCTION, body: [t.returnStatement(t.callExpression(inner, [i()]))] })
      }
      return groupedFunction(i, outer)
    }

    /** `function (i) { var g = (i - i % N) / N; switch (g) … }` over `outer`, cases by group g of CASES_PER_FUNCTION (nested past SWITCH_WIDTH groups). */
    function groupedFunction(i: () => BabelTypes.Identifier, outer: { key: number; body: BabelTypes.Statement[] }[]): BabelTypes.FunctionExpression {
      const g = () => t.identifier(local.g)
      const group = t.binaryExpression('/', t.binaryExpression('-', i(), t.binaryExpression('%', i(), t.numericLiteral(CASES_PER_FUNCTION))), t.numericLiteral(CASES_PER_FUNCTION))
      return t.functionExpression(null, [i()], t.blockStatement([
        t.variableDeclaration('var', [t.variableDeclarator(g(), group)]),
        nestedSwitch(g, outer),
      ]))
    }

    /**
     * An identifier or a member chain (`list`, `h.one`): the same value for every route that
     * names it (read at the moment it is evaluated), so it can be emitted once. Its text, or null.
     */
    function plainName(e: BabelTypes.Expression): string | null {
      if (t.isIdentifier(e)) return e.name
      if (t.isMemberExpression(e) && !e.computed && t.isIdentifier(e.property)) {
        const base = t.isExpression(e.object) ? plainName(e.object) : null
        return base === null ? null : base + '.' + e.property.name
      }
      return null
    }

    /** `function (i) { switch (i) { case n: return expr … } }` for sparse keys, in groups of CASES_PER_FUNCTION keys past that many. */
    function sparseSwitch(param: string, entries: { key: number; value: BabelTypes.Expression }[]): BabelTypes.FunctionExpression {
      const id = () => t.identifier(param)
      const fn = (disc: BabelTypes.Expression, body: BabelTypes.SwitchCase[]) =>
        t.functionExpression(null, [id()], t.blockStatement([t.switchStatement(disc, body)]))
      const cases = (es: typeof entries) => es.map((e) => t.switchCase(t.numericLiteral(e.key), [t.returnStatement(e.value)]))
      if (entries.length <= CASES_PER_FUNCTION) return fn(id(), cases(entries))
      const groups = new Map<number, typeof entries>()
      for (const e of entries) {
        const g = Math.floor(e.key / CASES_PER_FUNCTION)
        if (!groups.has(g)) groups.set(g, [])
        groups.get(g)!.push(e)
      }
      return groupedFunction(id, [...groups].map(([g, es]) => ({ key: g, body: [t.returnStatement(t.callExpression(fn(id(), cases(es)), [id()]))] })))
    }

    /**
     * The pick function of a run where some routes name only plain handlers (plainName): those
     * routes are data — `[method, path, group, ...indices]` in strings of ROUTES_PER_STRING
     * entries, indices into the run's distinct plain handlers, which `h(index)` evaluates when
     * the route first matches (as a case would) — and only the other routes keep a case:
     *
     *     function (i) {
     *       var s = null
     *       switch ((i - i % 16) / 16) { case 0: s = '["GET","/a",0,0]\n…'; break … }
     *       var r = s === null ? null : pickEntry(s, i % 16, function (k) { switch (k) { case 0: return list … } })
     *       return r !== null ? r : (function (i) { switch (i) { case 7: return ['GET', '/x', 0, make()] } })(i)
     *     }
     *
     * A `switch` of thousands of array literals costs QuickJS ~6 ms to load per fresh context
     * for 10,000 routes; the strings cost it next to nothing until one is read.
     */
    function tablePick(decls: Decl[], groupOf: number[], pickEntry: BabelTypes.Identifier, handlerParam: string): BabelTypes.FunctionExpression {
      const names: string[] = []
      const exprs: BabelTypes.Expression[] = []
      const inline: { key: number; value: BabelTypes.Expression }[] = []
      const strings: string[][] = []
      decls.forEach((d, i) => {
        const plain = d.handlers.map(plainName)
        let entry: string
        if (plain.every((n) => n !== null)) {
          const indices = plain.map((n, k) => {
            let at = names.indexOf(n!)
            if (at < 0) { at = names.push(n!) - 1; exprs.push(d.handlers[k]) }
            return at
          })
          entry = JSON.stringify([d.method, d.path, groupOf[i], ...indices])
        } else {
          entry = '0'
          inline.push({ key: i, value: t.arrayExpression([t.stringLiteral(d.method), t.stringLiteral(d.path), t.numericLiteral(groupOf[i]), ...d.handlers]) })
        }
        const chunk = Math.floor(i / ROUTES_PER_STRING)
        ;(strings[chunk] ||= []).push(entry)
      })
      const i = () => t.identifier(local.i)
      const s = () => t.identifier(local.s)
      const r = () => t.identifier(local.r)
      const chunkCases: { key: number; body: BabelTypes.Statement[] }[] = []
      strings.forEach((entries, chunk) => {
        if (entries.every((e) => e === '0')) return
        chunkCases.push({ key: chunk, body: [
          t.expressionStatement(t.assignmentExpression('=', s(), t.stringLiteral(entries.join('\n')))), t.breakStatement(),
        ] })
      })
      const handlers = sparseSwitch(handlerParam, exprs.map((value, key) => ({ key, value })))
      const c = () => t.identifier(local.c)
      const chunkOf = t.binaryExpression('/', t.binaryExpression('-', i(), t.binaryExpression('%', i(), t.numericLiteral(ROUTES_PER_STRING))), t.numericLiteral(ROUTES_PER_STRING))
      const body: BabelTypes.Statement[] = [
        t.variableDeclaration('var', [t.variableDeclarator(s(), t.nullLiteral()), t.variableDeclarator(c(), chunkOf)]),
        nestedSwitch(c, chunkCases),
        t.variableDeclaration('var', [t.variableDeclarator(r(), t.conditionalExpression(t.binaryExpression('===', s(), t.nullLiteral()), t.nullLiteral(),
          t.callExpression(pickEntry, [s(), t.binaryExpression('%', i(), t.numericLiteral(ROUTES_PER_STRING)), handlers])))]),
      ]
      body.push(t.returnStatement(inline.length === 0 ? r() :
        t.conditionalExpression(t.binaryExpression('!==', r(), t.nullLiteral()), r(), t.callExpression(sparseSwitch(local.i, inline), [i()]))))
      return t.functionExpression(null, [i()], t.blockStatement(body))
    }

    return {
      name: 'tresty-compile-routes',
      visitor: {
        Program(program: NodePath<BabelTypes.Program>, state: any) {
          local = { i: program.scope.generateUid('i'), s: program.scope.generateUid('s'), r: program.scope.generateUid('r'), c: program.scope.generateUid('c'), g: program.scope.generateUid('g') }
          const file = state.filename ?? '?'
          const body = program.get('body')
          const tracked = new Set<string>()
          // Apps: `const a = app(...)` with `app` imported from 'tresty'; groups: `const g = x.route(...)`.
          for (const st of body) {
            if (!st.isVariableDeclaration() || st.node.kind !== 'const') continue
            for (const d of st.node.declarations) {
              if (!t.isIdentifier(d.id) || !t.isCallExpression(d.init)) continue
              const callee = d.init.callee
              if (t.isIdentifier(callee)) {
                const binding = program.scope.getBinding(callee.name)
                const spec = binding?.path.node
                const decl = binding?.path.parent
                if (binding?.kind === 'module' && t.isImportSpecifier(spec) && t.isImportDeclaration(decl) && decl.source.value === 'tresty' &&
                  (t.isIdentifier(spec.imported) ? spec.imported.name : spec.imported.value) === 'app') tracked.add(d.id.name)
              } else if (t.isMemberExpression(callee) && !callee.computed && t.isIdentifier(callee.object) && tracked.has(callee.object.name) &&
                t.isIdentifier(callee.property) && callee.property.name === 'route') tracked.add(d.id.name)
            }
          }
          if (tracked.size === 0) return

          const list: (string | number)[] = []
          let run: { paths: NodePath[]; decls: Decl[] } | null = null
          let routesOf: BabelTypes.Identifier | null = null
          /** The module's PICK_ENTRY helper, once a run needs it; the parameter of its handler functions. */
          let pickEntry: BabelTypes.Identifier | null = null
          let handlerParam: string | null = null
          const flush = () => {
            if (!run) return
            const { paths, decls } = run
            run = null
            if (!routesOf) routesOf = program.scope.generateUidIdentifier('trestyRoutesOf')
            const start = list.length / 3
            const groups: string[] = []
            const groupOf: number[] = []
            let chars = 0
            const cases = decls.map((d, i) => {
              let g = groups.indexOf(d.receiver)
              if (g < 0) g = groups.push(d.receiver) - 1
              groupOf.push(g)
              list.push(d.method, d.path, g)
              chars += d.path.length
              return t.switchCase(t.numericLiteral(i), [t.returnStatement(t.arrayExpression([
                t.stringLiteral(d.method), t.stringLiteral(d.path), t.numericLiteral(g), ...d.handlers,
              ]))])
            })
            let pick: BabelTypes.FunctionExpression
            if (process.env.TRESTY_PICK_TABLES !== '0' && decls.some((d) => d.handlers.every((h) => plainName(h) !== null))) {
              if (!pickEntry) {
                pickEntry = program.scope.generateUidIdentifier('trestyPickEntry')
                handlerParam = program.scope.generateUidIdentifier('k').name
              }
              pick = tablePick(decls, groupOf, pickEntry!, handlerParam!)
            } else pick = pickFunction(cases)
            const call = t.callExpression(t.memberExpression(t.identifier(decls[0].receiver), t.identifier('_compiled')), [
              routesOf!, t.numericLiteral(start), t.numericLiteral(decls.length), t.numericLiteral(chars),
              t.arrayExpression(groups.map((g) => t.identifier(g))), pick,
            ])
            paths[0].replaceWith(t.expressionStatement(call))
            for (let i = 1; i < paths.length; i++) paths[i].remove()
          }
          const compiledCalls = new Set<BabelTypes.Node>()
          for (const st of body) {
            const expr = st.isExpressionStatement() ? st.node.expression : null
            const v = verbCall(expr, tracked)
            if (!v) { flush(); continue }
            const parts = analyse(expr as BabelTypes.CallExpression, v.receiver, v.verb)
            if (typeof parts === 'string') { flush(); continue }
            compiledCalls.add(expr!)
            if (!run) run = { paths: [], decls: [] }
            run.paths.push(st)
            run.decls.push(parts)
          }
          // What stays dynamic, and why (before the runs are rewritten, so lines are the source's).
          program.traverse({
            CallExpression(p: NodePath<BabelTypes.CallExpression>) {
              const v = verbCall(p.node, tracked)
              if (!v || compiledCalls.has(p.node)) return
              const topLevel = p.parentPath.isExpressionStatement() && p.parentPath.parentPath?.isProgram()
              const why = topLevel ? analyse(p.node, v.receiver, v.verb) : 'not a top-level statement'
              uncompiled.push({
                file, line: p.node.loc?.start.line ?? 0, code: `${v.receiver}.${v.verb}(…)`,
                reason: typeof why === 'string' ? why : 'not a top-level statement',
              })
            },
          })
          flush()
          if (!routesOf) return
          // One JSON string per module, parsed once per module instance (QuickJS keeps it per context).
          const cache = program.scope.generateUidIdentifier('trestyRoutes')
          program.unshiftContainer('body', [
            t.variableDeclaration('var', [t.variableDeclarator(cache, t.nullLiteral())]),
            t.functionDeclaration(routesOf, [], t.blockStatement([t.returnStatement(t.logicalExpression('||', cache,
              t.assignmentExpression('=', cache, t.callExpression(t.memberExpression(t.identifier('JSON'), t.identifier('parse')),
                [t.stringLiteral(JSON.stringify(list))]))))])),
          ])
          if (pickEntry) program.unshiftContainer('body', template.statement.ast(PICK_ENTRY.replace('NAME', (pickEntry as BabelTypes.Identifier).name)))
          program.scope.crawl()
        },
      },
    }
  }
}

/** The build's message for what stayed dynamic ('' when everything compiled). */
export function uncompiledReport(list: Uncompiled[], root: string): string {
  if (!list.length) return ''
  const lines = list.map((u) => `  ${u.file.startsWith(root + '/') ? u.file.slice(root.length + 1) : u.file}:${u.line} ${u.code}: ${u.reason}`)
  return `tresty: ${list.length} route declaration(s) not compiled (they still work, at a cost per request on the njs engine):\n${lines.join('\n')}`
}

/**
 * The pass as bundle.ts plugs it in: its Babel plugins (none when `TRESTY_COMPILE_ROUTES=0`,
 * which tests use to build the same app uncompiled) and what it left dynamic.
 */
export function routeCompiler(): { plugins: any[]; uncompiled: Uncompiled[] } {
  const uncompiled: Uncompiled[] = []
  return { plugins: process.env.TRESTY_COMPILE_ROUTES === '0' ? [] : [compileRoutesPlugin(uncompiled)], uncompiled }
}
