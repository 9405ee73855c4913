/**
 * The route table: a tree of `/`-separated segments, built once when the module loads.
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
 */
import { HttpError } from '../http-error.ts'

export interface Route<T> {
  /** The pattern as declared, e.g. `/users/:id`. */
  path: string
  value: T
}

interface PatternChild<T> {
  source: string
  re: RegExp
  name: string | null
  node: Node<T>
}

interface Node<T> {
  literals: Record<string, Node<T>>
  patterns: PatternChild<T>[]
  /** Routes ending here, by method ('*' for any). */
  methods: Record<string, Route<T>> | null
}

export interface RouteMatch<T> {
  route: Route<T>
  match: string[]
  params: Record<string, string>
}

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

function newNode<T>(): Node<T> {
  return { literals: Object.create(null), patterns: [], methods: null }
}

/** Splits a path into segments; a trailing slash is ignored, `/` is no segments. */
export function splitPath(path: string): string[] {
  if (path === '/' || path === '') return []
  const parts = path.split('/')
  // parts[0] is the empty string before the leading slash
  const end = parts[parts.length - 1] === '' ? parts.length - 1 : parts.length
  return parts.slice(1, end)
}

const NAMED = /^:([A-Za-z_$][\w$]*)(?:\{(.+)\})?$/

function compilePattern(segment: string): { re: RegExp; name: string | null } {
  const named = NAMED.exec(segment)
  const name = named ? named[1] : null
  const source = named ? (named[2] || '[^/]+') : segment.slice(1)
  let re: RegExp
  try {
    re = new RegExp('^(?:' + source + ')$')
  } catch (e) {
    throw new Error(`tresty: bad pattern segment "${segment}": ${(e as Error).message}`)
  }
  return { re, name }
}

export interface Router<T> {
  add(method: string, path: string, value: T): void
  /** The route for method+path; `null` for an unknown path; throws a 405 HttpError (with `Allow`) when only the method is wrong. */
  match(method: string, path: string): RouteMatch<T> | null
  /** Every registered route, in declaration order. */
  routes(): { method: string; route: Route<T> }[]
}

export function createRouter<T>(): Router<T> {
  const root = newNode<T>()
  const all: { method: string; route: Route<T> }[] = []

  function add(method: string, path: string, value: T) {
    if (path.charAt(0) !== '/') throw new Error(`tresty: route path must start with "/": ${path}`)
    let node = root
    const segments = splitPath(path)
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i]
      if (seg.charAt(0) !== ':') {
        node = node.literals[seg] || (node.literals[seg] = newNode<T>())
        continue
      }
      let child: PatternChild<T> | null = null
      for (let j = 0; j < node.patterns.length; j++) {
        if (node.patterns[j].source === seg) child = node.patterns[j]
      }
      if (!child) {
        const p = compilePattern(seg)
        child = { source: seg, re: p.re, name: p.name, node: newNode<T>() }
        node.patterns.push(child)
      }
      node = child.node
    }
    const m = method.toUpperCase()
    if (!node.methods) node.methods = Object.create(null)
    if (node.methods![m]) throw new Error(`tresty: route ${m} ${path} is declared twice`)
    const route = { path, value }
    node.methods![m] = route
    all.push({ method: m, route })
  }

  function match(method: string, path: string): RouteMatch<T> | null {
    const segments = splitPath(path)
    const captured: string[] = []
    const params: Record<string, string> = {}
    // Nodes whose path matched but not the method, for the 405's Allow header.
    const allowFrom: Node<T>[] = []
    const found = walk(root, segments, 0, method, captured, params, allowFrom)
    if (found) return { route: found, match: captured, params }
    if (allowFrom.length === 0) return null
    throw HttpError(405, `Method ${method} not allowed on ${path}`, { Allow: allowed(allowFrom) })
  }

  return { add, match, routes: () => all }
}

function pick<T>(node: Node<T>, method: string): Route<T> | null {
  const m = node.methods!
  return m[method] || (method === 'HEAD' ? m.GET : undefined) || m['*'] || null
}

function walk<T>(node: Node<T>, segs: string[], i: number, method: string,
  captured: string[], params: Record<string, string>, allowFrom: Node<T>[]): Route<T> | null {
  if (i === segs.length) {
    if (!node.methods) return null
    const route = pick(node, method)
    if (!route) allowFrom.push(node)
    return route
  }
  const seg = segs[i]
  const lit = node.literals[seg]
  if (lit) {
    const found = walk(lit, segs, i + 1, method, captured, params, allowFrom)
    if (found) return found
  }
  const patterns = node.patterns
  for (let j = 0; j < patterns.length; j++) {
    const p = patterns[j]
    const m = p.re.exec(seg)
    if (!m) continue
    const mark = captured.length
    for (let k = 0; k < m.length; k++) captured.push(m[k] === undefined ? '' : m[k])
    if (p.name) params[p.name] = seg
    const found = walk(p.node, segs, i + 1, method, captured, params, allowFrom)
    if (found) return found
    captured.length = mark
    if (p.name) delete params[p.name]
  }
  return null
}

function allowed<T>(nodes: Node<T>[]): string {
  const seen: Record<string, boolean> = {}
  const out: string[] = []
  for (let i = 0; i < nodes.length; i++) {
    const keys = Object.keys(nodes[i].methods!)
    for (let j = 0; j < keys.length; j++) {
      const list = keys[j] === '*' ? METHODS : keys[j] === 'GET' ? ['GET', 'HEAD'] : [keys[j]]
      for (let k = 0; k < list.length; k++) {
        if (!seen[list[k]]) { seen[list[k]] = true; out.push(list[k]) }
      }
    }
  }
  return out.join(', ')
}
