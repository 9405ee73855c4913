/**
 * The route table: a tree of `/`-separated segments.
 *
 * - Literal segments are looked up by key, so routing cost does not grow with the number
 *   of routes.
 * - A pattern segment starts with `:`. `:name` is a named parameter (any segment),
 *   `:name{regex}` a named parameter the regex must match, and anything else after `:` is
 *   an unnamed regular expression (Losty style: `:\d+`, `:p([a-z]+)`). The regex must match
 *   the whole segment and never matches `/`.
 * - At each level a literal child beats the patterns; patterns are tried in declaration
 *   order, and a branch that fails deeper falls back to the next candidate (backtracking),
 *   so matching is deterministic.
 * - `match` holds, per pattern segment in order, the whole segment then its capture groups.
 *
 * The tree is held flat, in a dozen objects and arrays of strings and numbers whatever the
 * number of routes (nodes are numbers; no object per node or route). That matters on both
 * engines: QuickJS pays per live object on every request (its garbage collector walks
 * them), and on the njs engine the build can hand the same data to nginx as a route table
 * it preloads once (`js_preload_object`, shared, immutable), which a router then uses as it
 * is — see `createRouter(table)`. Pattern regexes are compiled on first use.
 *
 * Two forms of that data (src/shared/manifest.ts): a router built by `add()` keeps literal
 * children and route ends in keyed objects (`RouteTree`: cheap to insert into); `table()`
 * writes them as sorted keys (`RouteTable`: cheap for QuickJS to parse, ~22 ms less per fresh
 * context for 10,000 routes), which a router on a table searches by bisection. The table's long
 * string lists (sorted keys, route paths) are Lines, one string each (src/shared/lines.ts), and
 * its short-valued ones (methods, pattern segments, names, regexes) Dicts, indices into a few
 * strings (src/shared/dict.ts): a string is read when a lookup needs it, and a fresh context
 * makes no value per entry.
 */

export interface Route<T> {
  /** The pattern as declared, e.g. `/users/:id`. */
  path: string
  value: T
}

import type { RouteTable, RouteTree } from '../../shared/manifest.ts'
import { lineAt, lineCount, toLines, type Lines } from '../../shared/lines.ts'
import { dictAt, dictSize, toDict } from '../../shared/dict.ts'
export type { RouteTable, RouteTree }

export interface RouteMatch<T> {
  route: Route<T>
  /** The route's index, in declaration order. */
  index: number
  match: string[]
  params: Record<string, string>
}

/** The path is known but not for this method: what `Allow` should say. */
export interface WrongMethod {
  route: null
  allow: string
}

/** What `segs` holds between matches (only ever read: no array allocated to let go of the last path's). */
const NO_SEGMENTS: string[] = []

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

/** Splits a path into segments; a trailing slash is ignored, `/` is no segments. */
export function splitPath(path: string): string[] {
  if (path === '/' || path === '') return []
  const parts = path.split('/')
  // parts[0] is the empty string before the leading slash
  const end = parts[parts.length - 1] === '' ? parts.length - 1 : parts.length
  return parts.slice(1, end)
}

function compile(source: string, segment: string): RegExp {
  try {
    return new RegExp('^(?:' + source + ')$')
  } catch (e) {
    throw new Error(`tresty: bad pattern segment "${segment}": ${(e as Error).message}`)
  }
}

/** What `find` answers when no route is found: the path is unknown, or known for other methods. */
export const NOT_FOUND = -1
export const WRONG_METHOD = -2

export interface Router<T> {
  add(method: string, path: string, value?: T): void
  /**
   * The route for method+path (found); `{ route: null, allow }` when the path is known but
   * not for this method; `null` for an unknown path. The app decides what to answer (404/405/501).
   */
  match(method: string, path: string): RouteMatch<T> | WrongMethod | null
  /**
   * `match` without the answer object (the request path's form): the route's index, NOT_FOUND
   * or WRONG_METHOD. The details stay on the router until the next call: `params` (null when
   * no named parameter matched) and `captures` (null when no pattern segment matched; frozen
   * when they come from the router's cache) of the route found, `allow` for a wrong method;
   * `routeAt(index)` is the route.
   */
  find(method: string, path: string): number
  params: Record<string, string> | null
  captures: string[] | null
  allow: string
  routeAt(index: number): Route<T>
  /** The path route `index` was declared with (its handlers are not picked). */
  pathAt(index: number): string
  /** The method route `index` was declared with. */
  methodAt(index: number): string
  /** Every registered route, in declaration order. */
  routes(): { method: string; route: Route<T> }[]
  /** The router as data, in the table form the build writes (the table itself for a router on one). */
  table(): RouteTable
}

function emptyTree(): RouteTree {
  return { nodes: 1, lit: {}, end: {}, methods: {}, pfirst: {}, pnext: [], pseg: [], pname: [], pre: [], pnode: [], rmethod: [], rpath: [] }
}

/** In `keys` (sorted as `<` orders strings), the value at `key`, or -1: ~14 compares for 10,000 keys. */
function search(keys: Lines, values: ArrayLike<number>, key: string): number {
  let lo = 0
  let hi = lineCount(keys) - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const k = lineAt(keys, mid)
    if (k === key) return values[mid]
    if (k < key) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

/** The first index in `keys` (sorted) whose key is not below `key`. */
function lowerBound(keys: Lines, key: string): number {
  let lo = 0
  let hi = lineCount(keys)
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (lineAt(keys, mid) < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The entries of sorted `keys` that start with `prefix`, by the rest of the key (keys sharing a
 * prefix sit together in sorted order). A null-prototype object: request segments such as
 * `constructor` or `__proto__` must find nothing.
 */
function entriesUnder(keys: Lines, values: ArrayLike<number>, prefix: string): Record<string, number> {
  const out: Record<string, number> = Object.create(null)
  const n = prefix.length
  const count = lineCount(keys)
  for (let i = lowerBound(keys, prefix); i < count; i++) {
    const key = lineAt(keys, i)
    if (key.slice(0, n) !== prefix) break
    out[key.slice(n)] = values[i]
  }
  return out
}

/**
 * A node's literal children become a keyed object on its 8th visit, not its first: a fresh
 * context (after a reload, beyond the pool, `js_context_reuse 0`) serving one request should not
 * key a node of thousands of children (~2 ms for 2,500) to read one of them.
 */
const KEY_AFTER_VISITS = 8

/**
 * Where a router lives on (QuickJS), it keeps the answers for the paths it routed last, by
 * method and path, so a repeated path skips the walk: ~25 interpreted operations (~3 µs on
 * QuickJS for `/json/:id`), against one keyed read and a copy of the parameters. Mojolicious
 * keeps the same kind of cache (500 keys). Found routes only (a flood of unknown paths never
 * fills it), paths of up to HOT_PATH_MAX characters, at most HOT_MAX of them: ~50 KiB a context
 * at most, emptied when full.
 */
const HOT_MAX = 256
const HOT_PATH_MAX = 128

/** Whether this runtime keeps a router between requests (QuickJS reuses contexts; the njs engine makes one per request). */
function contextsReused(): boolean {
  // (a global read: the Node side compiles this file too, without njs's types)
  const runtime = (globalThis as any).njs
  return typeof runtime === 'object' && runtime.engine === 'QuickJS'
}

/** A keyed object's entries as sorted keys and their values (the default sort orders as `<` does). */
function sortedEntries(o: Record<string, number>): { keys: Lines; values: number[] } {
  const keys = Object.keys(o).sort()
  const values: number[] = []
  for (let i = 0; i < keys.length; i++) values.push(o[keys[i]])
  return { keys: toLines(keys), values }
}

/** A router's keyed tree in the table form the build writes (Lines, Dicts and number arrays: no keyed object). */
export function treeToTable(t: RouteTree): RouteTable {
  const lit = sortedEntries(t.lit)
  const end = sortedEntries(t.end)
  const methods: (string | null)[] = []
  const pfirst: number[] = []
  for (let n = 0; n < t.nodes; n++) {
    methods.push(t.methods[n] === void 0 ? null : t.methods[n])
    pfirst.push(t.pfirst[n] === void 0 ? -1 : t.pfirst[n])
  }
  return {
    nodes: t.nodes, litKeys: lit.keys, litNodes: lit.values, endKeys: end.keys, endRoutes: end.values, methods: toDict(methods), pfirst,
    pnext: t.pnext, pseg: toDict(t.pseg), pname: toDict(t.pname), pre: toDict(t.pre), pnode: t.pnode, rmethod: toDict(t.rmethod), rpath: toLines(t.rpath),
  }
}

/**
 * A router. On `table` (a route table the build wrote, preloaded by nginx) it routes as it
 * is and takes no `add`. A route's value is `valueAt(index)` when given (asked for only
 * when the route matches), else the value passed to `add`.
 *
 * On a table, lookups are binary searches (~1.2 µs each on QuickJS for 100 keys, three per
 * request for `/json/:id`), the right thing where the router lives for one request (the njs
 * engine). Where it lives on (QuickJS reuses contexts; `perNode` forces it either way), a node's
 * route ends become a keyed object on its first visit and its literal children on its 8th: one
 * property read each after; and a path routed before is answered from a small cache (HOT_MAX).
 */
export function createRouter<T>(table?: RouteTable, valueAt?: (index: number) => T, perNode?: boolean): Router<T> {
  const fixed = !!table
  const t: RouteTable | RouteTree = table || emptyTree()
  /** The form routed on: `sorted` for a table, `keyed` for a router `add()` builds. */
  const sorted = table || null
  const keyed = table ? null : t as RouteTree
  /** Keyed lookups: a router's own tree, or the ones the njs engine's preloaded table carries. */
  const lookup: { lit: Record<string, number>; end: Record<string, number> } | null = keyed || (table && table.lit && table.end ? table as any : null)
  /** Where the router lives on a table: per node, its literal children by segment (keyed on the node's 8th visit) and its routes by method (on its first). */
  // Caches by node or route index are objects, not arrays: on the njs engine `array[4999] = x`
  // fills 5,000 slots (~30,000 instructions on every request of a 10,000-route app).
  // (a table with keyed lookups is the njs engine's, where nothing outlives the request: no global read there)
  const reused = perNode !== void 0 ? perNode : lookup !== null && keyed === null ? false : contextsReused()
  const kids: Record<number, Record<string, number>> | null = lookup === null && reused ? {} : null
  /**
   * The cache of answers (see HOT_MAX): per `method path`, [route index, parameter names,
   * their values, captures]. A handler may change q.params and q.match: the parameters are
   * copied at each hit, the captures are frozen and copied when read (most handlers never do).
   */
  let hot: Record<string, any[]> | null = reused ? Object.create(null) : null
  let hotSize = 0
  const ends: Record<number, Record<string, number>> = {}
  /** Visits of the nodes whose children are not keyed yet. */
  const visits: Record<number, number> = {}
  /** Pattern regex sources and parameter names as plain arrays where there are some: a router's own tree, or the lists of the njs engine's preloaded table. */
  const pres = keyed ? keyed.pre : sorted!.preList || null
  const names = keyed ? keyed.pname : sorted!.nameList || null
  const values: T[] = []
  const routeCache: Record<number, Route<T>> = {}
  /** Compiled pattern regexes by source: at declaration, or on first use for a table (made then: most matches need none). */
  let regexes: Record<string, RegExp> | null = null

  /** The methods of the routes ending at `node`, comma-separated, or null. */
  function methodsAt(node: number): string | null {
    if (sorted !== null) return dictAt(sorted.methods, node)
    const m = keyed!.methods[node]
    return m === void 0 ? null : m
  }

  // (each list read once into a local: on the njs engine every read into the preloaded table costs ~2,000 instructions)
  function methodAt(i: number): string {
    if (keyed) return keyed.rmethod[i]
    const list = sorted!.methodList
    return list ? list[i] : dictAt(sorted!.rmethod, i)!
  }

  function pathAt(i: number): string {
    if (keyed) return keyed.rpath[i]
    const list = sorted!.pathList
    return list ? list[i] : lineAt(sorted!.rpath, i)
  }

  function routeAt(i: number): Route<T> {
    return routeCache[i] || (routeCache[i] = { path: pathAt(i), value: valueAt ? valueAt(i) : values[i] })
  }

  function regex(j: number): RegExp {
    const src = (pres !== null ? pres[j] : dictAt(sorted!.pre, j))!
    const known = regexes || (regexes = Object.create(null) as Record<string, RegExp>)
    return known[src] || (known[src] = compile(src, (sorted !== null ? dictAt(sorted.pseg, j) : keyed!.pseg[j])!))
  }

  /** The child of `node` for pattern segment `seg`, added after its siblings if new. */
  function patternChild(node: number, seg: string): number {
    const tree = keyed!
    let j = tree.pfirst[node]
    let last = -1
    for (; j !== void 0 && j >= 0; j = tree.pnext[j]) {
      if (tree.pseg[j] === seg) return tree.pnode[j]
      last = j
    }
    const named = /^:([A-Za-z_$][\w$]*)(?:\{(.+)\})?$/.exec(seg)
    const k = tree.pseg.length
    tree.pseg.push(seg)
    tree.pname.push(named ? named[1] : null)
    tree.pre.push(named ? (named[2] || null) : seg.slice(1))
    tree.pnode.push(tree.nodes++)
    tree.pnext.push(-1)
    if (last < 0) tree.pfirst[node] = k
    else tree.pnext[last] = k
    if (tree.pre[k] !== null) regex(k)
    return tree.pnode[k]
  }

  function add(method: string, path: string, value?: T) {
    if (fixed) throw new Error('tresty: a router built on a route table takes no new routes')
    if (path.charAt(0) !== '/') throw new Error(`tresty: route path must start with "/": ${path}`)
    let node = 0
    const segments = splitPath(path)
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]
      if (seg.charAt(0) === ':') {
        node = patternChild(node, seg)
        continue
      }
      const key = node + '/' + seg
      const next = keyed!.lit[key]
      node = next !== void 0 ? next : (keyed!.lit[key] = t.nodes++)
    }
    const m = method.toUpperCase()
    const tree = keyed!
    if (tree.end[node + ' ' + m] !== void 0) throw new Error(`tresty: route ${m} ${path} is declared twice`)
    tree.end[node + ' ' + m] = tree.rmethod.length
    tree.methods[node] = tree.methods[node] ? tree.methods[node] + ',' + m : m
    tree.rmethod.push(m)
    tree.rpath.push(path)
    values.push(value as T)
    // a new route may answer a path the cache holds another answer for
    if (hotSize > 0) { hot = Object.create(null); hotSize = 0 }
  }

  // The match in progress (find() is synchronous): fewer arguments per walk() call.
  let segs: string[] = NO_SEGMENTS
  let last = 0
  let method = ''
  /** Made when a pattern segment matches (most literal routes need none). */
  let captured: string[] | null = null
  /** Made when a named parameter matches. */
  let params: Record<string, string> | null = null
  /** Nodes whose path matched but not the method, for the 405's Allow header. */
  let allowFrom: number[] | null = null

  /** `node`'s literal children keyed by segment, once it has been visited often enough; null before. */
  function keyKids(node: number): Record<string, number> | null {
    const v = visits[node] = (visits[node] || 0) + 1
    return v < KEY_AFTER_VISITS ? null : (kids![node] = entriesUnder(sorted!.litKeys, sorted!.litNodes, node + '/'))
  }

  /** The child of `node` for literal segment `seg`, or -1 (walk() reads keyed children itself). */
  function litChild(node: number, seg: string): number {
    if (lookup === null) return search(sorted!.litKeys, sorted!.litNodes, node + '/' + seg)
    const n = lookup.lit[node + '/' + seg]
    return n === void 0 ? -1 : n
  }

  /** The route ending at `node` for method `m` ('*': any method), or -1. */
  function routeEnd(node: number, m: string): number {
    if (kids !== null) {
      const k = (ends[node] || (ends[node] = entriesUnder(sorted!.endKeys, sorted!.endRoutes, node + ' ')))[m]
      return k === void 0 ? -1 : k
    }
    if (lookup === null) return search(sorted!.endKeys, sorted!.endRoutes, node + ' ' + m)
    const k = lookup.end[node + ' ' + m]
    return k === void 0 ? -1 : k
  }

  // `void 0` rather than `undefined` below: on the njs engine `undefined` is a global lookup.
  // The per-node lookups are written out here rather than called (~800 instructions less per
  // request on QuickJS, which runs this warm).
  function walk(node: number, i: number): number {
    if (i === last) {
      let k: number
      if (kids !== null) {
        k = (ends[node] || (ends[node] = entriesUnder(sorted!.endKeys, sorted!.endRoutes, node + ' ')))[method]
        if (k === void 0) k = -1
      } else k = routeEnd(node, method)
      if (k < 0 && method === 'HEAD') k = routeEnd(node, 'GET')
      if (k < 0) k = routeEnd(node, '*')
      if (k >= 0) return k
      // null in a table, absent in a tree: no route ends here
      if (methodsAt(node) !== null) (allowFrom || (allowFrom = [])).push(node)
      return -1
    }
    const seg = segs[i]
    let lit: number
    const keyedKids = kids !== null ? kids[node] || keyKids(node) : null
    if (keyedKids !== null) {
      lit = keyedKids[seg]
      if (lit === void 0) lit = -1
    } else lit = litChild(node, seg)
    if (lit >= 0) {
      const found = walk(lit, i + 1)
      if (found >= 0) return found
    }
    for (let j = t.pfirst[node]; j !== void 0 && j >= 0; j = t.pnext[j]) {
      const mark = captured === null ? 0 : captured.length
      // (a table's pattern fields are Dicts, src/shared/dict.ts, read in place: this is the warm path)
      if ((pres !== null ? pres[j] : sorted!.pre.values[sorted!.pre.at[j]]) === null) {
        if (seg === '') continue
        ;(captured || (captured = [])).push(seg)
      } else {
        const m = regex(j).exec(seg)
        if (!m) continue
        if (captured === null) captured = []
        for (let k = 0; k < m.length; k++) captured.push(m[k] === void 0 ? '' : m[k])
      }
      const name = names !== null ? names[j] : sorted!.pname.values[sorted!.pname.at[j]]
      if (name !== null) (params || (params = {}))[name] = seg
      const found = walk(t.pnode[j], i + 1)
      if (found >= 0) return found
      captured!.length = mark
      if (name !== null) delete params![name]
    }
    return -1
  }

  function find(m: string, path: string): number {
    const key = hot !== null && path.length <= HOT_PATH_MAX ? m + ' ' + path : null
    if (key !== null) {
      const h = hot![key]
      if (h !== void 0) {
        const names: string[] | null = h[1]
        let p: Record<string, string> | null = null
        if (names !== null) {
          p = {}
          for (let i = 0; i < names.length; i++) p[names[i]] = h[2][i]
        }
        router.params = p
        // frozen: whoever hands them out copies them first (request.ts's `match`)
        router.captures = h[3]
        return h[0]
      }
    }
    segs = path.split('/')
    // segs[0] is the empty string before the leading slash; one trailing slash is ignored.
    last = segs.length
    if (last > 1 && segs[last - 1] === '') last--
    method = m
    captured = null
    params = null
    allowFrom = null
    const found = walk(0, 1)
    const from = allowFrom as number[] | null
    segs = NO_SEGMENTS
    allowFrom = null
    router.params = params
    router.captures = captured
    if (found >= 0) {
      // (written out, not a nested function: the njs engine makes every closure here per request)
      if (key !== null) {
        if (hotSize >= HOT_MAX) { hot = Object.create(null); hotSize = 0 }
        const p = router.params
        const c = router.captures as string[] | null
        let names: string[] | null = null
        let vals: string[] | null = null
        if (p !== null) {
          names = Object.keys(p)
          vals = []
          for (let i = 0; i < names.length; i++) vals.push(p[names[i]])
        }
        hot![key] = [found, names, vals, c === null ? null : Object.freeze(c.slice())]
        hotSize++
      }
      return found
    }
    if (from === null) return NOT_FOUND
    router.allow = allowed(methodsAt, from)
    return WRONG_METHOD
  }

  function match(m: string, path: string): RouteMatch<T> | WrongMethod | null {
    const k = find(m, path)
    if (k >= 0) return { route: routeAt(k), index: k, match: router.captures ? router.captures.slice() : [], params: router.params || {} }
    if (k === NOT_FOUND) return null
    return { route: null, allow: router.allow }
  }

  function routes(): { method: string; route: Route<T> }[] {
    const out: { method: string; route: Route<T> }[] = []
    const n = sorted !== null ? dictSize(sorted.rmethod) : keyed!.rmethod.length
    for (let i = 0; i < n; i++) out.push({ method: methodAt(i), route: routeAt(i) })
    return out
  }

  const router: Router<T> = { add, match, find, params, captures: null, allow: '', routeAt, pathAt, methodAt, routes, table: () => sorted || treeToTable(keyed!) }
  return router
}

function allowed(methodsAt: (node: number) => string | null, nodes: number[]): string {
  const seen: Record<string, boolean> = {}
  const out: string[] = []
  for (let i = 0; i < nodes.length; i++) {
    const keys = methodsAt(nodes[i])!.split(',')
    for (let j = 0; j < keys.length; j++) {
      const list = keys[j] === '*' ? METHODS : keys[j] === 'GET' ? ['GET', 'HEAD'] : [keys[j]]
      for (let k = 0; k < list.length; k++) {
        if (!seen[list[k]]) { seen[list[k]] = true; out.push(list[k]) }
      }
    }
  }
  return out.join(', ')
}
